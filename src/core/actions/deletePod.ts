// deletePod: delete one pod (with uid and resourceVersion preconditions); its controller replaces it.
import { NAMESPACE_PLACEHOLDER, POD_PLACEHOLDER } from './commandTokens';
import { noFieldProblems, noFindings, podCheckMismatch } from './checks';
import { need, type ActionDescriptor } from './types';

export type DeletePodDetails = { dryRun: boolean; uid?: string };

export const deletePod: ActionDescriptor<'deletePod'> = {
  type: 'deletePod',
  targetKind: 'Pod',
  mutating: true,
  setsReplicas: false,
  restoresRevision: false,
  needs: [need('delete', '', 'pods')],
  fields: {},
  fieldProblems: noFieldProblems,
  lint: noFindings,
  plan: (_action, target) => {
    const { namespace, name } = target.ref;
    return {
      description: `delete pod ${name} in ${namespace}`,
      preconditions: { uid: target.pod?.metadata.uid, resourceVersion: target.pod?.metadata.resourceVersion },
      equivalentCommand: `kubectl delete pod ${name} -n ${namespace}`,
    };
  },
  sentence: () => 'delete the pod',
  commands: [{ rank: 1, tokens: ['kubectl', 'delete', 'pod', POD_PLACEHOLDER, '-n', NAMESPACE_PLACEHOLDER], action: () => ({ type: 'deletePod' }) }],
  rollbacks: ['controller_recreates_pod', 'none', 'manual'],
  checkMismatch: podCheckMismatch,
  fittingCheck: () => 'replacement_pod_ready_within_timeout',
};
