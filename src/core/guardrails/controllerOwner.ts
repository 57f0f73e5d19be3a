import { replicatedWorkload } from '../k8s/workload';
import { defineGuardrail, verdict } from './common';

/**
 * A pod may only be replaced when a controller recreates it: a ReplicaSet owned by a Deployment, or a
 * StatefulSet. A standalone ReplicaSet does recreate pods, but no Deployment status exists to verify
 * the replacement against, so it fails like a bare pod.
 */
export const controllerOwner = defineGuardrail('controllerOwner', (ctx) => {
  const id = 'controllerOwner';
  const { target } = ctx;
  if (target.ref.kind !== 'Pod') {
    const w = replicatedWorkload(target);
    if (!w) return verdict(id, 'error', `${target.ref.kind} ${target.ref.name} is not in the cluster state`);
    return verdict(id, 'pass', `the ${w.kind} controller reconciles ${w.kind} ${target.ref.name}`, { kind: w.kind });
  }
  if (!target.pod || !target.owner) return verdict(id, 'error', `pod ${target.ref.name} is not in the cluster state, so its owner is unknown`);
  const owner = target.owner;
  if (owner.status === 'missing') return verdict(id, 'error', `cannot confirm who recreates pod ${target.ref.name}: ${owner.reason}`);
  if (owner.status === 'none') return verdict(id, 'fail', `nothing would recreate the pod: ${owner.reason}`);
  const w = owner.workload;
  if (w.kind === 'Deployment') {
    const rs = w.replicaSet?.metadata.name ?? 'its ReplicaSet';
    return verdict(id, 'pass', `pod ${target.ref.name} is controlled by ReplicaSet ${rs} of Deployment ${w.object.metadata.name}, which recreates it`,
      { kind: 'Deployment', name: w.object.metadata.name, replicaSet: w.replicaSet?.metadata.name });
  }
  if (w.kind === 'StatefulSet') {
    return verdict(id, 'pass', `pod ${target.ref.name} is controlled by StatefulSet ${w.object.metadata.name}, which recreates it`,
      { kind: 'StatefulSet', name: w.object.metadata.name });
  }
  return verdict(id, 'fail', `pod ${target.ref.name} is controlled by ReplicaSet ${w.object.metadata.name}, which no Deployment owns; the runbook only replaces pods of Deployments and StatefulSets`,
    { kind: 'ReplicaSet', name: w.object.metadata.name });
});
