// Runs the queries a plan needs (metric preconditions, verification metrics' baselines) through the
// MetricsReader port, before deciding:
// every outcome becomes a reading, so the pure decision sees a value, no data, or a typed error, and a
// Prometheus that is missing or down blocks the action instead of being skipped.
import { isMetricsError, type MetricsReader } from '../ports';
import { preconditionQueries, targetKey, verificationQueries, type MetricReading, type PlanTarget, type PlannedQuery } from '../metrics/readings';
import type { Runbook } from '../model/runbook';
import { singleValue } from '../metrics/value';

export const NO_PROMETHEUS = 'no Prometheus is configured (pass --prometheus-url URL or set REMEDIATOR_PROMETHEUS_URL)';

async function readOne(reader: MetricsReader | undefined, q: PlannedQuery, at?: Date): Promise<MetricReading> {
  if (!q.ok) return { kind: 'error', message: q.message };
  if (!reader) return { kind: 'error', message: NO_PROMETHEUS, query: q.query };
  try {
    const value = singleValue(await reader.query(q.query, at ? { time: at } : {}), q.name);
    return value.kind === 'value'
      ? { kind: 'value', value: value.value, query: q.query }
      : { kind: 'no_data', reason: value.reason === 'empty' ? 'the query returned no series' : `the value is ${value.value}`, query: q.query };
  } catch (err) {
    const message = isMetricsError(err) ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    return { kind: 'error', message, query: q.query };
  }
}

/** Readings by name, queried in parallel; never rejects. */
export async function measure(reader: MetricsReader | undefined, queries: readonly PlannedQuery[]): Promise<Record<string, MetricReading>> {
  const readings = await Promise.all(queries.map((q) => readOne(reader, q)));
  return Object.fromEntries(queries.map((q, i) => [q.name, readings[i]]));
}

/** What a decision reads from Prometheus: precondition values and verification baselines, by name. */
export interface PlanMeasurement {
  metrics: Record<string, MetricReading>;
  baselines: Record<string, MetricReading>;
}

/** Both kinds of reading for one plan's target, in parallel (names may repeat across the two kinds). */
export async function measurePlan(reader: MetricsReader | undefined, runbook: Runbook, plan: PlanTarget): Promise<PlanMeasurement> {
  const [metrics, baselines] = await Promise.all([
    measure(reader, preconditionQueries(runbook, plan)),
    measure(reader, verificationQueries(runbook, plan)),
  ]);
  return { metrics, baselines };
}

/** Per target (targetKey of each plan's target): a scan measures every target's own queries, in parallel. */
export async function measureTargets(reader: MetricsReader | undefined, runbook: Runbook, plans: readonly PlanTarget[]): Promise<{
  targetMetrics: Record<string, Record<string, MetricReading>>; targetBaselines: Record<string, Record<string, MetricReading>>;
}> {
  const measured = await Promise.all(plans.map((plan) => measurePlan(reader, runbook, plan)));
  return {
    targetMetrics: Object.fromEntries(plans.map((plan, i) => [targetKey(plan.target), measured[i].metrics])),
    targetBaselines: Object.fromEntries(plans.map((plan, i) => [targetKey(plan.target), measured[i].baselines])),
  };
}
