// AuditSink that leaves a Kubernetes Event (events.k8s.io/v1) on the target, so `kubectl describe` and
// `kubectl events` show what Remediator did and why. A failed write throws a ClusterError; the caller
// decides (the record itself is kept by the other sinks).
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
  return safeLine(note.replace(/[ \t\r\n]+/g, ' ')).slice(0, NOTE_LIMIT);
}

export class KubeEventSink implements AuditSink {
  private readonly reportingInstance: string;
  private readonly clock: Clock;

  constructor(private readonly http: KubeHttp, options: EventSinkOptions = {}) {
    this.reportingInstance = (options.reportingInstance ?? `${os.hostname()}-${process.pid}`).slice(0, 128);
    this.clock = options.clock ?? systemClock;
  }

  async write(record: AuditRecord): Promise<void> {
    const { namespace, kind, name } = record.target;
    const actionType = (record.action as { type?: unknown } | null | undefined)?.type;
    const body = {
      apiVersion: 'events.k8s.io/v1', kind: 'Event',
      metadata: { name: `${name.slice(0, 200)}.${randomBytes(8).toString('hex')}`, namespace },
      eventTime: microTime(this.clock.now()),
      reportingController: REPORTING_CONTROLLER,
      reportingInstance: this.reportingInstance,
      action: (typeof actionType === 'string' ? actionType : 'Remediate').slice(0, 128),
      reason: eventReason(record.outcome),
      type: WARNINGS.includes(record.outcome) ? 'Warning' : 'Normal',
      note: eventNote(record),
      regarding: await this.regarding(namespace, kind, name, targetUidOf(record)),
    };
    await this.http.request('POST', collectionPath(EVENTS, namespace), { body });
  }

  /**
   * The object reference, with its uid (describe matches on it): the uid of the object the decision saw
   * when the record names one (no read: serve writes hundreds of Events a second), else the object's
   * uid now when it still exists.
   */
  private async regarding(namespace: string, kind: string, name: string, seenUid: string | undefined): Promise<Record<string, string>> {
    const type = KINDS[kind];
    const ref: Record<string, string> = { kind, name, namespace, ...(type ? { apiVersion: type.apiVersion } : {}) };
    if (!type) return ref;
    if (seenUid !== undefined) return { ...ref, uid: seenUid };
    try {
      const object = await this.http.get<KubeObject>(objectPath(type, namespace, name));
      return { ...ref, uid: object.metadata.uid ?? '', resourceVersion: object.metadata.resourceVersion ?? '' };
    } catch (err) {
      if (statusOf(err) === 404) return ref; // a deleted pod: the Event still names it
      throw err;
    }
  }
}
