import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClusterError } from '../../src/core/ports';
import type { Permission } from '../../src/core/engine/plan';
import { KubeAccessReviewer } from '../../src/adapters/k8s/access';
import type { KubeHttp } from '../../src/adapters/k8s/http';
import { connect } from '../../src/adapters/k8s/kubeconfig';
import { KubeClusterReader } from '../../src/adapters/k8s/reader';
import { useCluster, type TestCluster } from './harness';

/** A ServiceAccount that may only get/list pods in `namespace`; returns a token for it (TokenRequest API). */
async function podReaderToken(cluster: TestCluster, namespace: string): Promise<string> {
  const { http } = cluster;
  const post = (p: string, body: object) => http.request<{ status?: { token?: string } }>('POST', p, { body });
  await post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'pod-reader' } });
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/roles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
  });
  await post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'pod-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'pod-reader', namespace }],
  });
  const request = await post(`/api/v1/namespaces/${namespace}/serviceaccounts/pod-reader/token`, {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 },
  });
  const token = request.status?.token;
  assert.ok(token, 'TokenRequest returned a token');
  return token;
}

/** A kubeconfig file for the admin's cluster that authenticates with `token`, in the file or through an exec plugin. */
function kubeconfigWith(cluster: TestCluster, namespace: string, token: string, via: 'token' | 'exec'): string {
  const admin = cluster.connection.kubeConfig.getCurrentCluster()!;
  const text = [
    'apiVersion: v1', 'kind: Config', 'current-context: pod-reader',
    'clusters:', `- name: test`, '  cluster:', `    server: ${admin.server}`, `    certificate-authority-data: ${admin.caData}`,
    'users:', '- name: pod-reader', '  user:', ...(via === 'token' ? [`    token: ${token}`] : execUser(token)),
    'contexts:', '- name: pod-reader', '  context:', '    cluster: test', '    user: pod-reader', `    namespace: ${namespace}`, '',
  ].join('\n');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-sa-')), 'kubeconfig');
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** An exec credential plugin (here: node printing an ExecCredential) instead of a token in the file. */
function execUser(token: string): string[] {
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } });
  return [
    '    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${JSON.stringify(process.execPath)}`,
    '      args:', '      - -e', `      - ${JSON.stringify(`process.stdout.write(${JSON.stringify(credential)})`)}`, '      interactiveMode: Never',
  ];
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
