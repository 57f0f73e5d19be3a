// evictPod: the policy/v1 Eviction of one pod, so the API server applies its PodDisruptionBudgets.
import { podAction } from './podAction';
import { need, type ActionDescriptor } from './types';

export type EvictPodDetails = { dryRun: boolean; uid?: string };

export const evictPod: ActionDescriptor<'evictPod'> = {
  type: 'evictPod',
  ...podAction<'evictPod'>('evict', (name, namespace) => `policy/v1 Eviction of pod ${name} -n ${namespace}`),
  needs: [{ ...need('create', '', 'pods'), subresource: 'eviction' }],
  sentence: () => 'evict the pod',
  // kubectl has no eviction command: only the structured form names this action.
  commands: [],
};
