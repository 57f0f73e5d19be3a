// The plan's metric check rows (src/core/metrics/checkRows.ts: decided with the values the decision read,
// baselines included) as the protocol's plain views for the dry-run panel. Nothing here measures or
// decides: a precondition's verdict is the guardrail's, a verification metric's status the pipeline's.
import type { MetricCheckRow } from '../../../core/metrics/checkRows';
import { readingText, rowVerdict } from '../../../core/metrics/checkRows';
import type { MetricReading } from '../../../core/metrics/readings';
import type { MetricSample } from '../../../core/verify/metricCheck';
import { MAX_VIEW_SAMPLES, type MetricCheckView, type MetricSampleView } from '../../../protocol/metricChecks';

function numeric(reading: MetricReading | undefined): number | undefined {
  return reading?.kind === 'value' && Number.isFinite(reading.value) ? reading.value : undefined;
}

function sampleView(s: { at: string; value?: number; verdict: MetricSampleView['verdict']; detail?: string }): MetricSampleView {
  return { at: s.at, ...(s.value !== undefined && Number.isFinite(s.value) ? { value: s.value } : {}), verdict: s.verdict, ...(s.detail !== undefined ? { detail: s.detail } : {}) };
}

/** A sample as the pipeline's observer reports it, for the panel. */
export function liveSampleView(s: MetricSample): MetricSampleView {
  return sampleView(s);
}

export function metricCheckViews(rows: readonly MetricCheckRow[] | undefined): MetricCheckView[] | undefined {
  if (!rows || rows.length === 0) return undefined;
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
