// Checks of the metric fields (guardrails.metricPreconditions, verification.metrics) that the schema cannot
// express: query templates, PromQL syntax (Prometheus's own grammar) and CEL conditions, each reported at its
// exact place inside the string value; and lint for checks that cannot fail.
import { compileCondition, type ConditionVariable } from '../metrics/condition';
import { checkPromQL } from '../metrics/promql';
import { checkTemplate } from '../metrics/template';
import type { Runbook } from '../model/runbook';
import { diagnostic } from './diagnostics';
import { parseDuration } from './durations';
import type { Diagnostic, Range, Severity } from './types';

type Path = (string | number)[];

/** Where metric diagnostics point; the Locator of a parsed document implements it. */
export interface SpanFinder {
  valueRange(path: Path): Range;
  valueSpanRange(path: Path, from: number, to: number): Range;
}

const PRECONDITION_VARIABLES: readonly ConditionVariable[] = ['result'];
const VERIFICATION_VARIABLES: readonly ConditionVariable[] = ['result', 'baseline'];

class Collector {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly at: SpanFinder) {}
  span(code: string, message: string, path: Path, from: number, to: number, severity: Severity = 'error'): void {
    this.diagnostics.push(diagnostic(severity, 'metrics', code, message, this.at.valueSpanRange(path, from, to), path));
  }
  value(code: string, message: string, path: Path, severity: Severity = 'error'): void {
    this.diagnostics.push(diagnostic(severity, 'metrics', code, message, this.at.valueRange(path), path));
  }
}

function checkQuery(out: Collector, query: string, path: Path): void {
  const template = checkTemplate(query);
  for (const p of template.problems) out.span('metric-template', p.message, path, p.from, p.to);
  // A misplaced placeholder is also a PromQL syntax error; one message for one mistake.
  if (template.problems.length > 0) return;
  const syntax = checkPromQL(query);
  if (syntax) out.span('promql-syntax', syntax.message, path, syntax.from, syntax.to);
}

/** Compiles a condition; reports its error, or a lint warning when it is constant (cannot change with the data). */
function checkCondition(out: Collector, source: string, path: Path, variables: readonly ConditionVariable[], constantMeans: (value: boolean) => string | undefined): void {
  const compiled = compileCondition(source, variables);
  if (!compiled.ok) {
    out.span('cel-error', compiled.problem.message, path, compiled.problem.from, compiled.problem.to);
    return;
  }
  if (compiled.condition.uses.size > 0) return;
  const outcome = compiled.condition.evaluate({ result: 0 });
  const warning = outcome.ok ? constantMeans(outcome.value) : undefined;
  if (warning) out.value('metric-condition-constant', warning, path, 'warning');
}

function checkDuration(out: Collector, value: string, path: Path): number | undefined {
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    out.value('metric-duration', parsed.message, path);
    return undefined;
  }
  return parsed.seconds;
}

function checkNames(out: Collector, names: readonly string[], path: Path): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) out.value('metric-duplicate-name', `the name "${name}" is used twice in this list; each check needs its own name`, [...path, index, 'name']);
    seen.add(name);
  });
}

/** Samples the provider can take before the deadline: at the initial delay, then every interval. */
function samplesBefore(timeout: number, delay: number, interval: number): number {
  return Math.floor((timeout - delay) / interval) + 1;
}

/** Errors (which make the runbook invalid) and, with `lint`, warnings for the metric fields. */
export function metricDiagnostics(runbook: Runbook, at: SpanFinder, lint = true): Diagnostic[] {
  const out = new Collector(at);
  const preconditions = runbook.spec.guardrails.metricPreconditions ?? [];
  const prePath: Path = ['spec', 'guardrails', 'metricPreconditions'];
  checkNames(out, preconditions.map((p) => p.name), prePath);
  preconditions.forEach((p, i) => {
    checkQuery(out, p.query, [...prePath, i, 'query']);
    checkCondition(out, p.condition, [...prePath, i, 'condition'], PRECONDITION_VARIABLES, (value) => value
      ? `the condition "${p.condition}" is always true, so this precondition can never block the action; compare result, e.g. result > 0.05`
      : `the condition "${p.condition}" is always false, so this runbook can never act`);
  });
  const metrics = runbook.spec.verification.metrics ?? [];
  const verPath: Path = ['spec', 'verification', 'metrics'];
  const timeout = runbook.spec.verification.timeoutSeconds;
  checkNames(out, metrics.map((m) => m.name), verPath);
  metrics.forEach((m, i) => {
    const path = [...verPath, i];
    checkQuery(out, m.query, [...path, 'query']);
    // With a failureCondition, a sample fails through it first; an always-true success then means "anything else passes".
    checkCondition(out, m.successCondition, [...path, 'successCondition'], VERIFICATION_VARIABLES, (value) => value
      ? m.failureCondition === undefined
        ? `the successCondition "${m.successCondition}" is always true, so this check cannot fail; compare result, e.g. result < 0.01`
        : `the successCondition "${m.successCondition}" is always true, so every sample the failureCondition lets through passes; compare result, e.g. result < 0.01`
      : `the successCondition "${m.successCondition}" is always false, so this check can never pass`);
    if (m.failureCondition !== undefined) {
      checkCondition(out, m.failureCondition, [...path, 'failureCondition'], VERIFICATION_VARIABLES, (value) => value
        ? `the failureCondition "${m.failureCondition}" is always true, so every sample fails`
        : `the failureCondition "${m.failureCondition}" is always false, so no sample can fail; remove it or compare result`);
    }
    const delay = checkDuration(out, m.initialDelay, [...path, 'initialDelay']);
    const interval = checkDuration(out, m.interval, [...path, 'interval']);
    if (interval === 0) out.value('metric-duration', 'the interval must be longer than 0s', [...path, 'interval']);
    if (!lint) return;
    if (m.count === 0) {
      out.value('metric-count-zero', 'count 0 needs no successful sample, so this check cannot fail; the issue example uses 3', [...path, 'count'], 'warning');
    }
    if (interval !== undefined && interval > timeout) {
      out.value('metric-interval-exceeds-timeout', `interval ${m.interval} is longer than verification.timeoutSeconds ${timeout}, so at most one sample is taken before the deadline`, [...path, 'interval'], 'warning');
    }
    if (delay !== undefined && delay >= timeout) {
      out.value('metric-delay-exceeds-timeout', `initialDelay ${m.initialDelay} is not shorter than verification.timeoutSeconds ${timeout}, so no sample is taken before the deadline`, [...path, 'initialDelay'], 'warning');
    }
    const fit = delay !== undefined && interval !== undefined && interval > 0 && delay < timeout ? samplesBefore(timeout, delay, interval) : undefined;
    if (fit !== undefined && m.failureLimit >= fit) {
      out.value('metric-failure-limit-unreachable', `failureLimit ${m.failureLimit} tolerates every sample that fits in verification.timeoutSeconds ${timeout} (at most ${fit}), so this check cannot fail`, [...path, 'failureLimit'], 'warning');
    }
  });
  return lint ? out.diagnostics : out.diagnostics.filter((d) => d.severity === 'error');
}
