import { isPodReady } from '../k8s/pods';
import type { Pod } from '../k8s/types';
import type { Verdict } from '../model/verdict';
import { actingWithSameApp, defineGuardrail, plural, runbookLimit, scaleTo, verdict } from './common';
import type { GuardrailContext } from './types';

const id = 'minimumReadyReplicasWithSameApp';

function readyPods(n: number): string {
  return plural(n, 'Ready pod');
}

/**
 * Ready pods (Ready condition True, not terminating) with the target's app label in its namespace,
 * the target included, minus pods this run is already replacing: two marked web pods must not both
 * pass against the same two Ready pods.
 */
function countReady(ctx: GuardrailContext, app: string): { ready: number; actingReady: number; counted: number } {
  const ns = ctx.target.ref.namespace;
  const ready = ctx.index.readyPodsWithApp(ns, app);
  const acting = new Set(actingWithSameApp(ctx).map((t) => t.pod).filter((p): p is Pod => p !== undefined && isPodReady(p))
    .map((p) => p.metadata.name));
  const actingReady = ready.filter((p) => acting.has(p.metadata.name)).length;
  return { ready: ready.length, actingReady, counted: ready.length - actingReady };
}

function evaluateScale(ctx: GuardrailContext, app: string, min: number, ready: number): Verdict {
  const dep = ctx.target.deployment;
  const current = dep?.spec?.replicas ?? 1;
  const next = scaleTo(ctx.runbook.spec.action, current);
  const where = `app=${app} in ${ctx.target.ref.namespace}`;
  const evidence = { app, ready, required: min, currentReplicas: current, newReplicas: next };
  if (next === undefined) return verdict(id, 'error', `cannot tell how many replicas the scale action asks for, so the floor of ${min} cannot be checked`, evidence);
  if (next >= current) {
    return verdict(id, 'pass', `scaling from ${current} to ${next} replicas removes no pods, so the floor of ${min} Ready pods with ${where} is not at risk`, evidence);
  }
  // Scaling down keeps at most `next` pods, and no more than are Ready now.
  const after = Math.min(ready, next);
  if (after < min) {
    return verdict(id, 'fail', `scaling from ${current} to ${next} replicas would leave at most ${readyPods(after)} with ${where}; the runbook needs ${min}`, { ...evidence, readyAfter: after });
  }
  return verdict(id, 'pass', `scaling from ${current} to ${next} replicas keeps up to ${readyPods(after)} with ${where}; the runbook needs ${min}`, { ...evidence, readyAfter: after });
}

/** The seed's replica floor: never take away a pod (or restart a workload) without enough Ready peers. */
export const minimumReadyReplicasWithSameApp = defineGuardrail(id, (ctx) => {
  const min = runbookLimit(ctx, id, 1, 'the runbook sets no minimum of Ready replicas');
  if (typeof min !== 'number') return min;
  const action = ctx.runbook.spec.action;
  if (action.type === 'collectEvidence') return verdict(id, 'skip', 'collecting evidence takes no pod away');
  const isPodTarget = ctx.target.ref.kind === 'Pod';
  const app = isPodTarget ? ctx.target.pod?.metadata.labels?.app : ctx.target.app;
  if (isPodTarget && !ctx.target.pod) return verdict(id, 'error', `pod ${ctx.target.ref.name} is not in the cluster state`);
  if (app === undefined) return verdict(id, 'error', `cannot count peers without an app label on ${ctx.target.ref.kind === 'Pod' ? 'pod' : 'Deployment'} ${ctx.target.ref.name}`);
  const { ready, actingReady, counted } = countReady(ctx, app);
  if (action.type === 'scaleDeployment') return evaluateScale(ctx, app, min, counted);
  const where = `app=${app} in ${ctx.target.ref.namespace}`;
  const evidence = { app, ready, alreadyActingInRun: actingReady, counted, required: min };
  const acting = actingReady > 0 ? ` (${plural(actingReady, 'other is', 'others are')} already being replaced in this run)` : '';
  if (counted < min) {
    return verdict(id, 'fail', `only ${readyPods(counted)} with ${where}${acting}; the runbook needs ${min}`, evidence);
  }
  const including = isPodTarget && ctx.target.pod && isPodReady(ctx.target.pod) ? `, including ${ctx.target.ref.name}` : '';
  return verdict(id, 'pass', `${readyPods(counted)} with ${where}${including}${acting}; the runbook needs ${min}`, evidence);
});
