// Sends a decision to the channels that must hear about it: the runbook's escalation channel for the
// kind (guardrail trouble or verification trouble; the default channel for alerts no runbook answers),
// and, when the incident is closed (verified, resolved), a resolve to every channel that heard a trigger.
import type { Plan } from '../engine/plan';
import type { AuditRecord } from '../model/audit';
import type { Runbook } from '../model/runbook';
import { notificationFor, type Notification, type NotificationKind } from '../notify/notification';
import { channelFor } from '../notify/route';

export type SendResult = 'queued' | 'duplicate' | 'not wanted';

/** The notification outbox as serve sees it (durable: `send` resolves once the item is on disk). */
export interface Escalator {
  channels: Readonly<Record<string, { notifyVerified?: boolean }>>;
  defaultChannel?: string;
  send(channel: string, n: Notification): Promise<SendResult>;
  /** Channels this process sent a trigger for the incident. */
  channelsNotified(incidentId: string): string[];
}

export interface EscalationOutcome {
  /** Channels that were sent a trigger (they get the resolve later). */
  triggered: string[];
  /** One line per channel for the log: "pagerduty-p1 queued". */
  sent: string[];
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/**
 * Escalates one record. `alsoResolve`: channels known (from the shared ledger) to have heard a trigger
 * for this incident, from any replica. A send failure (the outbox file) is raised: the caller must not
 * mark the incident done without its escalation on disk.
 */
export async function escalate(escalator: Escalator | undefined, record: AuditRecord, plan: Plan | undefined, runbook: Runbook | undefined,
  alsoResolve: readonly string[] = [], kind?: NotificationKind): Promise<EscalationOutcome> {
  const out: EscalationOutcome = { triggered: [], sent: [] };
  if (!escalator) return out;
  const n = notificationFor(record, plan, kind);
  if (!n) return out;
  const named = channelFor(n.kind, runbook?.spec.escalation, escalator);
  const send = async (channel: string, notification: Notification) => {
    const result = await escalator.send(channel, notification);
    out.sent.push(`${channel} ${result}`);
    if (notification.event === 'trigger' && result !== 'not wanted') out.triggered.push(channel);
    return result;
  };
  const namedResult = named !== undefined ? await send(named, n) : undefined;
  if (n.event === 'resolve') {
    // Channels that heard a trigger are closed too, whether or not they take `verified` notices.
    const resolved: Notification = { ...n, kind: 'resolved' };
    for (const channel of unique([...escalator.channelsNotified(n.incident.id), ...alsoResolve])) {
      if ((channel !== named || namedResult === 'not wanted') && Object.prototype.hasOwnProperty.call(escalator.channels, channel)) await send(channel, resolved);
    }
  }
  return out;
}
