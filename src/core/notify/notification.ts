// What a channel is told about one decision, taken from the audit record (what happened) and, when at
// hand, the plan (the decision sentence, what would be or was done). Every payload builder reads this.
import type { Plan } from '../engine/plan';
import type { AuditAction, AuditRecord, AuditTarget, Outcome, PlanMode } from '../model/audit';
import type { Incident } from '../model/incident';
import type { Verdict } from '../model/verdict';

/** Why a human hears about it; `verified` only for channels that ask (notifyVerified). */
export type NotificationKind =
  | 'abort' | 'manual' | 'suggest' | 'approval_request' | 'verification_failed' | 'inconclusive' | 'error' | 'verified' | 'resolved';

/** `trigger` opens (or updates) the incident on the channel; `resolve` closes it. */
export type NotificationEvent = 'trigger' | 'resolve';
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = ['trigger', 'resolve'];

/** The plan in a few fields a human reads: what is (or was) done, how it is checked, how it is undone. */
export interface PlanSummary {
  action: string;
  /** The equivalent kubectl command, for reading only. */
  equivalentCommand: string;
  verification: string[];
  timeoutSeconds: number;
  rollback: string;
}

export interface Notification {
  kind: NotificationKind;
  event: NotificationEvent;
  incident: Pick<Incident, 'id'> & Partial<Omit<Incident, 'id'>>;
  runbook: string;
  target: AuditTarget;
  mode: PlanMode;
  outcome: Outcome;
  /** The decision sentence (the plan's), else the record's message. */
  decision: string;
  /** Why this outcome, in one sentence (the record's message). */
  reason: string;
  verdicts: Verdict[];
  action: AuditAction;
  plan?: PlanSummary;
  time: string;
}

/** Which notification a record calls for, or undefined when it calls for none (dry runs, the executed step). */
export function notificationKind(record: AuditRecord): NotificationKind | undefined {
  if (record.verification?.status === 'unobservable') return 'inconclusive';
  switch (record.outcome) {
    case 'verified': return 'verified';
    case 'verification_failed':
    case 'rolled_back': return 'verification_failed';
    case 'verification_inconclusive': return 'inconclusive';
    case 'error': return 'error';
    case 'approval_pending': return 'approval_request';
    case 'suggested': return 'suggest';
    case 'blocked': return record.mode === 'manual' ? 'manual' : 'abort';
    case 'dry_run':
    case 'shadowed':
    case 'executed': return undefined;
  }
}

/** Whether a channel gets this kind: everything that needs a human; verified actions only when asked. */
export function channelWants(kind: NotificationKind, channel: { notifyVerified?: boolean }): boolean {
  return kind !== 'verified' || channel.notifyVerified === true;
}

export function planSummary(plan: Plan): PlanSummary {
  return {
    action: plan.action.description,
    equivalentCommand: plan.action.equivalentCommand,
    verification: plan.verification.checks.map((c) => c.description),
    timeoutSeconds: plan.verification.timeoutSeconds,
    rollback: plan.rollback.description,
  };
}

/**
 * The notification for a record (and its plan, when the caller has it). `kind` defaults to what the
 * record calls for; pass `resolved` when the alert stopped firing. Verified and resolved close the incident.
 */
export function notificationFor(record: AuditRecord, plan?: Plan, kind?: NotificationKind): Notification | undefined {
  const k = kind ?? notificationKind(record);
  if (k === undefined) return undefined;
  const reason = record.message ?? plan?.modeReason ?? '';
  return {
    kind: k,
    event: k === 'verified' || k === 'resolved' ? 'resolve' : 'trigger',
    incident: plan ? { ...plan.incident } : { id: record.incidentId },
    runbook: record.runbook,
    target: record.target,
    mode: record.mode,
    outcome: record.outcome,
    decision: plan?.sentence ?? reason,
    reason,
    verdicts: record.verdicts,
    action: { type: record.action.type, ...(record.action.description !== undefined ? { description: record.action.description } : {}) },
    ...(plan ? { plan: planSummary(plan) } : {}),
    time: record.time,
  };
}

/** The same notification always has the same key, so enqueueing it twice sends it once. */
export function notificationKey(channel: string, n: Pick<Notification, 'incident' | 'runbook' | 'target' | 'kind' | 'event' | 'outcome'>): string {
  const t = n.target;
  return JSON.stringify([channel, n.incident.id, n.runbook, t.namespace, t.kind, t.name, n.event, n.kind, n.outcome]);
}
