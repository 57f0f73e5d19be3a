// Verification metrics in the pipeline: baselines measured right before acting, then the Kubernetes watch
// and the Prometheus provider run side by side under the one deadline of the runbook, and their verdicts
// combine: verified only when both pass; a failure anywhere fails; otherwise unobservable, then inconclusive.
import type { Plan } from '../engine/plan';
import type { AuditMetricCheck } from '../model/audit';
import type { Runbook } from '../model/runbook';
import { verificationQueries, type MetricReading } from '../metrics/readings';
import type { ClusterReader, MetricsReader } from '../ports';
import type { Baseline } from '../verify/checks';
import type { MetricCheckState, MetricSample } from '../verify/metricCheck';
import { prometheusProvider, type PrometheusCheck, type Sleep } from '../verify/metricProvider';
import { measure } from './measure';
import { verifyLive, type VerificationOutcome } from './verifyLive';

/**
 * The checks of the runbook's verification metrics for `plan`, each with its baseline: the values measured
 * at decision time when given (what the dry run and the confirmation showed), else measured now.
 */
export async function prepareMetricChecks(reader: MetricsReader | undefined, runbook: Runbook, plan: Plan,
  measured?: Readonly<Record<string, MetricReading>>): Promise<PrometheusCheck[]> {
  const metrics = runbook.spec.verification.metrics ?? [];
  if (metrics.length === 0) return [];
  const queries = verificationQueries(runbook, plan);
  const baselines = measured ?? await measure(reader, queries);
  return metrics.map((metric, i) => ({ metric, query: queries[i], baseline: baselines[metric.name] }));
}

/** A decision that does not act (dry run, blocked, pending approval) records the baselines it showed. */
export function decisionMetrics(plan: Plan): AuditMetricCheck[] | undefined {
  const rows = (plan.metricChecks ?? []).filter((r) => r.kind === 'verification');
  if (rows.length === 0) return undefined;
  return rows.map((r) => ({ name: r.name, status: 'not_run', ...(r.baseline !== undefined ? { baseline: r.baseline } : {}), samples: [] }));
}

function auditSample(s: MetricSample): AuditMetricCheck['samples'][number] {
  return { at: s.at, ...(s.value !== undefined && Number.isFinite(s.value) ? { value: s.value } : {}), verdict: s.verdict };
}

/**
 * What the audit record keeps: baselines and the metrics as checked (before: the executed record), then
 * each metric's verdict and bounded samples (after).
 */
export function auditMetrics(checks: readonly PrometheusCheck[], states?: readonly MetricCheckState[]): AuditMetricCheck[] {
  return checks.map((c, i) => {
    const state = states?.[i];
    const baseline = c.baseline?.kind === 'value' ? { baseline: c.baseline.value } : {};
    const metric = !states && c.query.ok ? { metric: { ...c.metric, query: c.query.query } } : {};
    return {
      name: c.metric.name, status: state?.status ?? 'running', ...(state?.reason !== undefined ? { reason: state.reason } : {}), ...baseline,
      ...metric, samples: (state?.samples ?? []).map(auditSample),
    };
  });
}

/** Told of every verification sample as it is taken (the editor's panel draws them live). */
export type MetricCheckObserver = (metric: string, sample: MetricSample) => void;

export interface CombinedVerification {
  status: 'verified' | 'failed' | 'unobservable' | 'inconclusive';
  cluster: VerificationOutcome;
  metrics: MetricCheckState[];
}

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function verifyWithMetrics(reader: ClusterReader, metricsReader: MetricsReader | undefined, plan: Plan, baseline: Baseline,
  checks: readonly PrometheusCheck[], options: { now: () => number; sleep?: Sleep; onProgress?: (text: string) => void; onSample?: MetricCheckObserver }): Promise<CombinedVerification> {
  const deadline = options.now() + plan.verification.timeoutSeconds * 1000;
  const provider = prometheusProvider(metricsReader, checks);
  const [cluster, metrics] = await Promise.all([
    verifyLive(reader, plan, baseline, options.onProgress),
    checks.length === 0 ? Promise.resolve([]) : provider.run({
      deadline, now: options.now, sleep: options.sleep ?? realSleep,
      onSample: (name, s) => {
        options.onSample?.(name, s);
        options.onProgress?.(`${name}: ${s.value ?? 'no value'} → ${s.verdict} (${s.detail})`);
      },
    }),
  ]);
  const statuses = [cluster.status, ...metrics.map((m) => m.status)];
  const status = statuses.includes('failed') ? 'failed' : statuses.includes('unobservable') ? 'unobservable'
    : statuses.every((s) => s === 'verified') ? 'verified' : 'inconclusive';
  return { status, cluster, metrics };
}
