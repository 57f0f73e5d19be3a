// The bounded slice of state one decision read, built from the decision's own context right where the
// record is made: the named object, its controller chain (ReplicaSet, Deployment or StatefulSet, and the
// Deployment's ReplicaSets for the rollback revision), the pods of that controller (the ones the replica
// floor counts come first), the PodDisruptionBudgets that cover the pod, and the namespace. Caps keep a
// record small; what was left out is said in `truncated`.
import type { DecisionContext } from '../engine/decide';
import type { Plan } from '../engine/plan';
import { controllerKey, type SnapshotIndex } from '../k8s/snapshotIndex';
import { controllerOf } from '../k8s/pods';
import { selectorMatches } from '../k8s/selectors';
import type { Pod } from '../k8s/types';
import { readingOf, targetKey, type MetricReading } from '../metrics/readings';
import type { TargetRef } from '../model/audit';
import { DECISION_INPUT_VERSION, type DecisionInput, type SliceObject, type SliceTruncation } from '../model/decisionInput';
import { trimDeployment, trimNamespace, trimPdb, trimPod, trimReplicaSet, trimStatefulSet } from './trim';

/** The most a slice keeps; documented in docs/replay.md. */
export const SLICE_LIMITS = {
  pods: 100,
  /** Newest revisions first: a rollback reads the previous one. */
  replicaSets: 10,
  podDisruptionBudgets: 20,
  metrics: 20,
  /** The whole slice as JSON; pods are dropped from the end until it fits (the named pod stays). */
  bytes: 256 * 1024,
} as const;

interface Parts { pods: Pod[]; podsTotal: number; controller?: string }

/**
 * The named pod first, then the controller's Ready pods with the same app: what the replica floor counts.
 * Other pods of the controller (not Ready, another app label) change no verdict, so they are not kept.
 */
function peerPods(index: SnapshotIndex, pod: Pod, controller: string | undefined, app: string | undefined): Parts {
  const counted = app !== undefined && controller !== undefined ? index.readyPodsOfController(controller, app) : [];
  const ordered = [pod, ...counted.filter((p) => p !== pod)];
  return { pods: ordered, podsTotal: ordered.length, controller };
}

function controllerPods(index: SnapshotIndex, plan: Plan, request: TargetRef): Parts {
  const ns = plan.target.namespace;
  const pod = request.kind === 'Pod' ? index.pod(request.namespace, request.name) : undefined;
  if (pod) return peerPods(index, pod, index.controllerKeyOf(pod), pod.metadata.labels?.app ?? plan.app);
  const dep = index.deployment(ns, plan.target.name);
  if (!dep) return { pods: [], podsTotal: 0 };
  const controller = controllerKey('Deployment', ns, dep.metadata.name);
  const counted = plan.app !== undefined ? index.readyPodsOfController(controller, plan.app) : [];
  return { pods: [...counted], podsTotal: counted.length, controller };
}

function metricsOf(ctx: DecisionContext, plan: Plan): { metrics?: Record<string, MetricReading>; omitted: number } {
  const values = ctx.targetMetrics[targetKey(plan.target)] ?? ctx.metrics;
  const names = Object.keys(values);
  if (names.length === 0) return { omitted: 0 };
  const metrics: Record<string, MetricReading> = {};
  for (const name of names.slice(0, SLICE_LIMITS.metrics)) {
    const r = readingOf(values[name]);
    if (r) Object.defineProperty(metrics, name, { value: r, enumerable: true, writable: true, configurable: true });
  }
  return { metrics, omitted: Math.max(0, names.length - SLICE_LIMITS.metrics) };
}

/** What `plan` was decided on, bounded by SLICE_LIMITS. `request` is what was named (it may be a pod for a Deployment-level action). */
export function decisionInputFor(ctx: DecisionContext, plan: Plan, request: TargetRef): DecisionInput {
  const { index } = ctx;
  const ns = plan.target.namespace;
  const keep = new Set(ctx.settings.blockingAnnotations);
  const parts = controllerPods(index, plan, request);
  const namedPod = request.kind === 'Pod' ? index.pod(request.namespace, request.name) : undefined;
  const items: SliceObject[] = [];
  const [kind, , name] = parts.controller?.split('/') ?? [];
  const dep = kind === 'Deployment' ? index.deployment(ns, name) : plan.target.kind === 'Deployment' ? index.deployment(ns, plan.target.name) : undefined;
  const replicaSets = dep ? index.replicaSetsOfDeployment(dep) : [];
  // The ReplicaSet of every kept pod stays, even when older than the newest few: without it a peer would
  // not count for its Deployment on replay.
  const rsKept = replicaSets.slice(0, SLICE_LIMITS.replicaSets);
  for (const p of parts.pods.slice(0, SLICE_LIMITS.pods)) {
    const owner = controllerOf(p.metadata);
    const rs = owner?.kind === 'ReplicaSet' ? index.replicaSet(ns, owner.name) : undefined;
    if (rs && !rsKept.includes(rs)) rsKept.push(rs);
  }
  if (dep) items.push(trimDeployment(dep, keep));
  if (kind === 'StatefulSet') {
    const sts = index.statefulSets.get(`${ns}/${name}`);
    if (sts) items.push(trimStatefulSet(sts, keep));
  }
  for (const rs of rsKept) items.push(trimReplicaSet(rs, keep));
  const labels = namedPod?.metadata.labels;
  const pdbs = index.pdbsInNamespace(ns).filter((b) => !namedPod || selectorMatches(b.spec?.selector, labels));
  const pdbsKept = pdbs.slice(0, SLICE_LIMITS.podDisruptionBudgets);
  for (const b of pdbsKept) items.push(trimPdb(b, keep));
  const nsObject = index.namespace(ns);
  if (nsObject) items.push(trimNamespace(nsObject, keep));
  const fixed = items.length;
  for (const p of parts.pods.slice(0, SLICE_LIMITS.pods)) items.push(trimPod(p, keep, p === namedPod ? 'named' : 'peer'));

  const { metrics, omitted } = metricsOf(ctx, plan);
  const unreadable = index.snapshot.unreadableNamespaces?.[ns];
  const input: DecisionInput = {
    version: DECISION_INPUT_VERSION,
    request: { namespace: request.namespace, kind: request.kind, name: request.name },
    decidedAt: plan.decidedAt,
    incident: plan.incident,
    settings: { ...ctx.settings, restartLabel: { ...ctx.settings.restartLabel }, blockingAnnotations: [...ctx.settings.blockingAnnotations] },
    ...(metrics ? { metrics } : {}),
    state: {
      ...(index.snapshot.takenAt ? { takenAt: index.snapshot.takenAt } : {}),
      items,
      ...(unreadable !== undefined ? { unreadableNamespaces: { [ns]: unreadable } } : {}),
    },
  };
  fitBytes(input, fixed);
  const keptPods = input.state.items.length - fixed;
  const truncated: SliceTruncation = { reason: '' };
  const why: string[] = [];
  if (keptPods < parts.podsTotal) {
    truncated.pods = parts.podsTotal - keptPods;
    why.push(`kept ${keptPods} of the ${parts.podsTotal} pods the replica floor counts`);
  }
  if (replicaSets.length > rsKept.length) {
    truncated.replicaSets = replicaSets.length - rsKept.length;
    why.push(`kept ${rsKept.length} of ${replicaSets.length} ReplicaSets (the newest, and those of the kept pods)`);
  }
  if (pdbs.length > pdbsKept.length) {
    truncated.podDisruptionBudgets = pdbs.length - pdbsKept.length;
    why.push(`kept ${pdbsKept.length} of ${pdbs.length} PodDisruptionBudgets`);
  }
  if (omitted > 0) {
    truncated.metrics = omitted;
    why.push(`kept ${SLICE_LIMITS.metrics} of ${SLICE_LIMITS.metrics + omitted} metric values`);
  }
  if (why.length > 0) input.truncated = { ...truncated, reason: `${why.join('; ')} (the slice's limits)` };
  return input;
}

/** Drops pods from the end until the slice fits SLICE_LIMITS.bytes; the named pod stays. */
function fitBytes(input: DecisionInput, fixed: number): void {
  const items = input.state.items;
  let size = JSON.stringify(input).length;
  while (size > SLICE_LIMITS.bytes && items.length > fixed + 1) {
    const drop = Math.max(1, Math.floor((items.length - fixed - 1) / 2));
    items.splice(items.length - drop, drop);
    size = JSON.stringify(input).length;
  }
}
