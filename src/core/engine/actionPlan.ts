import type { ResolvedTarget } from '../guardrails/types';
import { isMutating, isPodActionType, planText } from '../actions';
import { replicatedWorkload } from '../k8s/workload';
import type { RollbackType, Runbook, VerificationCheck } from '../model/runbook';
import { actionPermissions } from './permissions';
import type { Permission, PlannedAction, RollbackPlan, VerificationPlan } from './plan';
import { manifestRules } from '../helm/permissions';

const permissionKey = (p: Permission): string => `${p.namespace}|${p.verb}|${p.group}|${p.resource}|${p.subresource ?? ''}`;

export function planAction(runbook: Runbook, target: ResolvedTarget, index: { previousRevision?: number }): PlannedAction {
  const action = runbook.spec.action;
  const text = planText(action, target, index);
  const permissions = actionPermissions(action.type, target.ref.namespace, target.ref.kind);
  // A Helm rollback also writes every kind of object its two manifests hold, in the release's namespace.
  const kinds = text.helm?.comparison?.manifestKinds ?? [];
  const known = new Set(permissions.map(permissionKey));
  for (const rule of manifestRules(kinds)) {
    const p = { ...rule, namespace: text.helm?.namespace ?? target.ref.namespace };
    if (!known.has(permissionKey(p))) { known.add(permissionKey(p)); permissions.push(p); }
  }
  return { type: action.type, target: target.ref, mutating: isMutating(action), permissions, ...text };
}

const CHECK_WORDS: Record<VerificationCheck, (t: ResolvedTarget) => string> = {
  available_replicas_equal_desired_replicas: (t) => `available replicas of ${replicatedWorkload(t)?.object.metadata.name ?? 'the workload'} equal desired replicas`,
  replacement_pod_ready_within_timeout: (t) => (t.statefulSet && t.pod
    // A StatefulSet's replacement keeps the pod's name: only a new uid tells it from the old one.
    ? `pod ${t.pod.metadata.name} is recreated (same name, new uid) and Ready, and StatefulSet ${t.statefulSet.metadata.name} has all replicas Ready`
    : `a replacement pod for ${t.app ?? 'the workload'} is Ready`),
  rollout_complete: (t) => `the rollout of ${replicatedWorkload(t)?.object.metadata.name ?? 'the workload'} completes`,
  no_pods_remain: (t) => `no pods of ${t.app ?? 'the workload'} remain`,
};

export function planVerification(runbook: Runbook, target: ResolvedTarget, action: PlannedAction): VerificationPlan {
  const v = runbook.spec.verification;
  return {
    checks: v.checks.map((check) => ({ check, description: CHECK_WORDS[check](target) })),
    timeoutSeconds: v.timeoutSeconds,
    expect: {
      desiredReplicas: action.toReplicas ?? replicatedWorkload(target)?.object.spec?.replicas,
      replacedPodUid: isPodActionType(action.type) ? target.pod?.metadata.uid : undefined,
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
  rollout_undo: (a) => (a.target.kind === 'StatefulSet'
    // Only a Deployment's ReplicaSet revisions are rolled back here; a StatefulSet's ControllerRevisions are not.
    ? { description: 'none automatic for a StatefulSet: a human rolls it back (kubectl rollout undo statefulset)', risk: 'depends on the human: there is no automatic way back' }
    : {
      description: 'roll the Deployment back to the revision it had before the action',
      risk: 'medium: pods churn again and an older revision may bring back older defects',
    }),
  manual: (a) => (a.helm ? {
    description: `manual: a human rolls release ${a.helm.release} forward again (helm upgrade or helm rollback to revision ${a.helm.fromRevision ?? 'the current one'}); nothing is undone automatically`,
    risk: 'depends on the human: rolling forward brings back whatever the newer revision broke',
  } : { description: 'a human reverses the change', risk: 'depends on the human: there is no automatic way back' }),
  none: () => ({ description: 'no rollback defined', risk: 'no way back: only suitable for read-only or self-healing actions' }),
};

export function planRollback(runbook: Runbook, action: PlannedAction): RollbackPlan {
  const r = runbook.spec.rollback;
  return { type: r.type, ...ROLLBACK_WORDS[r.type](action), notes: r.notes };
}
