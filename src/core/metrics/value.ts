// From a query result to the one number a condition compares: verification and preconditions need a single
// series, and treat "nothing measurable" (empty vector, NaN, ±Inf) as no data rather than as a value.
import { MetricsError, type MetricQueryResult } from '../ports';

export type SingleValue =
  | { kind: 'value'; value: number; labels: Readonly<Record<string, string>> }
  | { kind: 'no_data'; reason: 'empty' | 'nan' | 'infinite'; value?: number };

const SHOWN_SERIES = 3;

function seriesText(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/** The single value of `result`; several series are a MetricsError('multiple_series') naming some of them. */
export function singleValue(result: MetricQueryResult, name: string): SingleValue {
  let value: number;
  let labels: Readonly<Record<string, string>> = {};
  if (result.kind === 'no_data') return { kind: 'no_data', reason: 'empty' };
  if (result.kind === 'scalar') {
    value = result.value;
  } else {
    if (result.samples.length === 0) return { kind: 'no_data', reason: 'empty' };
    if (result.samples.length > 1) {
      const series = result.samples.map((s) => s.labels);
      const shown = series.slice(0, SHOWN_SERIES).map(seriesText).join(', ');
      const more = series.length > SHOWN_SERIES ? ` and ${series.length - SHOWN_SERIES} more` : '';
      throw new MetricsError(
        `query "${name}" returned ${series.length} series (${shown}${more}); it must return one: aggregate it, e.g. with sum(...)`,
        'multiple_series', { series });
    }
    value = result.samples[0].value;
    labels = result.samples[0].labels;
  }
  if (Number.isNaN(value)) return { kind: 'no_data', reason: 'nan', value };
  if (!Number.isFinite(value)) return { kind: 'no_data', reason: 'infinite', value };
  return { kind: 'value', value, labels };
}
