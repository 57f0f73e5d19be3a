// AuditSink that leaves a Kubernetes Event (events.k8s.io/v1) on the target, so `kubectl describe` and
// `kubectl events` show what Remediator did and why. A failed write throws a ClusterError; the caller
// decides (the record itself is kept by the other sinks). The one-shot CLI verbs write each Event here,
// synchronously; serve queues them in coalescingEvents.ts, which builds its Events with the same helpers.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AuditRecord, Outcome } from '../../core/model/audit';
import { systemClock, type AuditSink, type Clock } from '../../core/ports';
import { targetUidOf } from '../../core/audit/record';
import { safeLine } from '../../core/text/safe';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { DEPLOYMENTS, EVENTS, PODS, STATEFUL_SETS, collectionPath, objectPath, type KubeObject, type ResourceType } from './resources';
import { microTime } from './support';

export const REPORTING_CONTROLLER = 'remediator.kubedojo.io/remediator';

const REASONS: Record<Outcome, string> = {
  dry_run: 'RemediationDryRun',
  suggested: 'RemediationSuggested',
  approval_pending: 'RemediationApprovalPending',
  blocked: 'RemediationBlocked',
  executed: 'RemediationExecuted',
  verified: 'RemediationVerified',
  verification_failed: 'RemediationVerificationFailed',
  rolled_back: 'RemediationRolledBack',
  verification_inconclusive: 'RemediationVerificationInconclusive',
  shadowed: 'RemediationShadowed',
  error: 'RemediationFailed',
};
const WARNINGS: readonly Outcome[] = ['blocked', 'verification_failed', 'rolled_back', 'verification_inconclusive', 'error'];
const KINDS: Record<string, ResourceType> = { Pod: PODS, Deployment: DEPLOYMENTS, StatefulSet: STATEFUL_SETS };
const NOTE_LIMIT = 1000;
/** The API server refuses a note longer than 1024 bytes (events.k8s.io/v1 validation counts UTF-8 bytes). */
const NOTE_BYTES = 1024;

export interface EventSinkOptions {
  /** Who wrote the Event (e.g. the host or the Job's pod); default `<hostname>-<pid>`. */
  reportingInstance?: string;
  clock?: Clock;
}

export function eventReason(outcome: Outcome): string {
  return REASONS[outcome] ?? 'Remediation';
}

/**
 * One line a service owner reads in `kubectl describe`: "runbook web-restart: executed (auto_execute) - ...".
 * Redacted (the message may quote an error) and escaped (kubectl prints the note raw to a terminal).
 */
export function eventNote(record: AuditRecord): string {
  const note = `runbook ${record.runbook}: ${record.outcome} (${record.mode}) by ${record.actor}${record.message ? ` - ${record.message}` : ''}`;
  return fitNote(safeLine(note.replace(/[ \t\r\n]+/g, ' ')));
}

/** At most NOTE_LIMIT UTF-16 units and NOTE_BYTES UTF-8 bytes, cut between code points (never half a pair). */
function fitNote(text: string): string {
  if (text.length <= NOTE_LIMIT && Buffer.byteLength(text) <= NOTE_BYTES) return text;
  let units = 0;
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch);
    if (units + ch.length > NOTE_LIMIT || bytes + b > NOTE_BYTES) break;
    units += ch.length;
    bytes += b;
    end += ch.length;
  }
  return text.slice(0, end);
}

export function eventType(outcome: Outcome): 'Normal' | 'Warning' {
  return WARNINGS.includes(outcome) ? 'Warning' : 'Normal';
}

/** The Event's `action`: the record's action type, else "Remediate" (the API requires one, at most 128 characters). */
export function eventAction(record: AuditRecord): string {
  const actionType = (record.action as { type?: unknown } | null | undefined)?.type;
  return (typeof actionType === 'string' ? actionType : 'Remediate').slice(0, 128);
}

/** `<hostname>-<pid>` unless given; the API allows 128 characters. */
export function reportingInstanceOf(options: Pick<EventSinkOptions, 'reportingInstance'>): string {
  return (options.reportingInstance ?? `${os.hostname()}-${process.pid}`).slice(0, 128);
}

/** What an Event says about its decisions, taken from the newest one (small: no state slice, no verdicts). */
export interface EventContent {
  namespace: string;
  name: string;
  action: string;
  reason: string;
  type: 'Normal' | 'Warning';
  note: string;
}

export function eventContent(record: AuditRecord): EventContent {
  return {
    namespace: record.target.namespace, name: record.target.name,
    action: eventAction(record), reason: eventReason(record.outcome), type: eventType(record.outcome), note: eventNote(record),
  };
}

/**
 * The events.k8s.io/v1 body. `series` only for two or more occurrences: the API requires
 * `series.count >= 2` and `series.lastObservedTime` with a series, and `eventTime` always.
 */
export function eventBody(content: EventContent, o: {
  eventTime: Date; reportingInstance: string; regarding: Record<string, string>; series?: { count: number; lastObservedTime: Date };
}): Record<string, unknown> {
  return {
    apiVersion: 'events.k8s.io/v1', kind: 'Event',
    metadata: { name: `${content.name.slice(0, 200)}.${randomBytes(8).toString('hex')}`, namespace: content.namespace },
    eventTime: microTime(o.eventTime),
    ...(o.series && o.series.count >= 2 ? { series: { count: o.series.count, lastObservedTime: microTime(o.series.lastObservedTime) } } : {}),
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: o.reportingInstance,
    action: content.action,
    reason: content.reason,
    type: content.type,
    note: content.note,
    regarding: o.regarding,
  };
}

/**
 * The object reference, with its uid (describe matches on it): the uid of the object the decision saw
 * when the record names one (no read: serve writes hundreds of Events a second), else the object's
 * uid now when it still exists.
 */
export async function regardingRef(http: KubeHttp, target: { namespace: string; kind: string; name: string }, seenUid: string | undefined): Promise<Record<string, string>> {
  const { namespace, kind, name } = target;
  const type = KINDS[kind];
  const ref: Record<string, string> = { kind, name, namespace, ...(type ? { apiVersion: type.apiVersion } : {}) };
  if (!type) return ref;
  if (seenUid !== undefined) return { ...ref, uid: seenUid };
  try {
    const object = await http.get<KubeObject>(objectPath(type, namespace, name));
    return { ...ref, uid: object.metadata.uid ?? '', resourceVersion: object.metadata.resourceVersion ?? '' };
  } catch (err) {
    if (statusOf(err) === 404) return ref; // a deleted pod: the Event still names it
    throw err;
  }
}

export class KubeEventSink implements AuditSink {
  private readonly reportingInstance: string;
  private readonly clock: Clock;

  constructor(private readonly http: KubeHttp, options: EventSinkOptions = {}) {
    this.reportingInstance = reportingInstanceOf(options);
    this.clock = options.clock ?? systemClock;
  }

  async write(record: AuditRecord): Promise<void> {
    const eventTime = this.clock.now();
    const content = eventContent(record);
    const regarding = await regardingRef(this.http, record.target, targetUidOf(record));
    const body = eventBody(content, { eventTime, reportingInstance: this.reportingInstance, regarding });
    await this.http.request('POST', collectionPath(EVENTS, content.namespace), { body });
  }
}
