// The one shape check for audit records read back from JSON (audit log, history files, shared state):
// every field the typed AuditRecord promises is checked here, so no reader casts parsed JSON.
// Reasons name the field, never its value (a line may hold anything).
import type { Baseline, CheckResult } from '../verify/checks';
import { readDecisionInput } from './decisionInputShape';
import type { VerificationPlan, VerificationStep } from '../engine/plan';
import {
  METRIC_SAMPLE_VERDICTS, OUTCOMES, PLAN_MODES, VERIFICATION_STATUSES,
  type AuditAction, type AuditMetricCheck, type AuditRecord, type AuditTarget, type AuditVerification, type TargetRef,
} from '../model/audit';
import { VERIFICATION_CHECKS, type VerificationCheck, type VerificationMetric } from '../model/runbook';
import type { GuardrailId, Verdict, VerdictStatus } from '../model/verdict';

export type RecordRead = { ok: true; record: AuditRecord } | { ok: false; reason: string };

/** Every guardrail id a verdict may name (a new id in the union must be added here, or this fails to compile). */
const GUARDRAILS: Record<GuardrailId, true> = {
  targetExists: true, killSwitch: true, allowedNamespaces: true, requiredLabels: true, controllerOwner: true,
  blockingAnnotation: true, stateFreshness: true, rolloutInProgress: true, minimumReadyReplicasWithSameApp: true,
  podDisruptionBudget: true, cooldownMinutes: true, maxExecutionsPerHour: true, maxConcurrentActions: true,
  blastRadius: true, circuitBreaker: true, metricPreconditions: true,
  helmReleaseExists: true, helmReleaseNotPending: true, helmTargetRevision: true, maxMinutesSinceChange: true,
};
const VERDICT_STATUSES: readonly VerdictStatus[] = ['pass', 'fail', 'error', 'skip'];

class ShapeError extends Error {}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function object(v: unknown, at: string): Json {
  if (!isObject(v)) throw new ShapeError(`${at} must be an object`);
  return v;
}

function string(o: Json, key: string, at: string): string {
  const v = own(o, key);
  if (typeof v !== 'string') throw new ShapeError(`${at}${key} must be a string`);
  return v;
}

function optional<T>(o: Json, key: string, read: (o: Json, key: string) => T): { [k: string]: T } {
  return own(o, key) === undefined ? {} : { [key]: read(o, key) };
}

function time(o: Json, key: string, at = ''): string {
  const v = string(o, key, at);
  if (Number.isNaN(Date.parse(v))) throw new ShapeError(`${at}${key} is not a valid time`);
  return v;
}

function number(o: Json, key: string, at: string): number {
  const v = own(o, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(`${at}${key} must be a number`);
  return v;
}

function oneOf<T extends string>(o: Json, key: string, allowed: readonly T[], at: string): T {
  const v = own(o, key);
  const hit = allowed.find((a) => a === v);
  if (hit === undefined) throw new ShapeError(`${at}${key} must be one of ${allowed.join(', ')}`);
  return hit;
}

function list<T>(o: Json, key: string, at: string, item: (v: unknown, at: string) => T): T[] {
  const v = own(o, key);
  if (!Array.isArray(v)) throw new ShapeError(`${at}${key} must be a list`);
  return v.map((x, i) => item(x, `${at}${key}[${i}]`));
}

function target(v: unknown, at: string): AuditTarget {
  const o = object(v, at);
  const p = `${at}.`;
  return { namespace: string(o, 'namespace', p), kind: string(o, 'kind', p), name: string(o, 'name', p), ...optional(o, 'app', (x, k) => string(x, k, p)) };
}

function targetRef(v: unknown, at: string): TargetRef {
  const o = object(v, at);
  const p = `${at}.`;
  return { namespace: string(o, 'namespace', p), kind: string(o, 'kind', p), name: string(o, 'name', p) };
}

function verdict(v: unknown, at: string): Verdict {
  const o = object(v, at);
  const p = `${at}.`;
  const id = string(o, 'guardrail', p);
  if (!Object.prototype.hasOwnProperty.call(GUARDRAILS, id)) throw new ShapeError(`${p}guardrail is not a known guardrail`);
  return {
    guardrail: id as GuardrailId, // checked against GUARDRAILS just above
    status: oneOf(o, 'status', VERDICT_STATUSES, p), reason: string(o, 'reason', p),
    ...optional(o, 'evidence', (x, k) => object(own(x, k), `${p}${k}`)),
  };
}

function action(v: unknown): AuditAction {
  // Compact records written before the action was typed could carry `action: null`.
  if (v === null) return { type: 'unknown' };
  const o = object(v, 'action');
  return {
    type: string(o, 'type', 'action.'),
    ...optional(o, 'description', (x, k) => string(x, k, 'action.')),
    ...optional(o, 'details', (x, k) => object(own(x, k), `action.${k}`)),
  };
}

function check(o: Json, key: string, at: string): VerificationCheck {
  return oneOf(o, key, VERIFICATION_CHECKS, at);
}

function step(v: unknown, at: string): VerificationStep {
  const o = object(v, at);
  return { check: check(o, 'check', `${at}.`), description: string(o, 'description', `${at}.`) };
}

function plan(v: unknown): VerificationPlan {
  const at = 'verification.plan';
  const o = object(v, at);
  const e = object(own(o, 'expect'), `${at}.expect`);
  const ep = `${at}.expect.`;
  return {
    checks: list(o, 'checks', `${at}.`, step), timeoutSeconds: number(o, 'timeoutSeconds', `${at}.`),
    expect: {
      ...optional(e, 'desiredReplicas', (x, k) => number(x, k, ep)),
      ...optional(e, 'replacedPodUid', (x, k) => string(x, k, ep)),
      ...optional(e, 'pods', (x, k) => number(x, k, ep)),
    },
  };
}

function baseline(v: unknown): Baseline {
  const o = object(v, 'verification.baseline');
  const uids = list(o, 'podUids', 'verification.baseline.', (x, at) => {
    if (typeof x !== 'string') throw new ShapeError(`${at} must be a string`);
    return x;
  });
  return { podUids: uids, ...optional(o, 'generation', (x, k) => number(x, k, 'verification.baseline.')) };
}

function checkResult(v: unknown, at: string): CheckResult {
  const o = object(v, at);
  const ok = own(o, 'ok');
  if (typeof ok !== 'boolean') throw new ShapeError(`${at}.ok must be true or false`);
  return { check: check(o, 'check', `${at}.`), ok, detail: string(o, 'detail', `${at}.`) };
}

const METRIC_CHECK_STATUSES: readonly AuditMetricCheck['status'][] = ['not_run', 'running', ...VERIFICATION_STATUSES];

function metricSample(v: unknown, at: string): AuditMetricCheck['samples'][number] {
  const o = object(v, at);
  return {
    at: string(o, 'at', `${at}.`),
    ...optional(o, 'value', (x, k) => number(x, k, `${at}.`)),
    verdict: oneOf(o, 'verdict', METRIC_SAMPLE_VERDICTS, `${at}.`),
  };
}

const ON_NO_DATA: readonly VerificationMetric['onNoData'][] = ['inconclusive', 'fail'];

function count(o: Json, key: string, at: string): number {
  const v = number(o, key, at);
  if (!Number.isInteger(v) || v < 0) throw new ShapeError(`${at}${key} must be a whole number, 0 or more`);
  return v;
}

function verificationMetric(v: unknown, at: string): VerificationMetric {
  const o = object(v, at);
  const p = `${at}.`;
  return {
    name: string(o, 'name', p), query: string(o, 'query', p), successCondition: string(o, 'successCondition', p),
    ...optional(o, 'failureCondition', (x, k) => string(x, k, p)),
    initialDelay: string(o, 'initialDelay', p), interval: string(o, 'interval', p),
    count: count(o, 'count', p), failureLimit: count(o, 'failureLimit', p), inconclusiveLimit: count(o, 'inconclusiveLimit', p),
    onNoData: oneOf(o, 'onNoData', ON_NO_DATA, p),
  };
}

function metricCheck(v: unknown, at: string): AuditMetricCheck {
  const o = object(v, at);
  return {
    name: string(o, 'name', `${at}.`),
    status: oneOf(o, 'status', METRIC_CHECK_STATUSES, `${at}.`),
    ...optional(o, 'reason', (x, k) => string(x, k, `${at}.`)),
    ...optional(o, 'baseline', (x, k) => number(x, k, `${at}.`)),
    ...(own(o, 'metric') !== undefined ? { metric: verificationMetric(own(o, 'metric'), `${at}.metric`) } : {}),
    samples: list(o, 'samples', `${at}.`, metricSample),
  };
}

function verification(v: unknown): AuditVerification {
  const o = object(v, 'verification');
  const p = 'verification.';
  // Re-verifications written before the shape was settled kept the checks under `state`.
  const state = own(o, 'state');
  const checks = own(o, 'checks') !== undefined ? { checks: list(o, 'checks', p, checkResult) }
    : state !== undefined ? { checks: list(object(state, `${p}state`), 'checks', `${p}state.`, checkResult) } : {};
  const reverified = own(o, 'reverified');
  if (reverified !== undefined && typeof reverified !== 'boolean') throw new ShapeError(`${p}reverified must be true or false`);
  const read: AuditVerification = {
    ...(own(o, 'plan') !== undefined ? { plan: plan(own(o, 'plan')) } : {}),
    ...(own(o, 'workload') !== undefined ? { workload: targetRef(own(o, 'workload'), `${p}workload`) } : {}),
    ...(own(o, 'baseline') !== undefined ? { baseline: baseline(own(o, 'baseline')) } : {}),
    ...(own(o, 'status') !== undefined ? { status: oneOf(o, 'status', VERIFICATION_STATUSES, p) } : {}),
    ...optional(o, 'elapsedMs', (x, k) => number(x, k, p)),
    ...checks,
    ...optional(o, 'error', (x, k) => string(x, k, p)),
    ...(own(o, 'metrics') !== undefined ? { metrics: list(o, 'metrics', p, metricCheck) } : {}),
    ...(reverified !== undefined ? { reverified } : {}),
  };
  // A decision that did not act keeps only its verification metrics' baselines.
  if (read.plan === undefined && read.status === undefined && read.metrics === undefined) throw new ShapeError('verification has neither a plan, a status nor metrics');
  if (read.plan !== undefined && read.baseline === undefined) throw new ShapeError('verification.plan comes without verification.baseline');
  return read;
}

function record(v: unknown): AuditRecord {
  if (!isObject(v)) throw new ShapeError('an audit record is a JSON object');
  return {
    ...optional(v, 'id', (x, k) => string(x, k, '')),
    time: time(v, 'time'),
    incidentId: string(v, 'incidentId', ''),
    runbook: string(v, 'runbook', ''),
    target: target(own(v, 'target'), 'target'),
    mode: oneOf(v, 'mode', PLAN_MODES, ''),
    outcome: oneOf(v, 'outcome', OUTCOMES, ''),
    verdicts: list(v, 'verdicts', '', verdict),
    action: action(own(v, 'action')),
    actor: string(v, 'actor', ''),
    ...optional(v, 'startedAt', (x, k) => time(x, k)),
    ...optional(v, 'endedAt', (x, k) => time(x, k)),
    ...(own(v, 'verification') !== undefined ? { verification: verification(own(v, 'verification')) } : {}),
    ...optional(v, 'message', (x, k) => string(x, k, '')),
    // Older records have none; a damaged one is kept as `{ unreadable }` rather than losing the record.
    ...(own(v, 'decisionInput') !== undefined ? { decisionInput: readDecisionInput(own(v, 'decisionInput')) } : {}),
  };
}

/** Checks parsed JSON against the typed audit record; `reason` names the first field that does not fit. */
export function readAuditRecord(value: unknown): RecordRead {
  try {
    return { ok: true, record: record(value) };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, reason: err.message };
    throw err;
  }
}
