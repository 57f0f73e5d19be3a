import { strict as assert } from 'assert';
import { decisionContext, decideTargets, scanTargets } from '../../../src/core/engine/decide';
import { DEFAULT_SETTINGS } from '../../../src/core/guardrails/types';
import { scanSnapshot } from '../../../src/core/pipeline/scanSnapshot';
import { LAB_NOW, deployment, labSnapshot, pod, replicaSet, runbook } from '../../support/k8s';
import { MemoryCluster } from '../../support/memoryCluster';

describe('scan snapshot: marked pods and their peers only', () => {
  it('reads the marked pods, their same-app peers and every workload, and decides exactly as a full read', async () => {
    const full = labSnapshot({ withNamespace: false, takenAt: null });
    full.deployments.push(deployment('other', { replicas: 1 }));
    full.replicaSets.push(replicaSet('other-abc', { deployment: 'other', app: 'other', replicas: 1 }));
    full.pods.push(pod('other-abc-xyz', { app: 'other', owner: 'other-abc' }));
    const cluster = new MemoryCluster(full);
    const partial = await scanSnapshot(cluster, ['aiops-remediation-lab'], DEFAULT_SETTINGS);
    assert.deepEqual(partial.pods.map((p) => p.metadata.name).sort(), full.pods.filter((p) => p.metadata.labels?.app !== 'other').map((p) => p.metadata.name).sort());
    assert.equal(partial.deployments.length, 3);
    const decide = (snapshot: typeof full) => {
      const ctx = decisionContext({ runbook: runbook(), snapshot: { ...snapshot, takenAt: undefined }, now: LAB_NOW });
      return decideTargets(ctx, scanTargets(ctx)).map((p) => [p.target.name, p.mode, p.verdicts.map((v) => v.status).join()]);
    };
    assert.deepEqual(decide(partial), decide(full));
  });

  it('reads nothing more when no pod is marked', async () => {
    const full = labSnapshot({ withNamespace: false, takenAt: null });
    for (const p of full.pods) delete p.metadata.labels!['remediator.kubedojo.io/restart'];
    const cluster = new MemoryCluster(full);
    const partial = await scanSnapshot(cluster, ['aiops-remediation-lab'], DEFAULT_SETTINGS);
    assert.equal(partial.pods.length, 0);
    assert.equal(cluster.snapshots, 0);
  });
});
