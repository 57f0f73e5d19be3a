// The verification-check fit shared by the pod actions and by the Deployment actions.
import type { Action, VerificationCheck } from '../model/runbook';

const NO_PODS_REMAIN = 'no_pods_remain only makes sense after scaling to 0 replicas';

export function podCheckMismatch(check: VerificationCheck): string | undefined {
  if (check === 'rollout_complete') return 'deleting one pod starts no rollout, so this check cannot fail; use replacement_pod_ready_within_timeout';
  if (check === 'no_pods_remain') return NO_PODS_REMAIN;
  return undefined;
}

export function workloadCheckMismatch(check: VerificationCheck, action: Action): string | undefined {
  if (check === 'replacement_pod_ready_within_timeout') return `only a pod action (deletePod, evictPod) has a replacement pod; this is ${action.type}`;
  if (check === 'no_pods_remain' && !((action.type === 'scaleDeployment' || action.type === 'scaleStatefulSet') && action.replicas === 0)) return NO_PODS_REMAIN;
  return undefined;
}

/** For actions that take no fields. */
export const noFieldProblems = (): [] => [];
export const noFindings = (): [] => [];
