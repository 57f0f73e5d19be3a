// A person's label change (opt a workload in or out, mark or unmark a pod for restart) is audited like
// every action: one record, built here, through the same path (sinks, Events, shared state).
// It is not an engine decision: no runbook, no verdicts, mode manual (replay leaves it out).
import type { AuditRecord, Outcome, TargetRef } from '../model/audit';
import type { AccessReviewer, Clock, LabelWriter } from '../ports';
import { writeAuditRecord, type AuditPath } from './auditPath';

/** The runbook name a label change is recorded under (no runbook can be named so: names are DNS labels). */
export const LABEL_CHANGE_RUNBOOK = '(label)';
export const LABEL_ACTION_TYPE = 'label';

export interface LabelChange {
  /** A Pod, Deployment or StatefulSet. */
  target: TargetRef;
  key: string;
  /** true: set `key=true`; false: remove the label. */
  set: boolean;
}

export function labelChangeDescription(change: LabelChange): string {
  const { target, key, set } = change;
  return `${set ? 'set' : 'remove'} label ${key}${set ? '=true' : ''} on ${target.kind} ${target.namespace}/${target.name}`;
}

export interface LabelRecordExtras {
  id: string;
  actor: string;
  /** When the change was asked and when the API server answered. */
  startedAt: Date;
  time: Date;
  outcome: Extract<Outcome, 'verified' | 'error'>;
  message: string;
}

/** The audit record of a label change, in the shape of an action's record (src/core/audit/record.ts). */
export function labelChangeRecord(change: LabelChange, extras: LabelRecordExtras): AuditRecord {
  const { namespace, kind, name } = change.target;
  return {
    id: extras.id,
    time: extras.time.toISOString(),
    incidentId: 'none',
    runbook: LABEL_CHANGE_RUNBOOK,
    target: { namespace, kind, name },
    mode: 'manual',
    outcome: extras.outcome,
    verdicts: [],
    action: { type: LABEL_ACTION_TYPE, description: labelChangeDescription(change) },
    actor: extras.actor,
    startedAt: extras.startedAt.toISOString(),
    endedAt: extras.time.toISOString(),
    message: extras.message,
  };
}

export interface LabelChangeDeps extends AuditPath {
  labels: LabelWriter;
  access: AccessReviewer;
  clock: Clock;
  newId(): string;
}

export interface LabelChangeResult {
  record: AuditRecord;
  /** Sinks or the shared state that could not take the record (it reached the others). */
  warnings: string[];
}

/**
 * Applies the change and records it. A change the API server refuses is recorded as `error` and the
 * error is thrown again, so the caller says it once.
 */
export async function applyLabelChange(change: LabelChange, deps: LabelChangeDeps, origin: string): Promise<LabelChangeResult> {
  const startedAt = deps.clock.now();
  const id = deps.newId();
  const actor = await deps.access.whoAmI();
  const description = labelChangeDescription(change);
  let failure: unknown;
  try {
    await deps.labels.setLabel(change.target, change.key, change.set ? 'true' : undefined);
  } catch (err) {
    failure = err;
  }
  const message = failure === undefined ? `${description}: accepted by the API server (${origin})`
    : `${description}: refused (${origin}): ${failure instanceof Error ? failure.message : String(failure)}`;
  const record = labelChangeRecord(change, { id, actor, startedAt, time: deps.clock.now(), outcome: failure === undefined ? 'verified' : 'error', message });
  const warnings = await writeAuditRecord(record, deps);
  if (failure !== undefined) throw failure;
  return { record, warnings };
}
