// rolloutRestart: like `kubectl rollout restart`, a new restartedAt annotation on the pod template of a
// Deployment or a StatefulSet (which then replaces its pods one at a time, highest ordinal first).
import { noFieldProblems, noFindings, workloadCheckMismatch } from './checks';
import { DEPLOYMENT_PLACEHOLDER, NAMESPACE_PLACEHOLDER, STATEFULSET_PLACEHOLDER } from './commandTokens';
import { need, type ActionDescriptor } from './types';

/** `fromRevision`: the Deployment's revision before; `fromControllerRevision`: the StatefulSet's updateRevision before. */
export type RolloutRestartDetails = { dryRun: boolean; restartedAt: string; fromRevision?: number; fromControllerRevision?: string };

export const rolloutRestart: ActionDescriptor<'rolloutRestart'> = {
  type: 'rolloutRestart',
  targetKind: 'Deployment',
  otherTargetKinds: ['StatefulSet'],
  mutating: true,
  setsReplicas: false,
  restoresRevision: false,
  needs: [
    need('get', 'apps', 'deployments', 'target', { forKind: 'Deployment' }),
    need('patch', 'apps', 'deployments', 'target', { forKind: 'Deployment' }),
    need('get', 'apps', 'statefulsets', 'target', { forKind: 'StatefulSet' }),
    need('patch', 'apps', 'statefulsets', 'target', { forKind: 'StatefulSet' }),
  ],
  fields: {},
  fieldProblems: noFieldProblems,
  lint: noFindings,
  plan: (_action, target) => {
    const { namespace, name, kind } = target.ref;
    return {
      description: `restart every pod of ${kind} ${name} in ${namespace} (rolling)`,
      equivalentCommand: `kubectl rollout restart ${kind.toLowerCase()}/${name} -n ${namespace}`,
    };
  },
  sentence: () => 'a rollout restart of the workload',
  commands: [
    {
      rank: 2,
      tokens: ['kubectl', 'rollout', 'restart', `deployment/${DEPLOYMENT_PLACEHOLDER}`, '-n', NAMESPACE_PLACEHOLDER],
      action: () => ({ type: 'rolloutRestart' }),
    },
    {
      rank: 2.5,
      tokens: ['kubectl', 'rollout', 'restart', `statefulset/${STATEFULSET_PLACEHOLDER}`, '-n', NAMESPACE_PLACEHOLDER],
      action: () => ({ type: 'rolloutRestart' }),
    },
  ],
  rollbacks: ['rollout_undo', 'manual', 'none'],
  checkMismatch: workloadCheckMismatch,
  fittingCheck: () => 'rollout_complete',
};
