import type { Plan } from '../engine/plan';
import type { ActionResult, ClusterWriter } from '../ports';

/** The revision the Deployment had before the action, from the typed details of the actions that record it. */
function revisionBefore(action: ActionResult | undefined): number | undefined {
  if (action?.type === 'rolloutRestart' || action?.type === 'rollbackDeployment') return action.details.fromRevision;
  return undefined;
}

/** The replica count before a scale action, from its typed details, else the plan's. */
function replicasBefore(plan: Plan, action: ActionResult | undefined): number | undefined {
  const recorded = action?.type === 'scaleDeployment' || action?.type === 'scaleStatefulSet' ? action.details.previousReplicas : undefined;
  return recorded ?? plan.action.fromReplicas;
}

/** Runs the runbook's rollback after a failed verification; undefined when the runbook defines none to run. */
export async function rollBack(plan: Plan, action: ActionResult | undefined, writer: ClusterWriter): Promise<{ ok: boolean; message: string } | undefined> {
  const workload = plan.target.kind === 'Pod' ? plan.workload : plan.target;
  try {
    switch (plan.rollback.type) {
      case 'scale_to_previous_replicas': {
        const previous = replicasBefore(plan, action);
        if (!workload || previous === undefined) return { ok: false, message: 'rollback impossible: the previous replica count is unknown' };
        const r = workload.kind === 'StatefulSet'
          ? await writer.scaleStatefulSet(workload, previous, { dryRun: false })
          : await writer.scaleDeployment(workload, previous, { dryRun: false });
        return { ok: true, message: `rolled back: ${r.summary}` };
      }
      case 'rollout_undo': {
        if (!workload || workload.kind !== 'Deployment') {
          return { ok: false, message: `rollback impossible: rollout_undo rolls back a Deployment${workload ? `, and ${workload.kind} ${workload.name} is not one; a human must roll it back` : ', and there is none'}` };
        }
        const r = await writer.rolloutUndo(workload, revisionBefore(action), { dryRun: false });
        return { ok: true, message: `rolled back: ${r.summary}` };
      }
      default:
        return undefined;
    }
  } catch (err) {
    return { ok: false, message: `rollback failed: ${(err as Error).message}` };
  }
}
