// The two workload kinds whose pods Remediator replaces and whose replicas it sets: a Deployment (pods
// through ReplicaSets) and a StatefulSet (pods of its own, each keeping its name across replacements).
import type { Deployment, StatefulSet } from './types';

export type WorkloadKind = 'Deployment' | 'StatefulSet';
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet'];

export type ReplicatedWorkload =
  | { kind: 'Deployment'; object: Deployment }
  | { kind: 'StatefulSet'; object: StatefulSet };

/** The workload a resolved target carries: the StatefulSet when it has one, else the Deployment. */
export function replicatedWorkload(t: { deployment?: Deployment; statefulSet?: StatefulSet }): ReplicatedWorkload | undefined {
  if (t.statefulSet) return { kind: 'StatefulSet', object: t.statefulSet };
  return t.deployment ? { kind: 'Deployment', object: t.deployment } : undefined;
}

/** spec.replicas, defaulted as the API server defaults it. */
export function desiredReplicasOf(w: ReplicatedWorkload): number {
  return w.object.spec?.replicas ?? 1;
}

/** The `app` label of the pods a workload runs (template label, else selector, else its own label). */
export function appOfWorkload(o: Deployment | StatefulSet): string | undefined {
  return o.spec?.template?.metadata?.labels?.app ?? o.spec?.selector?.matchLabels?.app ?? o.metadata.labels?.app;
}

export function isWorkloadKind(kind: string | undefined): kind is WorkloadKind {
  return kind === 'Deployment' || kind === 'StatefulSet';
}
