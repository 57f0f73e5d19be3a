import type { Plan } from '../engine/plan';
import type { ActionResult, ClusterWriter } from '../ports';

/** The revision the Deployment had before the action, from the typed details of the actions that record it. */
function revisionBefore(action: ActionResult | undefined): number | undefined {
  if (action?.type === 'rolloutRestart' || action?.type === 'rollbackDeployment') return action.details.fromRevision;
  return undefined;
}

/** Runs the runbook's rollback after a failed verification; undefined when the runbook defines none to run. */
export async function rollBack(plan: Plan, action: ActionResult | undefined, writer: ClusterWriter): Promise<{ ok: boolean; message: string } | undefined> {
  const workload = plan.target.kind === 'Deployment' ? plan.target : plan.workload;
  try {
    switch (plan.rollback.type) {
      case 'scale_to_previous_replicas': {
        const previous = (action?.type === 'scaleDeployment' ? action.details.previousReplicas : undefined) ?? plan.action.fromReplicas;
        if (!workload || previous === undefined) return { ok: false, message: 'rollback impossible: the previous replica count is unknown' };
        const r = await writer.scaleDeployment(workload, previous, { dryRun: false });
        return { ok: true, message: `rolled back: ${r.summary}` };
      }
      case 'rollout_undo': {
        if (!workload) return { ok: false, message: 'rollback impossible: no Deployment to undo' };
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
