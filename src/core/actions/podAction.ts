// What the two pod actions (deletePod, evictPod) share: one pod goes, its controller replaces it.
import type { ResolvedTarget } from '../guardrails/types';
import { noFieldProblems, noFindings, podCheckMismatch } from './checks';
import type { ActionDescriptor } from './types';

type PodActionType = 'deletePod' | 'evictPod';
type Shared = 'targetKind' | 'mutating' | 'setsReplicas' | 'restoresRevision' | 'fields' | 'fieldProblems' | 'lint'
  | 'plan' | 'rollbacks' | 'checkMismatch' | 'fittingCheck';

/**
 * The shared part of a pod action's descriptor. The plan carries the pod's uid and resourceVersion as
 * preconditions, so the pod acted on is the one decided on.
 */
export function podAction<T extends PodActionType>(
  verb: string, equivalentCommand: (name: string, namespace: string) => string,
): Pick<ActionDescriptor<T>, Shared> {
  return {
    targetKind: 'Pod',
    mutating: true,
    setsReplicas: false,
    restoresRevision: false,
    fields: {},
    fieldProblems: noFieldProblems,
    lint: noFindings,
    plan: (_action: unknown, target: ResolvedTarget) => {
      const { namespace, name } = target.ref;
      return {
        description: `${verb} pod ${name} in ${namespace}`,
        preconditions: { uid: target.pod?.metadata.uid, resourceVersion: target.pod?.metadata.resourceVersion },
        equivalentCommand: equivalentCommand(name, namespace),
      };
    },
    rollbacks: ['controller_recreates_pod', 'none', 'manual'],
    checkMismatch: podCheckMismatch,
    fittingCheck: () => 'replacement_pod_ready_within_timeout',
  };
}
