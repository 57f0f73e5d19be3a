// deletePod: delete one pod (with uid and resourceVersion preconditions); its controller replaces it.
import { NAMESPACE_PLACEHOLDER, POD_PLACEHOLDER } from './commandTokens';
import { podAction } from './podAction';
import { need, type ActionDescriptor } from './types';

export type DeletePodDetails = { dryRun: boolean; uid?: string };

export const deletePod: ActionDescriptor<'deletePod'> = {
  type: 'deletePod',
  ...podAction<'deletePod'>('delete', (name, namespace) => `kubectl delete pod ${name} -n ${namespace}`),
  needs: [need('delete', '', 'pods')],
  sentence: () => 'delete the pod',
  commands: [{ rank: 1, tokens: ['kubectl', 'delete', 'pod', POD_PLACEHOLDER, '-n', NAMESPACE_PLACEHOLDER], action: () => ({ type: 'deletePod' }) }],
};
