import { ACTIONS } from '../actions';
import type { Deployment, StatefulSet } from '../k8s/types';
import type { Verdict } from '../model/verdict';
import { defineGuardrail, targetWorkload, verdict } from './common';

const id = 'rolloutInProgress';

/** Why a Deployment is mid-rollout (empty when it is settled), with its numbers. */
export function deploymentRolloutProblems(dep: Deployment): { problems: string[]; evidence: Record<string, unknown> } {
  const status = dep.status ?? {};
  const name = dep.metadata.name;
  const desired = dep.spec?.replicas ?? 1;
  const generation = dep.metadata.generation ?? 0;
  const observed = status.observedGeneration ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const current = status.replicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const progressing = (status.conditions ?? []).find((c) => c.type === 'Progressing');
  const problems: string[] = [];
  if (dep.spec?.paused) problems.push(`the rollout of Deployment ${name} is paused`);
  if (observed < generation) problems.push(`the controller has not yet acted on generation ${generation} of Deployment ${name} (observed ${observed})`);
  if (updated < desired) problems.push(`only ${updated} of ${desired} replicas of Deployment ${name} run the newest template`);
  if (current > desired) problems.push(`${current} pods of Deployment ${name} exist for ${desired} desired replicas (old pods are still being replaced)`);
  if (progressing?.reason === 'ProgressDeadlineExceeded') problems.push(`the rollout of Deployment ${name} exceeded its progress deadline`);
  else if (progressing?.reason && progressing.reason !== 'NewReplicaSetAvailable' && available < desired) {
    problems.push(`the rollout of Deployment ${name} has not finished (Progressing: ${progressing.reason}, ${available} of ${desired} replicas available)`);
  }
  const evidence = {
    deployment: name, generation, observedGeneration: observed, desiredReplicas: desired, replicas: current,
    updatedReplicas: updated, availableReplicas: available, progressingReason: progressing?.reason, paused: Boolean(dep.spec?.paused),
  };
  return { problems, evidence };
}

function evaluateDeployment(dep: Deployment, isRollback: boolean): Verdict {
  if (!dep.status) return verdict(id, 'error', `Deployment ${dep.metadata.name} has no status yet, so its rollout state is unknown`);
  const { problems, evidence } = deploymentRolloutProblems(dep);
  if (isRollback) {
    // A rollback exists to interrupt a bad rollout; blocking it here would defeat it.
    return verdict(id, 'skip', `a rollback is meant to interrupt a rollout${problems.length ? ` (${problems.join('; ')})` : ''}`, evidence);
  }
  if (problems.length > 0) return verdict(id, 'fail', `${problems.join('; ')}: act after the rollout settles`, evidence);
  return verdict(id, 'pass', `Deployment ${dep.metadata.name} is not rolling out: generation ${evidence.generation} observed, ${evidence.updatedReplicas} of ${evidence.desiredReplicas} replicas updated`, evidence);
}

function evaluateStatefulSet(sts: StatefulSet, isRollback: boolean): Verdict {
  const name = sts.metadata.name;
  if (!sts.status) return verdict(id, 'error', `StatefulSet ${name} has no status yet, so its rollout state is unknown`);
  const { currentRevision, updateRevision } = sts.status;
  const evidence = { statefulSet: name, currentRevision, updateRevision };
  const rolling = Boolean(currentRevision && updateRevision && currentRevision !== updateRevision);
  // A Helm rollback of a bad upgrade is meant to stop the StatefulSet's stuck rollout, as for a Deployment.
  if (isRollback) {
    return verdict(id, 'skip', `a rollback is meant to interrupt a rollout${rolling ? ` (StatefulSet ${name} is rolling from revision ${currentRevision} to ${updateRevision})` : ''}`, evidence);
  }
  if (rolling) {
    return verdict(id, 'fail', `StatefulSet ${name} is rolling from revision ${currentRevision} to ${updateRevision}: act after the rollout settles`, evidence);
  }
  return verdict(id, 'pass', `StatefulSet ${name} is not rolling out`, evidence);
}

/** Acting on a workload mid-rollout muddles two changes; the rollout's own health checks come first. */
export const rolloutInProgress = defineGuardrail(id, (ctx) => {
  const isRollback = ACTIONS[ctx.runbook.spec.action.type].restoresRevision;
  if (ctx.target.ref.kind !== 'Pod' && ctx.target.deployment) return evaluateDeployment(ctx.target.deployment, isRollback);
  if (ctx.target.ref.kind !== 'Pod' && ctx.target.statefulSet) return evaluateStatefulSet(ctx.target.statefulSet, isRollback);
  const lookup = targetWorkload(ctx.target);
  if (lookup.status === 'missing') return verdict(id, 'error', `cannot tell whether a rollout is in progress: ${lookup.reason}`);
  if (lookup.status === 'none') return verdict(id, 'skip', `no controller rolls this pod out: ${lookup.reason}`);
  const w = lookup.workload;
  if (w.kind === 'Deployment') return evaluateDeployment(w.object as Deployment, isRollback);
  if (w.kind === 'StatefulSet') return evaluateStatefulSet(w.object as StatefulSet, isRollback);
  return verdict(id, 'skip', `ReplicaSet ${w.metadata.name} has no Deployment, so no rollout applies`);
});
