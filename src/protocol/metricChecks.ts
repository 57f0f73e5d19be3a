// The metric checks of a plan as the dry-run panel shows them (one row per precondition or verification
// metric), and the samples streamed while verifying, with runtime guards. Plain serialisable data.

export const SAMPLE_VERDICTS = ['success', 'failure', 'inconclusive', 'no_data', 'error'] as const;
export type SampleVerdictView = typeof SAMPLE_VERDICTS[number];

/** One verification sample: when, the value (absent for no data or an error), and what it counted as. */
export interface MetricSampleView {
  at: string;
  value?: number;
  verdict: SampleVerdictView;
  /** Why, in words ("result < 0.01 holds", "no data (...)"); only on samples streamed live. */
  detail?: string;
}

/** One metric check of the plan. */
export interface MetricCheckView {
  kind: 'precondition' | 'verification';
  name: string;
  /** The PromQL sent, with the target's names filled in. */
  query: string;
  /** The CEL condition(s), as the runbook states them. */
  condition: string;
  /** The live reading at decision time in words: "0.0123", "no data (...)", "error: ...", "not measured". */
  now: string;
  /** The same reading as a number, when it is one (the chart draws it). */
  nowValue?: number;
  /** Verification only: the value at decision time (`baseline` in the conditions). */
  baseline?: number;
  /** pass / fail / error for a precondition; not run / running / verified / failed / inconclusive / unobservable for a verification metric. */
  verdict: string;
  reason?: string;
  /** Verification only: samples taken so far, oldest first (bounded, as in the audit record). */
  samples: MetricSampleView[];
}

/** The largest number of samples a view carries (the audit record keeps at most 50 per metric). */
export const MAX_VIEW_SAMPLES = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = <T>(v: unknown, guard: (x: unknown) => x is T): boolean => v === undefined || guard(v);

export function isMetricSampleView(v: unknown): v is MetricSampleView {
  return isObject(v) && isString(v.at) && optional(v.value, isFiniteNumber)
    && isString(v.verdict) && (SAMPLE_VERDICTS as readonly string[]).includes(v.verdict) && optional(v.detail, isString);
}

export function isMetricCheckView(v: unknown): v is MetricCheckView {
  return isObject(v) && (v.kind === 'precondition' || v.kind === 'verification')
    && isString(v.name) && isString(v.query) && isString(v.condition) && isString(v.now) && optional(v.nowValue, isFiniteNumber)
    && optional(v.baseline, isFiniteNumber) && isString(v.verdict) && optional(v.reason, isString)
    && Array.isArray(v.samples) && v.samples.length <= MAX_VIEW_SAMPLES && v.samples.every(isMetricSampleView);
}

/** What the webview drew of the metric checks (reported back after each render, for tests). */
export interface MetricChecksDrawn {
  /** Per check: its name, the verdict and live value shown, and how many samples are drawn. */
  checks: { name: string; verdict: string; now: string; samples: number }[];
}

export function isMetricChecksDrawn(v: unknown): v is MetricChecksDrawn {
  return isObject(v) && Array.isArray(v.checks) && v.checks.length <= 1000 && v.checks.every((c) => isObject(c)
    && isString(c.name) && isString(c.verdict) && isString(c.now) && isFiniteNumber(c.samples));
}
