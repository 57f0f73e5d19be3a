// Verification providers in the shape of argo-rollouts' metric providers: a provider starts a measurement
// for a plan and reports measurements over time until it decides or the deadline comes. This is the
// Prometheus one (interval sampling through the MetricsReader port); a Datadog query or an HTTP probe is
// another file with the same interface.
import type { MetricReading, PlannedQuery } from '../metrics/readings';
import { measure } from '../pipeline/measure';
import type { MetricsReader } from '../ports';
import type { VerificationMetric } from '../model/runbook';
import { parseDuration } from '../runbook/durations';
import { advance, atDeadline, classify, compileMetric, initialState, type MetricCheckState, type MetricSample } from './metricCheck';

/** Waits `ms` (a timer in production, a fake clock in tests). */
export type Sleep = (ms: number) => Promise<void>;

export interface ProviderRun {
  /** Absolute deadline in epoch ms, shared by every provider of the plan. */
  deadline: number;
  now(): number;
  sleep: Sleep;
  onSample?(metric: string, sample: MetricSample): void;
}

export interface VerificationProvider {
  readonly kind: string;
  run(run: ProviderRun): Promise<MetricCheckState[]>;
}

export interface PrometheusCheck {
  metric: VerificationMetric;
  query: PlannedQuery;
  /** The value at decision time. */
  baseline?: MetricReading;
}

function seconds(duration: string): number {
  const parsed = parseDuration(duration);
  return parsed.ok ? parsed.seconds : 0;
}

async function runOne(reader: MetricsReader | undefined, check: PrometheusCheck, run: ProviderRun): Promise<MetricCheckState> {
  const { metric } = check;
  let state = initialState(metric.name);
  const compiled = compileMetric(metric);
  if ('error' in compiled) return { ...state, status: 'unobservable', reason: compiled.error };
  const baseline = check.baseline?.kind === 'value' ? check.baseline.value : undefined;
  const intervalMs = Math.max(1, seconds(metric.interval)) * 1000;
  let next = run.now() + seconds(metric.initialDelay) * 1000;
  for (;;) {
    if (next > run.deadline) return atDeadline(metric, state);
    await run.sleep(Math.max(0, next - run.now()));
    const reading = (await measure(reader, [check.query]))[check.query.name];
    const sample = classify(compiled, reading, baseline, new Date(run.now()).toISOString());
    run.onSample?.(metric.name, sample);
    state = advance(metric, state, sample);
    if (state.status !== 'running') return state;
    next += intervalMs;
  }
}

/** Samples every metric on its own schedule, all under the one deadline. */
export function prometheusProvider(reader: MetricsReader | undefined, checks: readonly PrometheusCheck[]): VerificationProvider {
  return {
    kind: 'prometheus',
    run: (run) => Promise.all(checks.map((check) => runOne(reader, check, run))),
  };
}
