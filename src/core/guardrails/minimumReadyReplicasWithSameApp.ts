import { ACTIONS, isMutating } from '../actions';
import { controllerKey, type DuplicatePod } from '../k8s/snapshotIndex';
import { desiredReplicasOf, replicatedWorkload } from '../k8s/workload';
import type { Verdict } from '../model/verdict';
import { defineGuardrail, plural, runbookLimit, scaleTo, verdict } from './common';
import type { GuardrailContext } from './types';

const id = 'minimumReadyReplicasWithSameApp';

function readyPods(n: number): string {
  return plural(n, 'Ready pod');
}

/** Whose pods count as peers: the target's top-level controller, or nobody but itself for a bare pod. */
type PeerGroup = { controller: string; label: string } | { bare: true };

function peerGroup(ctx: GuardrailContext): PeerGroup | Verdict {
  const { target } = ctx;
  const ns = target.ref.namespace;
  if (target.ref.kind !== 'Pod') {
    const w = replicatedWorkload(target);
    if (!w) return verdict(id, 'error', `${target.ref.kind} ${target.ref.name} is not in the cluster state`);
    return { controller: controllerKey(w.kind, ns, w.object.metadata.name), label: `${w.kind} ${w.object.metadata.name}` };
  }
  const pod = target.pod;
  if (!pod) return verdict(id, 'error', `pod ${target.ref.name} is not in the cluster state`);
  const owner = target.owner ?? ctx.index.ownerOfPod(pod);
  if (owner.status === 'missing') return verdict(id, 'error', `cannot tell which pods are peers of pod ${pod.metadata.name}: ${owner.reason}`);
  const controller = ctx.index.controllerKeyOf(pod);
  if (controller === undefined) return { bare: true };
  const [kind, , name] = controller.split('/');
  return { controller, label: `${kind} ${name}` };
}

interface Count { ready: number; actingReady: number; counted: number; duplicates: DuplicatePod[] }

/**
 * Distinct Ready pods (Ready condition True on every listed copy, not terminating) of the target's own
 * controller that carry its app label, the target included, minus pods this run is already replacing:
 * two marked web pods must not both pass against the same two Ready pods. Pods that merely share the
 * app label (a bare pod, another Deployment) are not peers: the controller does not keep them running.
 */
function countReady(ctx: GuardrailContext, group: PeerGroup, app: string): Count {
  if ('bare' in group) {
    const ready = ctx.target.pod && ctx.index.isReady(ctx.target.pod) ? 1 : 0;
    return { ready, actingReady: 0, counted: ready, duplicates: [] };
  }
  const ready = ctx.index.readyPodsOfController(group.controller, app).length;
  const actingReady = Math.min(ready, ctx.run.readyPodsTaken(group.controller, app));
  return { ready, actingReady, counted: ready - actingReady, duplicates: ctx.index.duplicatesOfController(group.controller) };
}

function whose(group: PeerGroup, ctx: GuardrailContext): string {
  return 'bare' in group ? `, and pod ${ctx.target.ref.name} has no controller, so no other pod counts as its peer`
    : ` (counting the pods of ${group.label})`;
}

function duplicateNote(duplicates: DuplicatePod[]): string {
  if (duplicates.length === 0) return '';
  const shown = duplicates.slice(0, 3).map((d) => `${d.name} (${d.copies} copies)`).join(', ');
  const more = duplicates.length > 3 ? ` and ${duplicates.length - 3} more` : '';
  return `; ${plural(duplicates.length, 'pod')} listed more than once in the state counted once: ${shown}${more}`;
}

function evaluateScale(ctx: GuardrailContext, app: string, min: number, ready: number, group: PeerGroup): Verdict {
  const w = replicatedWorkload(ctx.target);
  const current = w ? desiredReplicasOf(w) : 1;
  const next = scaleTo(ctx.runbook.spec.action, current);
  const where = `app=${app} in ${ctx.target.ref.namespace}${whose(group, ctx)}`;
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
  const min = runbookLimit(ctx, id, 'the runbook sets no minimum of Ready replicas');
  if (typeof min !== 'number') return min;
  const action = ctx.runbook.spec.action;
  if (!isMutating(action)) return verdict(id, 'skip', 'collecting evidence takes no pod away');
  if (min === 0) {
    return verdict(id, 'pass', 'the runbook sets minimumReadyReplicasWithSameApp to 0: no floor of Ready pods applies, so the action may take away the last one', { required: 0 });
  }
  const isPodTarget = ctx.target.ref.kind === 'Pod';
  const group = peerGroup(ctx);
  if (!('bare' in group) && !('controller' in group)) return group;
  const app = isPodTarget ? ctx.target.pod?.metadata.labels?.app : ctx.target.app;
  if (app === undefined) return verdict(id, 'error', `cannot count peers without an app label on ${isPodTarget ? 'pod' : ctx.target.ref.kind} ${ctx.target.ref.name}`);
  const { ready, actingReady, counted, duplicates } = countReady(ctx, group, app);
  if (ACTIONS[action.type].setsReplicas) return evaluateScale(ctx, app, min, counted, group);
  const where = `app=${app} in ${ctx.target.ref.namespace}${whose(group, ctx)}`;
  const evidence: Record<string, unknown> = {
    app, controller: 'bare' in group ? null : group.label, ready, alreadyActingInRun: actingReady, counted, required: min,
  };
  if (duplicates.length > 0) evidence.duplicatesCountedOnce = duplicates.map((d) => ({ name: d.name, copies: d.copies, copiesDiffer: d.differ }));
  const acting = actingReady > 0 ? ` (${plural(actingReady, 'other is', 'others are')} already being replaced in this run)` : '';
  const dups = duplicateNote(duplicates);
  if (counted < min) {
    return verdict(id, 'fail', `only ${readyPods(counted)} with ${where}${acting}; the runbook needs ${min}${dups}`, evidence);
  }
  const including = isPodTarget && ctx.target.pod && ctx.index.isReady(ctx.target.pod) ? `, including ${ctx.target.ref.name}` : '';
  return verdict(id, 'pass', `${readyPods(counted)} with ${where}${including}${acting}; the runbook needs ${min}${dups}`, evidence);
});
