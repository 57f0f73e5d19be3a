import * as assert from 'assert';
import { isPodReady } from '../../../src/core/k8s/pods';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import {
  ENABLED_LABEL, LAB_NAMESPACE, LAB_SINGLETON_POD, LAB_WEB_PEER, LAB_WEB_POD, RESTART_LABEL, context, labSnapshot,
} from '../../support/k8s';

describe('test support: the seed lab snapshot', () => {
  const index = new SnapshotIndex(labSnapshot());

  it('has web x2 and singleton x1, all Ready, owned through ReplicaSets by opted-in Deployments', () => {
    assert.strictEqual(index.readyPodsWithApp(LAB_NAMESPACE, 'web').length, 2);
    assert.strictEqual(index.readyPodsWithApp(LAB_NAMESPACE, 'singleton').length, 1);
    for (const name of [LAB_WEB_POD, LAB_WEB_PEER, LAB_SINGLETON_POD]) {
      const p = index.pod(LAB_NAMESPACE, name);
      assert.ok(p && isPodReady(p), name);
      const owner = index.ownerOfPod(p);
      assert.strictEqual(owner.status, 'found', name);
      if (owner.status === 'found') assert.strictEqual(owner.workload.object.metadata.labels?.[ENABLED_LABEL], 'true');
    }
  });

  it('marks exactly one web pod and the singleton pod for restart', () => {
    const marked = labSnapshot().pods.filter((p) => p.metadata.labels?.[RESTART_LABEL] === 'true').map((p) => p.metadata.name);
    assert.deepStrictEqual(marked, [LAB_WEB_POD, LAB_SINGLETON_POD]);
  });

  it('builds a context for the marked web pod with its Deployment and app', () => {
    const ctx = context();
    assert.strictEqual(ctx.target.deployment?.metadata.name, 'web');
    assert.strictEqual(ctx.target.app, 'web');
    assert.strictEqual(context({ target: { deployment: 'singleton' } }).target.ref.kind, 'Deployment');
  });
});
