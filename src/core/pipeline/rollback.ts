import type { Plan } from '../engine/plan';
import type { ActionResult, ClusterWriter } from '../ports';

/** Runs the runbook's rollback after a failed verification; undefined when the runbook defines none to run. */
export async function rollBack(plan: Plan, action: ActionResult | undefined, writer: ClusterWriter): Promise<{ ok: boolean; message: string } | undefined> {
  const workload = plan.target.kind === 'Deployment' ? plan.target : plan.workload;
  try {
    switch (plan.rollback.type) {
      case 'scale_to_previous_replicas': {
        const previous = (action?.details.previousReplicas as number | undefined) ?? plan.action.fromReplicas;
        if (!workload || previous === undefined) return { ok: false, message: 'rollback impossible: the previous replica count is unknown' };
        const r = await writer.scaleDeployment(workload, previous, { dryRun: false });
        return { ok: true, message: `rolled back: ${r.summary}` };
      }
      case 'rollout_undo': {
        if (!workload) return { ok: false, message: 'rollback impossible: no Deployment to undo' };
        const r = await writer.rolloutUndo(workload, action?.details.fromRevision as number | undefined, { dryRun: false });
        return { ok: true, message: `rolled back: ${r.summary}` };
      }
      default:
        return undefined;
    }
  } catch (err) {
    return { ok: false, message: `rollback failed: ${(err as Error).message}` };
  }
}
