// rolloutRestart: like `kubectl rollout restart`, a new restartedAt annotation on the pod template.
import { noFieldProblems, noFindings, workloadCheckMismatch } from './checks';
import { DEPLOYMENT_PLACEHOLDER, NAMESPACE_PLACEHOLDER } from './commandTokens';
import { need, type ActionDescriptor } from './types';

export type RolloutRestartDetails = { dryRun: boolean; restartedAt: string; fromRevision?: number };

export const rolloutRestart: ActionDescriptor<'rolloutRestart'> = {
  type: 'rolloutRestart',
  targetKind: 'Deployment',
  mutating: true,
  setsReplicas: false,
  restoresRevision: false,
  needs: [need('get', 'apps', 'deployments'), need('patch', 'apps', 'deployments')],
  fields: {},
  fieldProblems: noFieldProblems,
  lint: noFindings,
  plan: (_action, target) => {
    const { namespace, name } = target.ref;
    return { description: `restart every pod of Deployment ${name} in ${namespace} (rolling)`, equivalentCommand: `kubectl rollout restart deployment/${name} -n ${namespace}` };
  },
  sentence: () => 'a rollout restart of the Deployment',
  commands: [{
    rank: 2,
    tokens: ['kubectl', 'rollout', 'restart', `deployment/${DEPLOYMENT_PLACEHOLDER}`, '-n', NAMESPACE_PLACEHOLDER],
    action: () => ({ type: 'rolloutRestart' }),
  }],
  rollbacks: ['rollout_undo', 'manual', 'none'],
  checkMismatch: workloadCheckMismatch,
  fittingCheck: () => 'rollout_complete',
};
