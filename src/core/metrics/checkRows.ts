// One row per metric check of a plan, for display: the CLI's table, `--json`, the dry-run panel and the
// approval payload all show these rows, so none of them re-derives a metric's value or verdict. Pure: the
// readings were measured before (src/core/pipeline/measure.ts) and the verdicts decided by the guardrail.
import type { AuditRecord, AuditMetricCheck } from '../model/audit';
import type { Runbook, VerificationMetric } from '../model/runbook';
import type { Verdict, VerdictStatus } from '../model/verdict';
import { preconditionQueries, readingOf, verificationQueries, type MetricReading, type MetricValues, type PlanTarget, type PlannedQuery } from './readings';

/**
 * One metric check, as shown. The field names are a contract with every renderer (CLI text and JSON,
 * the editor's dry-run panel): add fields, never rename them.
 *
 * - `kind`: `precondition` (spec.guardrails.metricPreconditions) or `verification` (spec.verification.metrics).
 * - `name`: the check's `name` in the runbook.
 * - `query`: the PromQL sent, with the target's names filled in; the template as written when it could not be filled.
 * - `condition`: the CEL text: a precondition's `condition`; a verification metric's `successCondition`,
 *   followed by "; fails when <failureCondition>" when it has one.
 * - `now`: the live reading at decision time (a value, no data, or why it could not be read); for a
 *   re-verification, the latest sample. Undefined when nothing was measured (an offline simulation).
 * - `baseline`: verification only: the value at decision time, which conditions name `baseline`.
 * - `verdict`: preconditions only: what the decision made of the reading (`fail` blocks, `error` aborts).
 * - `status`, `reason`: verification only, once verification ran: its outcome and why.
 * - `samples`: verification only, once verification ran: the samples taken (bounded), oldest first.
 */
export interface MetricCheckRow {
  kind: 'precondition' | 'verification';
  name: string;
  query: string;
  condition: string;
  now: MetricReading | undefined;
  baseline?: number;
  verdict?: Extract<VerdictStatus, 'pass' | 'fail' | 'error'>;
  status?: AuditMetricCheck['status'];
  reason?: string;
  samples?: AuditMetricCheck['samples'];
}

export interface MetricCheckInputs {
  /** Precondition readings by name: what the decision read. */
  preconditions?: MetricValues;
  /** Verification metric readings at decision time, by name: their baselines. */
  baselines?: MetricValues;
  /** Verification metric readings taken later (a re-verification's first sample), by name; default: `baselines`. */
  now?: MetricValues;
  /** The plan's verdicts: a precondition's verdict is read from the metricPreconditions evidence. */
  verdicts?: readonly Verdict[];
  /** Verification results so far (status, reason, samples), by name; their recorded baselines win. */
  results?: readonly AuditMetricCheck[];
}

function verificationCondition(m: VerificationMetric): string {
  return m.failureCondition !== undefined ? `${m.successCondition}; fails when ${m.failureCondition}` : m.successCondition;
}

type PreconditionStatus = NonNullable<MetricCheckRow['verdict']>;

/** What the metricPreconditions guardrail decided for each precondition, by name. */
function preconditionVerdicts(verdicts: readonly Verdict[] | undefined): Map<string, PreconditionStatus> {
  const found = new Map<string, PreconditionStatus>();
  const evidence = verdicts?.find((v) => v.guardrail === 'metricPreconditions')?.evidence?.preconditions;
  if (!Array.isArray(evidence)) return found;
  for (const item of evidence as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, status } = item as { name?: unknown; status?: unknown };
    if (typeof name === 'string' && (status === 'pass' || status === 'fail' || status === 'error')) found.set(name, status);
  }
  return found;
}

function queryText(planned: PlannedQuery | undefined, written: string, reading: MetricReading | undefined): string {
  if (planned?.ok) return planned.query;
  return reading?.query ?? written;
}

/** Rows for every metric check of the runbook for `plan`, preconditions first, in the runbook's order. */
export function metricCheckRows(runbook: Runbook, plan: PlanTarget, inputs: MetricCheckInputs = {}): MetricCheckRow[] {
  const decided = preconditionVerdicts(inputs.verdicts);
  const preconditions = runbook.spec.guardrails.metricPreconditions ?? [];
  const pQueries = preconditions.length > 0 ? preconditionQueries(runbook, plan) : [];
  const rows: MetricCheckRow[] = preconditions.map((p, i) => {
    const now = readingOf(inputs.preconditions?.[p.name]);
    const verdict = decided.get(p.name);
    return {
      kind: 'precondition', name: p.name, query: queryText(pQueries[i], p.query, now), condition: p.condition, now,
      ...(verdict !== undefined ? { verdict } : {}),
    };
  });
  const metrics = runbook.spec.verification.metrics ?? [];
  const vQueries = metrics.length > 0 ? verificationQueries(runbook, plan) : [];
  const results = new Map((inputs.results ?? []).map((r) => [r.name, r]));
  for (const [i, m] of metrics.entries()) {
    const baselineReading = readingOf(inputs.baselines?.[m.name]);
    const now = readingOf(inputs.now?.[m.name]) ?? baselineReading;
    const result = results.get(m.name);
    const baseline = result?.baseline ?? (baselineReading?.kind === 'value' ? baselineReading.value : undefined);
    rows.push({
      kind: 'verification', name: m.name, query: queryText(vQueries[i], m.query, now), condition: verificationCondition(m),
      now,
      ...(baseline !== undefined ? { baseline } : {}),
      ...(result ? { status: result.status, ...(result.reason !== undefined ? { reason: result.reason } : {}), samples: result.samples } : {}),
    });
  }
  return rows;
}

/** The latest sample as a reading ("now" once verification ran); undefined before the first sample. */
function lastSample(samples: AuditMetricCheck['samples'], query: string): MetricReading | undefined {
  const last = samples.at(-1);
  if (!last) return undefined;
  if (last.value !== undefined && Number.isFinite(last.value)) return { kind: 'value', value: last.value, query };
  if (last.verdict === 'error') return { kind: 'error', message: `the sample at ${last.at} could not be taken`, query };
  return { kind: 'no_data', reason: `the sample at ${last.at} had no data`, query };
}

/**
 * The rows with verification results merged in (status, reason, samples; the recorded baseline wins), for
 * showing a plan's rows again after its verification ran.
 */
export function rowsWithResults(rows: readonly MetricCheckRow[], results: readonly AuditMetricCheck[]): MetricCheckRow[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  return rows.map((row) => {
    const result = row.kind === 'verification' ? byName.get(row.name) : undefined;
    if (!result) return row;
    return {
      ...row, now: lastSample(result.samples, row.query) ?? row.now, ...(result.baseline !== undefined ? { baseline: result.baseline } : {}),
      status: result.status, ...(result.reason !== undefined ? { reason: result.reason } : {}), samples: result.samples,
    };
  });
}

/**
 * The verification rows of an audit record (a re-verification, or the records after an action), from
 * what the record carries: the metrics as checked on the executed record, else just name and verdict.
 */
export function recordMetricRows(record: AuditRecord, executed?: AuditRecord): MetricCheckRow[] {
  const checked = new Map((executed?.verification?.metrics ?? record.verification?.metrics ?? []).map((m) => [m.name, m.metric]));
  return (record.verification?.metrics ?? []).map((m) => {
    const metric = m.metric ?? checked.get(m.name);
    const row: MetricCheckRow = {
      kind: 'verification', name: m.name, query: metric?.query ?? '', condition: metric ? verificationCondition(metric) : '', now: undefined,
    };
    return rowsWithResults([row], [m])[0];
  });
}

/** True when the runbook has any metric check (only then do plans and records carry rows). */
export function hasMetricChecks(runbook: Runbook): boolean {
  return (runbook.spec.guardrails.metricPreconditions ?? []).length > 0 || (runbook.spec.verification.metrics ?? []).length > 0;
}

/** Enough digits to compare with a threshold: 0, 0.0123, 12.5, 1.20e-7. */
export function numberText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 0.01 && abs < 1e6 ? String(Number(value.toFixed(abs < 1 ? 4 : 2))) : value.toPrecision(3);
}

/** A reading in words: "0.0123", "no data (the query returned no series)", "error: ...", "not measured". */
export function readingText(reading: MetricReading | undefined): string {
  if (!reading) return 'not measured';
  if (reading.kind === 'value') return numberText(reading.value);
  if (reading.kind === 'no_data') return `no data (${reading.reason})`;
  return `error: ${reading.message}`;
}

/** What a row's verdict column says: a precondition's verdict, a verification metric's status, or "—". */
export function rowVerdict(row: MetricCheckRow): string {
  if (row.kind === 'precondition') return row.verdict ?? '—';
  return row.status ?? 'not run';
}
