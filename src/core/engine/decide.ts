import { ACTIONS, isActionType } from '../actions';
import { guardrailsWith } from '../guardrails';
import { lookupRelease } from '../helm/lookup';
import { DEFAULT_SETTINGS, type EngineSettings, type Guardrail, type ResolvedTarget } from '../guardrails/types';
import { SnapshotIndex, revision } from '../k8s/snapshotIndex';
import type { ClusterSnapshot } from '../k8s/types';
import type { AuditRecord, TargetRef } from '../model/audit';
import type { Incident } from '../model/incident';
import { replicatedWorkload } from '../k8s/workload';
import type { Runbook } from '../model/runbook';
import type { GuardrailId, Verdict } from '../model/verdict';
import { targetKey, type MetricValues } from '../metrics/readings';
import { hasMetricChecks, metricCheckRows } from '../metrics/checkRows';
import { planAction, planRollback, planVerification } from './actionPlan';
import { HistoryView } from './history';
import { RunState } from './runState';
import { chooseMode, matchTrigger } from './mode';
import type { Plan } from './plan';
import { planSentence } from './sentence';
import { currentState } from './state';
import { isMarkedForRestart, restartIncident } from './incident';
import { markedPods, resolveTarget } from './targets';

/**
 * Metric values by name, for metric preconditions: plain numbers (a runbook test's `metrics:`, simulate's
 * --metrics) or readings of a live query, which may carry why there is no value (a typed error or no data).
 */
export type { MetricReading, MetricValues } from '../metrics/readings';

/** Everything a decision reads, indexed once and shared by every target of a run. */
export interface DecisionContext {
  runbook: Runbook;
  index: SnapshotIndex;
  history: HistoryView;
  now: Date;
  settings: EngineSettings;
  guardrails: readonly Guardrail[];
  metrics: MetricValues;
  /** Per target (by targetKey of the resolved target): a scan measures each target's own queries. */
  targetMetrics: Readonly<Record<string, MetricValues>>;
  /** Verification metrics' values at decision time (their baselines), by name; per target like targetMetrics. */
  baselines: MetricValues;
  targetBaselines: Readonly<Record<string, MetricValues>>;
  /** `now` as ISO text, once for every plan of the run. */
  decidedAt: string;
}

export interface DecisionContextInput {
  runbook: Runbook;
  snapshot: ClusterSnapshot;
  history?: AuditRecord[];
  now: Date;
  settings?: Partial<EngineSettings>;
  guardrails?: readonly Guardrail[];
  metrics?: MetricValues;
  targetMetrics?: Readonly<Record<string, MetricValues>>;
  baselines?: MetricValues;
  targetBaselines?: Readonly<Record<string, MetricValues>>;
}

/** The guardrails the runbook's action type adds (none for a runbook object without a known action). */
function actionGuardrails(runbook: Runbook): readonly GuardrailId[] {
  const type: unknown = runbook?.spec?.action?.type;
  return isActionType(type) ? ACTIONS[type].guardrails ?? [] : [];
}

export function decisionContext(input: DecisionContextInput): DecisionContext {
  return {
    runbook: input.runbook,
    index: SnapshotIndex.of(input.snapshot),
    history: HistoryView.of(input.history ?? []),
    now: input.now,
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
    guardrails: input.guardrails ?? guardrailsWith(actionGuardrails(input.runbook)),
    metrics: input.metrics ?? {},
    targetMetrics: input.targetMetrics ?? {},
    baselines: input.baselines ?? {},
    targetBaselines: input.targetBaselines ?? {},
    // An invalid clock must not throw here: the time guardrails turn it into `error` verdicts (abort).
    decidedAt: Number.isFinite(input.now.getTime()) ? input.now.toISOString() : `invalid time (${String(input.now)})`,
  };
}

/** A pod marked with the restart label and no incident counts as a human's restart recommendation. */
export function incidentFor(ctx: DecisionContext, target: ResolvedTarget | undefined, given?: Incident): Incident {
  if (given) return given;
  const pod = target?.pod;
  if (pod && isMarkedForRestart(pod, ctx.settings.restartLabel)) return restartIncident(pod);
  return { id: 'none', symptom: 'none', confidence: 0 };
}

function evaluate(ctx: DecisionContext, target: ResolvedTarget, incident: Incident, run: RunState): Verdict[] {
  const metrics = ctx.targetMetrics[targetKey(target.ref)] ?? ctx.metrics;
  const input = { runbook: ctx.runbook, incident, target, index: ctx.index, history: ctx.history, now: ctx.now, settings: ctx.settings, run, metrics };
  return ctx.guardrails.map((g) => {
    try {
      return g.evaluate(input);
    } catch (err) {
      // A guardrail that cannot evaluate blocks: error is never treated as pass.
      return { guardrail: g.id, status: 'error', reason: `could not evaluate: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
}

function previousRevision(ctx: DecisionContext, target: ResolvedTarget): number | undefined {
  if (!target.deployment || !ACTIONS[ctx.runbook.spec.action.type].restoresRevision) return undefined;
  const revisions = ctx.index.replicaSetsOfDeployment(target.deployment).map(revision).filter((r) => r > 0);
  return revisions.length >= 2 ? revisions[1] : undefined;
}

/** Decides for one target. Pure: the same inputs always give the same plan. */
export function decideTarget(ctx: DecisionContext, ref: TargetRef, given?: Incident, run?: RunState): Plan {
  return decideResolved(ctx, ref, given, run ?? new RunState(ctx.index)).plan;
}

function decideResolved(ctx: DecisionContext, ref: TargetRef, given: Incident | undefined, run: RunState): { plan: Plan; target?: ResolvedTarget } {
  const runbook = ctx.runbook;
  const resolution = resolveTarget(ctx.index, ref, runbook.spec.action.type);
  const target: ResolvedTarget = resolution.ok ? resolution.target : { ref: resolution.ref };
  const helmWorkload = resolution.ok && ACTIONS[runbook.spec.action.type].readsHelmRelease ? replicatedWorkload(target) : undefined;
  if (helmWorkload) target.helm = lookupRelease(ctx.index.snapshot, { kind: helmWorkload.kind, metadata: helmWorkload.object.metadata });
  const incident = incidentFor(ctx, resolution.ok ? target : undefined, given);
  const exists: Verdict = resolution.ok
    ? { guardrail: 'targetExists', status: 'pass', reason: `${target.ref.kind} ${target.ref.name} exists in ${target.ref.namespace}`, evidence: { uid: target.pod?.metadata.uid ?? replicatedWorkload(target)?.object.metadata.uid } }
    : { guardrail: 'targetExists', status: resolution.status, reason: resolution.reason };
  const verdicts = resolution.ok ? [exists, ...evaluate(ctx, target, incident, run)] : [exists];
  const trigger = matchTrigger(runbook, incident);
  // A target that is gone or unusable aborts whatever the incident says: there is nothing safe to act on.
  const { mode, reason } = resolution.ok ? chooseMode(runbook, trigger, verdicts)
    : { mode: 'abort' as const, reason: `stale or unusable target: ${resolution.reason}` };
  const action = planAction(runbook, target, { previousRevision: previousRevision(ctx, target) });
  const verification = planVerification(runbook, target, action);
  const rollback = planRollback(runbook, action);
  const state = currentState(target);
  const owning = replicatedWorkload(target);
  const workloadRef = owning && target.ref.kind === 'Pod'
    ? { namespace: target.ref.namespace, kind: owning.kind, name: owning.object.metadata.name } : undefined;
  const escalation = {
    onGuardrailFailure: runbook.spec.escalation.onGuardrailFailure,
    onVerificationFailure: runbook.spec.escalation.onVerificationFailure,
    now: mode === 'abort' ? runbook.spec.escalation.onGuardrailFailure : mode === 'manual' ? 'page a human' : undefined,
  };
  const plan: Plan = {
    runbook: runbook.metadata.name, incident, target: target.ref, workload: workloadRef, app: target.app, mode, modeReason: reason,
    trigger, verdicts, action, verification, rollback, escalation, currentState: state,
    sentence: '', decidedAt: ctx.decidedAt, stateTakenAt: ctx.index.snapshot.takenAt,
  };
  plan.sentence = planSentence(plan, runbook);
  if (hasMetricChecks(runbook)) {
    const key = targetKey(target.ref);
    plan.metricChecks = metricCheckRows(runbook, plan, {
      preconditions: ctx.targetMetrics[key] ?? ctx.metrics, baselines: ctx.targetBaselines[key] ?? ctx.baselines, verdicts,
    });
  }
  if (mode === 'approval_required') {
    plan.approval = {
      runbook: plan.runbook, incidentId: incident.id, symptom: incident.symptom, probableCause: incident.probableCause,
      confidence: incident.confidence, target: target.ref, currentState: state, guardrails: verdicts, action, verification, rollback,
      ...(plan.metricChecks ? { metricChecks: plan.metricChecks } : {}),
    };
  }
  return { plan, target: resolution.ok ? target : undefined };
}

export interface ScanOptions {
  namespaces?: readonly string[];
  /** Modes that will really act in this run; they count toward concurrency and blast radius of later targets. */
  actingModes?: readonly Plan['mode'][];
}

/** Decides for several targets in order; earlier acting targets constrain later ones. */
export function decideTargets(ctx: DecisionContext, refs: readonly TargetRef[], incident?: Incident, options: ScanOptions = {}): Plan[] {
  const acting = options.actingModes ?? ['auto_execute'];
  const run = new RunState(ctx.index);
  return refs.map((ref) => {
    const { plan, target } = decideResolved(ctx, ref, incident, run);
    if (target && acting.includes(plan.mode)) run.add(target);
    return plan;
  });
}

/** The seed's scan: every pod carrying the restart label is a target. */
export function scanTargets(ctx: DecisionContext, namespaces?: readonly string[]): TargetRef[] {
  return markedPods(ctx.index, ctx.settings, namespaces).map((p) => ({ namespace: p.metadata.namespace ?? '', kind: 'Pod', name: p.metadata.name }));
}
