import type { ResolvedTarget, EngineSettings } from '../guardrails/types';
import { isTerminating } from '../k8s/pods';
import type { OwnerLookup, SnapshotIndex } from '../k8s/snapshotIndex';
import type { Pod } from '../k8s/types';
import { appOfWorkload, isWorkloadKind, type ReplicatedWorkload } from '../k8s/workload';
import type { TargetRef } from '../model/audit';
import { actionTargetKinds, type TargetKind } from '../actions';
import type { ActionType } from '../model/runbook';
import { isMarkedForRestart } from './incident';

export type TargetResolution =
  | { ok: true; target: ResolvedTarget }
  | { ok: false; status: 'fail' | 'error'; reason: string; ref: TargetRef };

const KIND_ALIASES: Record<string, TargetKind> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
};

/** Parses "NS/KIND/NAME" (kind: pod | deployment | statefulset, any case). */
export function parseTargetRef(text: string): TargetRef | undefined {
  const parts = text.split('/');
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return undefined;
  const kind = KIND_ALIASES[parts[1].toLowerCase()];
  if (!kind) return undefined;
  return { namespace: parts[0], kind, name: parts[2] };
}

export function formatTargetRef(ref: TargetRef): string {
  return `${ref.namespace}/${ref.kind.toLowerCase()}/${ref.name}`;
}

function workloadTarget(w: ReplicatedWorkload, pod?: Pod): ResolvedTarget {
  const base = { ref: { namespace: w.object.metadata.namespace ?? '', kind: w.kind, name: w.object.metadata.name }, pod, app: pod?.metadata.labels?.app ?? appOfWorkload(w.object) };
  return w.kind === 'Deployment' ? { ...base, deployment: w.object } : { ...base, statefulSet: w.object };
}

function ownerWorkload(owner: OwnerLookup): ReplicatedWorkload | undefined {
  if (owner.status !== 'found') return undefined;
  const w = owner.workload;
  return w.kind === 'Deployment' ? { kind: 'Deployment', object: w.object } : w.kind === 'StatefulSet' ? { kind: 'StatefulSet', object: w.object } : undefined;
}

const either = (kinds: readonly TargetKind[]) => kinds.join(' or ');

function lookUpWorkload(index: SnapshotIndex, ref: TargetRef): ReplicatedWorkload | undefined {
  if (ref.kind === 'Deployment') {
    const dep = index.deployment(ref.namespace, ref.name);
    return dep ? { kind: 'Deployment', object: dep } : undefined;
  }
  const sts = index.statefulSet(ref.namespace, ref.name);
  return sts ? { kind: 'StatefulSet', object: sts } : undefined;
}

/**
 * Turns what a user or scan named into the object the runbook's action changes. A pod named for a
 * workload-level action (restart, scale, rollback) resolves to its owning Deployment or StatefulSet,
 * when the action changes that kind.
 */
export function resolveTarget(index: SnapshotIndex, ref: TargetRef, actionType: ActionType): TargetResolution {
  const kinds = actionTargetKinds(actionType);
  const wantPod = kinds[0] === 'Pod';
  if (ref.kind === 'Pod') {
    const pod = index.pod(ref.namespace, ref.name);
    if (!pod) return { ok: false, status: 'fail', ref, reason: `pod ${ref.name} no longer exists in ${ref.namespace} (it may have been replaced already)` };
    const owner = index.ownerOfPod(pod);
    const owning = ownerWorkload(owner);
    if (wantPod) {
      if (isTerminating(pod)) return { ok: false, status: 'fail', ref, reason: `pod ${ref.name} is already terminating` };
      const workload = owning ? workloadTarget(owning) : {};
      return { ok: true, target: { ...workload, ref: { ...ref, kind: 'Pod' }, pod, owner, app: pod.metadata.labels?.app } };
    }
    if (!owning || !kinds.includes(owning.kind)) {
      const why = owner.status === 'found' ? `it is controlled by a ${owner.workload.kind}` : owner.reason;
      return { ok: false, status: owner.status === 'missing' ? 'error' : 'fail', ref, reason: `this runbook changes a ${either(kinds)}, but pod ${ref.name} has no owning ${either(kinds)}: ${why}` };
    }
    return { ok: true, target: { ...workloadTarget(owning, pod), owner } };
  }
  if (isWorkloadKind(ref.kind)) {
    const w = lookUpWorkload(index, ref);
    if (!w) return { ok: false, status: 'fail', ref, reason: `${ref.kind} ${ref.name} does not exist in ${ref.namespace}` };
    if (wantPod) {
      return { ok: false, status: 'fail', ref, reason: `this runbook acts on one pod at a time: name the pod (NS/pod/NAME), not the ${ref.kind}` };
    }
    if (!kinds.includes(w.kind)) {
      return { ok: false, status: 'fail', ref, reason: `this runbook (${actionType}) changes a ${either(kinds)}, not a ${w.kind}` };
    }
    return { ok: true, target: workloadTarget(w) };
  }
  return { ok: false, status: 'fail', ref, reason: `kind ${ref.kind} is not supported; use pod, deployment or statefulset` };
}

/** The seed's scan: every pod carrying the restart label (optionally in some namespaces), each once, in a stable order. */
export function markedPods(index: SnapshotIndex, settings: EngineSettings, namespaces?: readonly string[]): Pod[] {
  const pods = namespaces && namespaces.length > 0 ? [...new Set(namespaces)].flatMap((ns) => index.podsInNamespace(ns)) : index.distinctPods;
  return pods
    .filter((p) => isMarkedForRestart(p, settings.restartLabel) && !isTerminating(p))
    .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
}
