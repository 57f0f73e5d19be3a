// rollbackDeployment: like `kubectl rollout undo`, the Deployment's template back to an older ReplicaSet's.
import { noFieldProblems, noFindings, workloadCheckMismatch } from './checks';
import { DEPLOYMENT_PLACEHOLDER, NAMESPACE_PLACEHOLDER } from './commandTokens';
import { need, type ActionDescriptor, type ApiNeed } from './types';

export type RollbackDeploymentDetails = {
  dryRun: boolean;
  fromRevision?: number;
  toRevision: number;
  replicaSet: string;
  /** The template already matched the target revision, so nothing was sent. */
  skipped?: boolean;
};

export const UNDO_NEEDS: readonly ApiNeed[] = [
  need('get', 'apps', 'deployments'), need('list', 'apps', 'replicasets'), need('update', 'apps', 'deployments'),
];

export const rollbackDeployment: ActionDescriptor<'rollbackDeployment'> = {
  type: 'rollbackDeployment',
  targetKind: 'Deployment',
  mutating: true,
  setsReplicas: false,
  restoresRevision: true,
  needs: UNDO_NEEDS,
  fields: {},
  fieldProblems: noFieldProblems,
  lint: noFindings,
  plan: (_action, target, index) => {
    const { namespace, name } = target.ref;
    return {
      description: index.previousRevision !== undefined
        ? `roll Deployment ${name} in ${namespace} back to revision ${index.previousRevision}`
        : `roll Deployment ${name} in ${namespace} back to its previous revision (none found in the current state)`,
      toRevision: index.previousRevision,
      equivalentCommand: `kubectl rollout undo deployment/${name} -n ${namespace}`,
    };
  },
  sentence: () => 'a rollback of the Deployment to its previous revision',
  commands: [{
    rank: 4,
    tokens: ['kubectl', 'rollout', 'undo', `deployment/${DEPLOYMENT_PLACEHOLDER}`, '-n', NAMESPACE_PLACEHOLDER],
    action: () => ({ type: 'rollbackDeployment' }),
  }],
  rollbacks: ['rollout_undo', 'manual'],
  checkMismatch: workloadCheckMismatch,
  fittingCheck: () => 'rollout_complete',
};
