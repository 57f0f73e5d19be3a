import type { ResolvedTarget, EngineSettings } from '../guardrails/types';
import { isTerminating } from '../k8s/pods';
import type { SnapshotIndex } from '../k8s/snapshotIndex';
import type { Deployment, Pod } from '../k8s/types';
import type { TargetRef } from '../model/audit';
import { actionTargetKind } from '../actions';
import type { ActionType } from '../model/runbook';
import { ownValue } from '../k8s/meta';

export type TargetResolution =
  | { ok: true; target: ResolvedTarget }
  | { ok: false; status: 'fail' | 'error'; reason: string; ref: TargetRef };

const KIND_ALIASES: Record<string, 'Pod' | 'Deployment'> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
};

/** Parses "NS/KIND/NAME" (kind: pod | deployment, any case). */
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

function appOfDeployment(dep: Deployment): string | undefined {
  return dep.spec?.template?.metadata?.labels?.app ?? dep.spec?.selector?.matchLabels?.app ?? dep.metadata.labels?.app;
}

function deploymentTarget(dep: Deployment, pod?: Pod): ResolvedTarget {
  return {
    ref: { namespace: dep.metadata.namespace ?? '', kind: 'Deployment', name: dep.metadata.name },
    deployment: dep,
    pod,
    app: pod?.metadata.labels?.app ?? appOfDeployment(dep),
  };
}

/**
 * Turns what a user or scan named into the object the runbook's action changes. A pod named for a
 * Deployment-level action (restart, scale, rollback) resolves to its owning Deployment.
 */
export function resolveTarget(index: SnapshotIndex, ref: TargetRef, actionType: ActionType): TargetResolution {
  const wantKind = actionTargetKind(actionType);
  if (ref.kind === 'Pod') {
    const pod = index.pod(ref.namespace, ref.name);
    if (!pod) return { ok: false, status: 'fail', ref, reason: `pod ${ref.name} no longer exists in ${ref.namespace} (it may have been replaced already)` };
    const owner = index.ownerOfPod(pod);
    const deployment = owner.status === 'found' && owner.workload.kind === 'Deployment' ? owner.workload.object : undefined;
    if (wantKind === 'Pod') {
      if (isTerminating(pod)) return { ok: false, status: 'fail', ref, reason: `pod ${ref.name} is already terminating` };
      return { ok: true, target: { ref: { ...ref, kind: 'Pod' }, pod, owner, deployment, app: pod.metadata.labels?.app } };
    }
    if (!deployment) {
      const why = owner.status === 'found' ? `it is controlled by a ${owner.workload.kind}` : owner.reason;
      return { ok: false, status: owner.status === 'missing' ? 'error' : 'fail', ref, reason: `this runbook changes a Deployment, but pod ${ref.name} has no owning Deployment: ${why}` };
    }
    return { ok: true, target: { ...deploymentTarget(deployment, pod), owner } };
  }
  if (ref.kind === 'Deployment') {
    const dep = index.deployment(ref.namespace, ref.name);
    if (!dep) return { ok: false, status: 'fail', ref, reason: `Deployment ${ref.name} does not exist in ${ref.namespace}` };
    if (wantKind === 'Pod') {
      return { ok: false, status: 'fail', ref, reason: 'this runbook acts on one pod at a time: name the pod (NS/pod/NAME), not the Deployment' };
    }
    return { ok: true, target: deploymentTarget(dep) };
  }
  return { ok: false, status: 'fail', ref, reason: `kind ${ref.kind} is not supported; use pod or deployment` };
}

/** The seed's scan: every pod carrying the restart label (optionally in some namespaces), each once, in a stable order. */
export function markedPods(index: SnapshotIndex, settings: EngineSettings, namespaces?: readonly string[]): Pod[] {
  const { key, value } = settings.restartLabel;
  const pods = namespaces && namespaces.length > 0 ? [...new Set(namespaces)].flatMap((ns) => index.podsInNamespace(ns)) : index.distinctPods;
  return pods
    .filter((p) => ownValue(p.metadata.labels, key) === value && !isTerminating(p))
    .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
}
