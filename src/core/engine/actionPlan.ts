import type { ResolvedTarget } from '../guardrails/types';
import type { Action, RollbackType, Runbook, VerificationCheck } from '../model/runbook';
import { actionPermissions } from './permissions';
import type { PlannedAction, RollbackPlan, VerificationPlan } from './plan';

function currentReplicas(target: ResolvedTarget): number | undefined {
  return target.deployment?.spec?.replicas;
}

/** For scaleDeployment: the new replica count, clamped to the runbook's bounds. */
export function scaleTo(action: Extract<Action, { type: 'scaleDeployment' }>, current: number): number {
  let to = action.replicas ?? current + (action.by ?? 0);
  if (action.maxReplicas !== undefined) to = Math.min(to, action.maxReplicas);
  if (action.minReplicas !== undefined) to = Math.max(to, action.minReplicas);
  return Math.max(0, to);
}

export function planAction(runbook: Runbook, target: ResolvedTarget, index: { previousRevision?: number }): PlannedAction {
  const action = runbook.spec.action;
  const { namespace, name } = target.ref;
  const base = { type: action.type, target: target.ref, mutating: action.type !== 'collectEvidence', permissions: actionPermissions(action.type, namespace) };
  switch (action.type) {
    case 'deletePod':
    case 'evictPod': {
      const verb = action.type === 'deletePod' ? 'delete' : 'evict';
      return {
        ...base,
        description: `${verb} pod ${name} in ${namespace}`,
        preconditions: { uid: target.pod?.metadata.uid, resourceVersion: target.pod?.metadata.resourceVersion },
        equivalentCommand: action.type === 'deletePod' ? `kubectl delete pod ${name} -n ${namespace}` : `policy/v1 Eviction of pod ${name} -n ${namespace}`,
      };
    }
    case 'scaleDeployment': {
      const from = currentReplicas(target) ?? 0;
      const to = scaleTo(action, from);
      return {
        ...base,
        description: `scale Deployment ${name} in ${namespace} from ${from} to ${to} replicas`,
        fromReplicas: from,
        toReplicas: to,
        equivalentCommand: `kubectl scale deployment/${name} -n ${namespace} --replicas=${to}`,
      };
    }
    case 'rolloutRestart':
      return { ...base, description: `restart every pod of Deployment ${name} in ${namespace} (rolling)`, equivalentCommand: `kubectl rollout restart deployment/${name} -n ${namespace}` };
    case 'rollbackDeployment':
      return {
        ...base,
        description: index.previousRevision !== undefined
          ? `roll Deployment ${name} in ${namespace} back to revision ${index.previousRevision}`
          : `roll Deployment ${name} in ${namespace} back to its previous revision (none found in the current state)`,
        toRevision: index.previousRevision,
        equivalentCommand: `kubectl rollout undo deployment/${name} -n ${namespace}`,
      };
    case 'collectEvidence':
      return { ...base, description: `collect pods, events and rollout history for ${name} in ${namespace} (read-only)`, equivalentCommand: `kubectl get pods,events -n ${namespace}` };
  }
}

const CHECK_WORDS: Record<VerificationCheck, (t: ResolvedTarget) => string> = {
  available_replicas_equal_desired_replicas: (t) => `available replicas of ${t.deployment?.metadata.name ?? 'the workload'} equal desired replicas`,
  replacement_pod_ready_within_timeout: (t) => `a replacement pod for ${t.app ?? 'the workload'} is Ready`,
  rollout_complete: (t) => `the rollout of ${t.deployment?.metadata.name ?? 'the Deployment'} completes`,
  no_pods_remain: (t) => `no pods of ${t.app ?? 'the workload'} remain`,
};

export function planVerification(runbook: Runbook, target: ResolvedTarget, action: PlannedAction): VerificationPlan {
  const v = runbook.spec.verification;
  return {
    checks: v.checks.map((check) => ({ check, description: CHECK_WORDS[check](target) })),
    timeoutSeconds: v.timeoutSeconds,
    expect: {
      desiredReplicas: action.toReplicas ?? target.deployment?.spec?.replicas,
      replacedPodUid: action.type === 'deletePod' || action.type === 'evictPod' ? target.pod?.metadata.uid : undefined,
    },
  };
}

const ROLLBACK_WORDS: Record<RollbackType, (a: PlannedAction) => { description: string; risk: string }> = {
  controller_recreates_pod: () => ({
    description: 'none needed: the ReplicaSet creates a replacement pod',
    risk: 'low: if the replacement also fails, verification fails and the circuit breaker stops repeats',
  }),
  scale_to_previous_replicas: (a) => ({
    description: `scale back to the recorded ${a.fromReplicas ?? 'previous'} replicas`,
    risk: 'low to medium: capacity returns to what it was when the incident started',
  }),
  rollout_undo: () => ({
    description: 'roll the Deployment back to the revision it had before the action',
    risk: 'medium: pods churn again and an older revision may bring back older defects',
  }),
  manual: () => ({ description: 'a human reverses the change', risk: 'depends on the human: there is no automatic way back' }),
  none: () => ({ description: 'no rollback defined', risk: 'no way back: only suitable for read-only or self-healing actions' }),
};

export function planRollback(runbook: Runbook, action: PlannedAction): RollbackPlan {
  const r = runbook.spec.rollback;
  return { type: r.type, ...ROLLBACK_WORDS[r.type](action), notes: r.notes };
}
