import { strict as assert } from 'assert';
import type { Plan } from '../../../src/core/engine/plan';
import type { TargetRef } from '../../../src/core/model/audit';
import type { RollbackType } from '../../../src/core/model/runbook';
import { rollBack } from '../../../src/core/pipeline/rollback';
import type { ActionResult, ActionResultOf, ClusterWriter } from '../../../src/core/ports';

const WEB: TargetRef = { namespace: 'lab', kind: 'Deployment', name: 'web' };

/** Records the rollback primitive called and its argument. */
class Recorder implements ClusterWriter {
  readonly calls: [string, number | undefined][] = [];
  apply(): Promise<ActionResult> { throw new Error('rollback never applies an action'); }
  async scaleDeployment(_ref: TargetRef, replicas: number): Promise<ActionResultOf<'scaleDeployment'>> {
    this.calls.push(['scale', replicas]);
    return { type: 'scaleDeployment', summary: `scaled to ${replicas}`, details: { dryRun: false, previousReplicas: 9, replicas } };
  }
  async scaleStatefulSet(ref: TargetRef, replicas: number): Promise<ActionResultOf<'scaleStatefulSet'>> {
    this.calls.push([`scale ${ref.kind}`, replicas]);
    return { type: 'scaleStatefulSet', summary: `scaled to ${replicas}`, details: { dryRun: false, previousReplicas: 9, replicas } };
  }
  async rolloutUndo(_ref: TargetRef, toRevision: number | undefined): Promise<ActionResultOf<'rollbackDeployment'>> {
    this.calls.push(['undo', toRevision]);
    return { type: 'rollbackDeployment', summary: 'undone', details: { dryRun: false, toRevision: toRevision ?? 0, replicaSet: 'web-1' } };
  }
}

const DB: TargetRef = { namespace: 'lab', kind: 'StatefulSet', name: 'db' };

function plan(type: RollbackType, fromReplicas?: number, target: TargetRef = WEB, workload?: TargetRef): Plan {
  return { target, workload, action: { fromReplicas }, rollback: { type } } as unknown as Plan;
}

describe('rollback reads the action\'s typed details', () => {
  it('scales back to the previous count the scale reported, before the planned one', async () => {
    const writer = new Recorder();
    const scaled: ActionResult = { type: 'scaleDeployment', summary: '', details: { dryRun: false, previousReplicas: 4, replicas: 8 } };
    assert.equal((await rollBack(plan('scale_to_previous_replicas', 2), scaled, writer))?.ok, true);
    assert.equal((await rollBack(plan('scale_to_previous_replicas', 2), undefined, writer))?.ok, true);
    assert.deepEqual(writer.calls, [['scale', 4], ['scale', 2]]);
  });

  it('undoes to the revision before a restart or a rollback, and to the previous one otherwise', async () => {
    const writer = new Recorder();
    const restarted: ActionResult = { type: 'rolloutRestart', summary: '', details: { dryRun: false, restartedAt: 't', fromRevision: 3 } };
    const rolledBack: ActionResult = { type: 'rollbackDeployment', summary: '', details: { dryRun: false, fromRevision: 5, toRevision: 4, replicaSet: 'web-4' } };
    const evidence: ActionResult = { type: 'collectEvidence', summary: '', details: { pods: [], events: [] } };
    for (const result of [restarted, rolledBack, evidence]) await rollBack(plan('rollout_undo'), result, writer);
    assert.deepEqual(writer.calls, [['undo', 3], ['undo', 5], ['undo', undefined]]);
  });

  it('an unknown previous count is a clear failure, and nothing is sent', async () => {
    const writer = new Recorder();
    const deleted: ActionResult = { type: 'deletePod', summary: '', details: { dryRun: false } };
    assert.deepEqual(await rollBack(plan('scale_to_previous_replicas'), deleted, writer), { ok: false, message: 'rollback impossible: the previous replica count is unknown' });
    assert.deepEqual(writer.calls, []);
  });

  it('scales a StatefulSet back through its own scale subresource', async () => {
    const writer = new Recorder();
    const scaled: ActionResult = { type: 'scaleStatefulSet', summary: '', details: { dryRun: false, previousReplicas: 3, replicas: 1 } };
    assert.equal((await rollBack(plan('scale_to_previous_replicas', 2, DB), scaled, writer))?.ok, true);
    assert.deepEqual(writer.calls, [['scale StatefulSet', 3]]);
  });

  it('rollout_undo after restarting a StatefulSet is a clear failure for a human, and nothing is sent', async () => {
    const writer = new Recorder();
    const restarted: ActionResult = { type: 'rolloutRestart', summary: '', details: { dryRun: false, restartedAt: 't', fromControllerRevision: 'db-1' } };
    const pod = { namespace: 'lab', kind: 'Pod', name: 'db-0' };
    for (const p of [plan('rollout_undo', undefined, DB), plan('rollout_undo', undefined, pod, DB)]) {
      const outcome = await rollBack(p, restarted, writer);
      assert.equal(outcome?.ok, false);
      assert.match(outcome?.message ?? '', /rollout_undo rolls back a Deployment, and StatefulSet db is not one; a human must roll it back/);
    }
    assert.deepEqual(writer.calls, []);
  });
});
