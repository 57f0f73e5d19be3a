// The seed lab plus a StatefulSet, for the StatefulSet unit tests.
import type { ClusterSnapshot, StatefulSet } from '../../src/core/k8s/types';
import { ENABLED_LABEL } from './lab';
import { labSnapshot, pod, statefulSet, statefulSetOwner } from './objects';

/** The lab plus StatefulSet `name` with `replicas` Ready pods (name-0..), opted in like the lab's Deployments. */
export function withStatefulSet(name: string, replicas: number, edit?: (s: ClusterSnapshot, sts: StatefulSet) => void): ClusterSnapshot {
  const snap = labSnapshot();
  const sts = statefulSet(name, { replicas });
  sts.metadata.labels = { ...sts.metadata.labels, [ENABLED_LABEL]: 'true' };
  sts.status = { ...sts.status, observedGeneration: 1, updatedReplicas: replicas, currentRevision: `${name}-1`, updateRevision: `${name}-1` };
  snap.statefulSets = [sts];
  for (let i = 0; i < replicas; i++) snap.pods.push(pod(`${name}-${i}`, { app: name, owner: statefulSetOwner(name) }));
  edit?.(snap, sts);
  return snap;
}

