// evictPod: the policy/v1 Eviction of one pod, so the API server applies its PodDisruptionBudgets.
import { noFieldProblems, noFindings, podCheckMismatch } from './checks';
import { need, type ActionDescriptor } from './types';

export type EvictPodDetails = { dryRun: boolean; uid?: string };

export const evictPod: ActionDescriptor<'evictPod'> = {
  type: 'evictPod',
  targetKind: 'Pod',
  mutating: true,
  setsReplicas: false,
  restoresRevision: false,
  needs: [{ ...need('create', '', 'pods'), subresource: 'eviction' }],
  fields: {},
  fieldProblems: noFieldProblems,
  lint: noFindings,
  plan: (_action, target) => {
    const { namespace, name } = target.ref;
    return {
      description: `evict pod ${name} in ${namespace}`,
      preconditions: { uid: target.pod?.metadata.uid, resourceVersion: target.pod?.metadata.resourceVersion },
      equivalentCommand: `policy/v1 Eviction of pod ${name} -n ${namespace}`,
    };
  },
  sentence: () => 'evict the pod',
  // kubectl has no eviction command: only the structured form names this action.
  commands: [],
  rollbacks: ['controller_recreates_pod', 'none', 'manual'],
  checkMismatch: podCheckMismatch,
  fittingCheck: () => 'replacement_pod_ready_within_timeout',
};
