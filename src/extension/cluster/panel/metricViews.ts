// The plan's metric checks for the dry-run panel: the core's rows (src/core/metrics/checkRows.ts) with
// the values the decision read, turned into the protocol's plain views. Nothing here decides: a
// precondition's verdict is the guardrail's, a verification metric's status is the pipeline's.
import type { Plan } from '../../../core/engine/plan';
import { hasMetricChecks, metricCheckRows, readingText, rowVerdict, type MetricCheckRow } from '../../../core/metrics/checkRows';
import { preconditionQueries, verificationQueries, type MetricReading } from '../../../core/metrics/readings';
import type { AuditMetricCheck } from '../../../core/model/audit';
import type { Runbook } from '../../../core/model/runbook';
import { measure } from '../../../core/pipeline/measure';
import type { MetricsReader } from '../../../core/ports';
import type { MetricSample } from '../../../core/verify/metricCheck';
import { MAX_VIEW_SAMPLES, type MetricCheckView, type MetricSampleView } from '../../../protocol/metricChecks';

/** The precondition values the decision itself read (the guardrail's evidence), by name. */
function decidedValues(plan: Plan): Record<string, number> {
  const evidence = plan.verdicts.find((v) => v.guardrail === 'metricPreconditions')?.evidence?.preconditions;
  const found: Record<string, number> = {};
  if (!Array.isArray(evidence)) return found;
  for (const item of evidence as unknown[]) {
    const { name, value } = (item ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && typeof value === 'number') found[name] = value;
  }
  return found;
}

/**
 * Rows for a live plan: preconditions with the values decided on (measured again only where the decision
 * had none, to say why), verification metrics with their value now, which is the baseline an execution
 * right now would start from. `results`: what verification found, once it ran. Undefined without metric checks.
 */
export async function liveMetricRows(metrics: MetricsReader | undefined, runbook: Runbook, plan: Plan, results?: readonly AuditMetricCheck[]): Promise<MetricCheckRow[] | undefined> {
  if (!hasMetricChecks(runbook)) return undefined;
  const decided = decidedValues(plan);
  const unread = preconditionQueries(runbook, plan).filter((q) => decided[q.name] === undefined);
  const [preconditions, baselines] = await Promise.all([measure(metrics, unread), measure(metrics, verificationQueries(runbook, plan))]);
  return metricCheckRows(runbook, plan, {
    preconditions: { ...preconditions, ...decided }, baselines, verdicts: plan.verdicts, ...(results ? { results } : {}),
  });
}

function numeric(reading: MetricReading | undefined): number | undefined {
  return reading?.kind === 'value' && Number.isFinite(reading.value) ? reading.value : undefined;
}

export function sampleView(s: { at: string; value?: number; verdict: MetricSampleView['verdict']; detail?: string }): MetricSampleView {
  return { at: s.at, ...(s.value !== undefined && Number.isFinite(s.value) ? { value: s.value } : {}), verdict: s.verdict, ...(s.detail !== undefined ? { detail: s.detail } : {}) };
}

/** A sample as the pipeline's observer reports it, for the panel. */
export function liveSampleView(s: MetricSample): MetricSampleView {
  return sampleView(s);
}

export function metricCheckViews(rows: readonly MetricCheckRow[]): MetricCheckView[] {
  return rows.map((r) => {
    const now = numeric(r.now);
    return {
      kind: r.kind, name: r.name, query: r.query, condition: r.condition, now: readingText(r.now),
      ...(now !== undefined ? { nowValue: now } : {}),
      ...(r.baseline !== undefined && Number.isFinite(r.baseline) ? { baseline: r.baseline } : {}),
      verdict: rowVerdict(r), ...(r.reason !== undefined ? { reason: r.reason } : {}),
      samples: (r.samples ?? []).slice(-MAX_VIEW_SAMPLES).map(sampleView),
    };
  });
}

/** The verification results the execution recorded last (status, reason, baseline, samples), if it verified. */
export function recordedResults(records: readonly { verification?: { metrics?: AuditMetricCheck[] } }[]): AuditMetricCheck[] | undefined {
  return [...records].reverse().find((r) => r.verification?.metrics?.some((m) => m.status !== 'running'))?.verification?.metrics;
}

/** Rows after an execution verified: nothing measured again; a verification metric's "now" is its latest sample. */
export function executedMetricRows(runbook: Runbook, plan: Plan, results: readonly AuditMetricCheck[]): MetricCheckRow[] | undefined {
  if (!hasMetricChecks(runbook)) return undefined;
  const latest: Record<string, number> = {};
  for (const r of results) {
    const value = r.samples.at(-1)?.value;
    if (value !== undefined) latest[r.name] = value;
  }
  return metricCheckRows(runbook, plan, { preconditions: decidedValues(plan), now: latest, verdicts: plan.verdicts, results });
}

/** Rows for a simulated plan: no Prometheus is asked, so values show as not measured. */
export function simulatedMetricRows(runbook: Runbook, plan: Plan): MetricCheckRow[] | undefined {
  return hasMetricChecks(runbook) ? metricCheckRows(runbook, plan, { verdicts: plan.verdicts }) : undefined;
}
