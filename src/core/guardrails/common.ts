import { isPodActionType } from '../actions';
// Shared pieces of the guardrail modules: verdict construction, the never-throw wrapper, the lookups
// several guardrails make (the owning workload, the history key), checked limits and date arithmetic.
import type { Deployment, ObjectMeta, StatefulSet, ReplicaSet } from '../k8s/types';
import { replicatedWorkload } from '../k8s/workload';
import type { AuditRecord } from '../model/audit';
import type { Action, Guardrails } from '../model/runbook';
import type { GuardrailId, Verdict, VerdictStatus } from '../model/verdict';
import { invalidLimit } from './limits';
import type { Guardrail, GuardrailContext, ResolvedTarget } from './types';

export type Evidence = Record<string, unknown>;

export function verdict(guardrail: GuardrailId, status: VerdictStatus, reason: string, evidence?: Evidence): Verdict {
  return evidence ? { guardrail, status, reason, evidence } : { guardrail, status, reason };
}

/** Builds a guardrail whose unexpected exceptions become `error` verdicts (never a pass). */
export function defineGuardrail(id: GuardrailId, evaluate: (ctx: GuardrailContext) => Verdict): Guardrail {
  return {
    id,
    evaluate(ctx) {
      try {
        return evaluate(ctx);
      } catch (err) {
        return verdict(id, 'error', `could not evaluate ${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

/** The object whose metadata stands for "the workload" of a target. */
export interface WorkloadMeta {
  kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet';
  object: Deployment | StatefulSet | ReplicaSet;
  metadata: ObjectMeta;
}

export type WorkloadLookup =
  | { status: 'found'; workload: WorkloadMeta }
  | { status: 'none'; reason: string }
  | { status: 'missing'; reason: string };

/**
 * The target's owning workload: the workload itself for Deployment and StatefulSet targets, otherwise the pod's
 * controller chain (ctx.target.owner). `missing` = the owner is referenced but not in the state.
 */
export function targetWorkload(target: ResolvedTarget): WorkloadLookup {
  if (target.ref.kind !== 'Pod') {
    const w = replicatedWorkload(target);
    return w ? { status: 'found', workload: { kind: w.kind, object: w.object, metadata: w.object.metadata } }
      : { status: 'missing', reason: `${target.ref.kind} ${target.ref.name} is not in the cluster state` };
  }
  if (!target.pod) return { status: 'missing', reason: `pod ${target.ref.name} is not in the cluster state` };
  const owner = target.owner;
  if (!owner) return { status: 'missing', reason: `the owner of pod ${target.ref.name} was not looked up` };
  if (owner.status !== 'found') return owner;
  const w = owner.workload;
  return { status: 'found', workload: { kind: w.kind, object: w.object, metadata: w.object.metadata } };
}

export function describeWorkload(w: WorkloadMeta): string {
  return `${w.kind} ${w.metadata.name}`;
}

export function describeTarget(target: ResolvedTarget): string {
  return `${target.ref.kind === 'Pod' ? 'pod' : target.ref.kind} ${target.ref.name}`;
}

/** "app=web in aiops-remediation-lab", or the target itself when it has no app label. */
export function describeApp(target: ResolvedTarget): string {
  return target.app !== undefined ? `app=${target.app} in ${target.ref.namespace}` : `${describeTarget(target)} in ${target.ref.namespace}`;
}

export function isPodAction(action: Action): boolean {
  return isPodActionType(action.type);
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** "10:07 UTC" */
export function utcClock(date: Date): string {
  return `${date.toISOString().slice(11, 16)} UTC`;
}

/** Whole minutes between two times, rounded down (0 for "under a minute"). */
export function minutesBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / 60_000);
}

/** "3 minutes ago"; a time after now (clocks that disagree) says so instead of "less than a minute ago". */
export function agoText(then: Date, now: Date): string {
  const ms = now.getTime() - then.getTime();
  if (ms < 0) return `at ${then.toISOString()}, ${plural(Math.ceil(-ms / 60_000), 'minute')} in the future (the clocks disagree)`;
  const m = minutesBetween(then, now);
  return m < 1 ? 'less than a minute ago' : `${plural(m, 'minute')} ago`;
}

// Date arithmetic for every time guardrail. A Date that is not valid (a clock gone wrong, a window so
// long that `now - window` leaves the representable range, a record time that does not parse) must
// never make a window empty and so let a guardrail pass: each helper here returns an `error` verdict
// for the guardrail instead.

export function isValidDate(date: Date): boolean {
  return Number.isFinite(date.getTime());
}

/** The `error` verdict when the clock's time is unusable, else undefined. */
export function invalidNow(id: GuardrailId, now: Date): Verdict | undefined {
  return isValidDate(now) ? undefined
    : verdict(id, 'error', `the current time (${String(now)}) is not a valid time, so ${id} cannot be evaluated`);
}

/** `date` moved by `minutes`, or undefined when the result is not a valid date. */
export function addMinutes(date: Date, minutes: number): Date | undefined {
  const moved = new Date(date.getTime() + minutes * 60_000);
  return isValidDate(moved) ? moved : undefined;
}

/** The start of a window of `minutes` ending now, or the `error` verdict when now or the start is not a valid time. */
export function windowStart(id: GuardrailId, now: Date, minutes: number): Date | Verdict {
  const bad = invalidNow(id, now);
  if (bad) return bad;
  const start = addMinutes(now, -minutes);
  return start ?? verdict(id, 'error', `a window of ${minutes} minutes before ${now.toISOString()} starts before any valid time, so ${id} cannot be evaluated`);
}

/** The latest and earliest valid record times (a loop: no argument spread over a huge history). */
export function timeRange(records: readonly AuditRecord[]): { earliest: Date; latest: Date } | undefined {
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const t = Date.parse(r.time);
    if (!Number.isFinite(t)) continue; // HistoryView hands out dated records only; undated ones are an error upstream.
    if (t < earliest) earliest = t;
    if (t > latest) latest = t;
  }
  return Number.isFinite(latest) ? { earliest: new Date(earliest), latest: new Date(latest) } : undefined;
}

// A configured limit must be a finite number within its bounds (GUARDRAIL_LIMITS); anything else cannot be evaluated.
export { invalidLimit };

type NumericGuardrail = 'minimumReadyReplicasWithSameApp' | 'maxExecutionsPerHour' | 'cooldownMinutes' | 'maxConcurrentActions' | 'maxMinutesSinceChange';

/** The runbook's numeric limit for a guardrail, or the verdict when it is unset (skip) or invalid (error). */
export function runbookLimit(ctx: GuardrailContext, id: NumericGuardrail, unset: string): number | Verdict {
  const value: Guardrails[NumericGuardrail] = ctx.runbook.spec.guardrails?.[id];
  if (value === undefined) return verdict(id, 'skip', unset);
  const invalid = invalidLimit(value, id);
  return invalid ? verdict(id, 'error', invalid) : value;
}

/** Cooldown, rate limit and circuit breaker share the key runbook + namespace + app. */
export function historyKeyOf(ctx: GuardrailContext): { runbook: string; namespace: string; app: string | undefined } {
  return { runbook: ctx.runbook.metadata.name, namespace: ctx.target.ref.namespace, app: ctx.target.app };
}

/** The replica count a scale action asks for from `current` (the scale descriptors' one function). */
export { scaleTo } from '../actions';
