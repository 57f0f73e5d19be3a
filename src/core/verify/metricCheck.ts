// One verification metric as a pure state machine (the shape of argo-rollouts' analysis): each sample is
// classified, counted, and the check ends verified, failed, inconclusive or unobservable. No timers and no
// I/O here; the provider (metricProvider.ts) takes the samples and feeds them in.
import { compileCondition, type CompiledCondition } from '../metrics/condition';
import type { MetricReading } from '../metrics/readings';
import type { VerificationMetric } from '../model/runbook';

export type SampleVerdict = 'success' | 'failure' | 'inconclusive' | 'no_data' | 'error';
export type MetricCheckStatus = 'running' | 'verified' | 'failed' | 'inconclusive' | 'unobservable';

export interface MetricSample {
  /** ISO time of the sample. */
  at: string;
  value?: number;
  verdict: SampleVerdict;
  /** What the verdict counted as (no data counts per onNoData). */
  countedAs: 'success' | 'failure' | 'inconclusive' | 'error';
  detail: string;
}

export interface MetricCheckState {
  name: string;
  status: MetricCheckStatus;
  successStreak: number;
  failures: number;
  inconclusive: number;
  consecutiveErrors: number;
  /** The most recent samples, at most MAX_KEPT_SAMPLES (the audit record stays bounded). */
  samples: MetricSample[];
  /** Samples taken in all, including those no longer kept. */
  taken: number;
  reason?: string;
}

/** Consecutive errors (HTTP error, unreachable, timeout) after which the metric is unobservable. */
export const MAX_CONSECUTIVE_ERRORS = 3;
export const MAX_KEPT_SAMPLES = 50;

export interface CompiledMetric {
  metric: VerificationMetric;
  success: CompiledCondition;
  failure?: CompiledCondition;
}

/** The metric with its conditions compiled (they were checked when the runbook was validated). */
export function compileMetric(metric: VerificationMetric): CompiledMetric | { error: string } {
  const success = compileCondition(metric.successCondition);
  if (!success.ok) return { error: `${metric.name}: successCondition: ${success.problem.message}` };
  if (metric.failureCondition === undefined) return { metric, success: success.condition };
  const failure = compileCondition(metric.failureCondition);
  if (!failure.ok) return { error: `${metric.name}: failureCondition: ${failure.problem.message}` };
  return { metric, success: success.condition, failure: failure.condition };
}

export function initialState(name: string): MetricCheckState {
  return { name, status: 'running', successStreak: 0, failures: 0, inconclusive: 0, consecutiveErrors: 0, samples: [], taken: 0 };
}

/** Classifies one reading against the conditions; `baseline` is the value at decision time, if there was one. */
export function classify(check: CompiledMetric, reading: MetricReading, baseline: number | undefined, at: string): MetricSample {
  if (reading.kind === 'error') return { at, verdict: 'error', countedAs: 'error', detail: reading.message };
  if (reading.kind === 'no_data') {
    const countedAs = check.metric.onNoData === 'fail' ? 'failure' : 'inconclusive';
    return { at, verdict: 'no_data', countedAs, detail: `no data (${reading.reason}), counted as ${countedAs === 'failure' ? 'a failure' : 'inconclusive'}` };
  }
  const value = reading.value;
  const values = baseline === undefined ? { result: value } : { result: value, baseline };
  // A condition that cannot be evaluated (say, baseline had no data) proves nothing either way.
  const failed = check.failure?.evaluate(values);
  if (failed && !failed.ok) return { at, value, verdict: 'inconclusive', countedAs: 'inconclusive', detail: failed.error };
  if (failed?.ok && failed.value) return { at, value, verdict: 'failure', countedAs: 'failure', detail: `${check.metric.failureCondition} holds` };
  const passed = check.success.evaluate(values);
  if (!passed.ok) return { at, value, verdict: 'inconclusive', countedAs: 'inconclusive', detail: passed.error };
  if (passed.value) return { at, value, verdict: 'success', countedAs: 'success', detail: `${check.metric.successCondition} holds` };
  return check.failure
    ? { at, value, verdict: 'inconclusive', countedAs: 'inconclusive', detail: `neither ${check.metric.successCondition} nor ${check.metric.failureCondition}` }
    : { at, value, verdict: 'failure', countedAs: 'failure', detail: `${check.metric.successCondition} does not hold` };
}

/** The state after one more sample; a finished state does not change. */
export function advance(metric: VerificationMetric, state: MetricCheckState, sample: MetricSample): MetricCheckState {
  if (state.status !== 'running') return state;
  const next: MetricCheckState = {
    ...state,
    samples: [...state.samples, sample].slice(-MAX_KEPT_SAMPLES),
    taken: state.taken + 1,
    consecutiveErrors: sample.countedAs === 'error' ? state.consecutiveErrors + 1 : 0,
    // Only consecutive successes prove recovery: anything else starts the count again.
    successStreak: sample.countedAs === 'success' ? state.successStreak + 1 : 0,
    failures: state.failures + (sample.countedAs === 'failure' ? 1 : 0),
    inconclusive: state.inconclusive + (sample.countedAs === 'inconclusive' ? 1 : 0),
  };
  if (next.failures > metric.failureLimit) {
    return { ...next, status: 'failed', reason: `${next.failures} failed sample${next.failures === 1 ? '' : 's'}, more than failureLimit ${metric.failureLimit} (last: ${sample.detail})` };
  }
  if (next.inconclusive > metric.inconclusiveLimit) {
    return { ...next, status: 'inconclusive', reason: `${next.inconclusive} inconclusive samples, more than inconclusiveLimit ${metric.inconclusiveLimit} (last: ${sample.detail})` };
  }
  if (next.consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
    return { ...next, status: 'unobservable', reason: `${next.consecutiveErrors} samples in a row could not be taken: ${sample.detail}` };
  }
  if (sample.countedAs !== 'error' && next.successStreak >= metric.count) {
    return { ...next, status: 'verified', reason: `${next.successStreak} consecutive successful sample${next.successStreak === 1 ? '' : 's'} (count ${metric.count})` };
  }
  return next;
}

/** The state when the verification deadline comes first: inconclusive (or unobservable while erroring). */
export function atDeadline(metric: VerificationMetric, state: MetricCheckState): MetricCheckState {
  if (state.status !== 'running') return state;
  if (state.consecutiveErrors > 0) {
    return { ...state, status: 'unobservable', reason: `the deadline came while samples could not be taken: ${state.samples.at(-1)?.detail ?? ''}` };
  }
  const taken = `${state.taken} sample${state.taken === 1 ? '' : 's'}`;
  return { ...state, status: 'inconclusive', reason: `the deadline came after ${taken}, with ${state.successStreak} of ${metric.count} consecutive successes` };
}
