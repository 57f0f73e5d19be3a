import assert from 'node:assert/strict';
import { ClusterError } from '../../src/core/ports';
import type { Permission } from '../../src/core/engine/plan';
import { KubeAccessReviewer } from '../../src/adapters/k8s/access';
import type { KubeHttp } from '../../src/adapters/k8s/http';
import { connect } from '../../src/adapters/k8s/kubeconfig';
import { KubeClusterReader } from '../../src/adapters/k8s/reader';
import { kubeconfigWith as kubeconfigFor, serviceAccountToken, useCluster, type TestCluster } from './harness';

/** A ServiceAccount that may only get/list pods in `namespace`; returns a token for it (TokenRequest API). */
function podReaderToken(cluster: TestCluster, namespace: string): Promise<string> {
  return serviceAccountToken(cluster, namespace, 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
}

function permission(namespace: string, verb: string, resource: string, group = '', subresource?: string): Permission {
  return { namespace, verb, resource, group, ...(subresource ? { subresource } : {}) };
}

describe('cluster: access review', function () {
  const { cluster, namespace } = useCluster('acc');

  it('admin may evict; whoAmI names the admin user', async function () {
    const reviewer = new KubeAccessReviewer(cluster().http, 'fallback');
    const [evict] = await reviewer.check([permission(namespace(), 'create', 'pods', '', 'eviction')]);
    assert.equal(evict.allowed, true);
    assert.equal(await reviewer.whoAmI(), 'kubernetes-admin');
  });

  it('a pod reader may list pods but not delete them, and a 403 names what is missing', async function () {
    const ns = namespace();
    const token = await podReaderToken(cluster(), ns);
    const limited: KubeHttp = connect({ kubeconfig: kubeconfigWith(cluster(), ns, token, 'token') }).http;
    const reviewer = new KubeAccessReviewer(limited, 'pod-reader');
    const checks = await reviewer.check([
      permission(ns, 'list', 'pods'), permission(ns, 'delete', 'pods'), permission(ns, 'patch', 'deployments', 'apps'),
    ]);
    assert.deepEqual(checks.map((c) => c.allowed), [true, false, false]);
    assert.match(checks[1].reason ?? '', /not allowed to delete pods in namespace/);
    assert.match(checks[2].reason ?? '', /patch deployments\.apps/);
    assert.equal(await reviewer.whoAmI(), `system:serviceaccount:${ns}:pod-reader`);
    const viaExec = new KubeAccessReviewer(connect({ kubeconfig: kubeconfigWith(cluster(), ns, token, 'exec') }).http, 'exec-user');
    assert.equal(await viaExec.whoAmI(), `system:serviceaccount:${ns}:pod-reader`, 'exec auth plugin works');
    const err = await new KubeClusterReader(limited).snapshot({ namespaces: [ns] }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ClusterError && err.kind === 'forbidden', `expected forbidden, got ${String(err)}`);
    assert.match(err.message, /cannot list resource "(replicasets|deployments|statefulsets|poddisruptionbudgets)"/);
    assert.match(err.message, new RegExp(`system:serviceaccount:${ns}:pod-reader`));
  });
});

function kubeconfigWith(cluster: TestCluster, namespace: string, token: string, via: 'token' | 'exec'): string {
  return kubeconfigFor(cluster, namespace, 'pod-reader', token, via);
}
