// Metric values as the decision reads them: a number, or why there is none. Live runs query Prometheus
// before deciding and pass readings; a runbook test's `metrics:` and simulate's --metrics pass plain numbers.
import type { Runbook } from '../model/runbook';
import type { TargetRef } from '../model/audit';
import { substitute, type TemplateValues } from './template';

export type MetricReading =
  | { kind: 'value'; value: number; query?: string }
  /** The query answered, but with nothing measurable (empty vector, NaN, ±Inf). */
  | { kind: 'no_data'; reason: string; query?: string }
  /** The query could not be run or answered (no Prometheus configured, unreachable, several series, template). */
  | { kind: 'error'; message: string; query?: string };

/** By metric name (a precondition's `name`). */
export type MetricValues = Readonly<Record<string, number | MetricReading>>;

export function readingOf(value: number | MetricReading | undefined): MetricReading | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') return value;
  return Number.isFinite(value) ? { kind: 'value', value } : { kind: 'no_data', reason: `the value is ${value}` };
}

/** The names a query template's placeholders stand for, from what a plan acts on. */
export interface PlanTarget {
  target: TargetRef;
  /** The Deployment or StatefulSet of a pod target. */
  workload?: TargetRef;
  app?: string;
}

export function templateValues(plan: PlanTarget): TemplateValues {
  // The workload the plan acts on or whose pod it acts on: ${DEPLOYMENT} or ${STATEFULSET} by its kind,
  // ${WORKLOAD} whatever the kind (one runbook template for both).
  const workload = plan.target.kind === 'Deployment' || plan.target.kind === 'StatefulSet' ? plan.target
    : plan.workload?.kind === 'Deployment' || plan.workload?.kind === 'StatefulSet' ? plan.workload : undefined;
  return {
    NAMESPACE: plan.target.namespace,
    ...(plan.app !== undefined ? { APP: plan.app } : {}),
    ...(workload?.kind === 'Deployment' ? { DEPLOYMENT: workload.name } : {}),
    ...(workload?.kind === 'StatefulSet' ? { STATEFULSET: workload.name } : {}),
    ...(workload ? { WORKLOAD: workload.name } : {}),
    ...(plan.target.kind === 'Pod' ? { POD_NAME: plan.target.name } : {}),
  };
}

/** One query a plan needs, with its template filled in for the target, or why it cannot be. */
export type PlannedQuery =
  | { name: string; ok: true; query: string }
  | { name: string; ok: false; message: string };

function planned(p: { name: string; query: string }, values: TemplateValues): PlannedQuery {
  const s = substitute(p.query, values);
  return s.ok ? { name: p.name, ok: true, query: s.query } : { name: p.name, ok: false, message: `cannot build the query: ${s.problem.message}` };
}

/** The precondition queries to run before deciding for `plan` (none when the runbook has none). */
export function preconditionQueries(runbook: Runbook, plan: PlanTarget): PlannedQuery[] {
  const values = templateValues(plan);
  return (runbook.spec.guardrails.metricPreconditions ?? []).map((p) => planned(p, values));
}

/** The verification metric queries for `plan` (their baselines are measured at decision time). */
export function verificationQueries(runbook: Runbook, plan: PlanTarget): PlannedQuery[] {
  const values = templateValues(plan);
  return (runbook.spec.verification.metrics ?? []).map((m) => planned(m, values));
}

/** Key of a target in per-target readings (a scan decides many targets from one snapshot). */
export function targetKey(ref: TargetRef): string {
  return `${ref.namespace}/${ref.kind}/${ref.name}`;
}
