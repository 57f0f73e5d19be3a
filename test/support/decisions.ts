// Audit records of real engine decisions, made the way the pipeline makes them (decide, then record with
// the slice of state the decision read), for replay and report tests and fixtures.
import { auditRecordFor } from '../../src/core/audit/record';
import { decisionContext, decideTarget } from '../../src/core/engine/decide';
import type { Plan } from '../../src/core/engine/plan';
import type { ClusterSnapshot } from '../../src/core/k8s/types';
import type { AuditRecord, Outcome, TargetRef } from '../../src/core/model/audit';
import type { Incident } from '../../src/core/model/incident';
import type { Runbook } from '../../src/core/model/runbook';
import type { MetricValues } from '../../src/core/metrics/readings';
import { decisionInputFor } from '../../src/core/replay/slice';

export interface DecisionOptions {
  now: Date;
  id: string;
  history?: AuditRecord[];
  incident?: Incident;
  metrics?: MetricValues;
  /** Default: what the pipeline records for the mode when nothing is executed. */
  outcome?: Outcome;
}

const NOT_EXECUTED: Record<Plan['mode'], Outcome> = { abort: 'blocked', manual: 'blocked', suggest: 'suggested', approval_required: 'approval_pending', auto_execute: 'dry_run' };

/** The record (with its decision input) of deciding `ref` on `snapshot`, and the plan. */
export function recordDecision(runbook: Runbook, snapshot: ClusterSnapshot, ref: TargetRef, o: DecisionOptions): { record: AuditRecord; plan: Plan } {
  const ctx = decisionContext({ runbook, snapshot, history: o.history ?? [], now: o.now, ...(o.metrics ? { metrics: o.metrics } : {}) });
  const plan = decideTarget(ctx, ref, o.incident);
  const record = auditRecordFor(plan, o.outcome ?? NOT_EXECUTED[plan.mode], { id: o.id, actor: 'test', time: o.now, decisionInput: decisionInputFor(ctx, plan, ref) });
  return { record, plan };
}

/** A follow-up record of the same attempt (verified, rolled back...): no decision input, as the pipeline writes it. */
export function followUp(first: AuditRecord, outcome: Outcome, time: Date, message: string = outcome): AuditRecord {
  const { decisionInput: _input, ...rest } = first;
  void _input;
  return { ...rest, outcome, time: time.toISOString(), endedAt: time.toISOString(), message };
}
