// The cluster test harness: finds (or starts, once) the local control plane, gives each test its own
// namespace, and waits on conditions with a deadline (short-interval polls of the API, never a fixed sleep).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type KubeConnection } from '../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../src/adapters/k8s/http';
import { NAMESPACES, collectionPath, objectPath } from '../../src/adapters/k8s/resources';

export interface TestCluster {
  kubeconfig: string;
  connection: KubeConnection;
  http: KubeHttp;
  repoRoot: string;
}

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'scripts', 'cluster', 'up.sh'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (scripts/cluster/up.sh) above the test bundle');
    dir = parent;
  }
  return dir;
}

async function answers(kubeconfig: string): Promise<boolean> {
  try {
    await connect({ kubeconfig }).http.get('/version');
    return true;
  } catch {
    return false; // not up (yet): the caller starts it
  }
}

async function findOrStart(): Promise<TestCluster> {
  const root = repoRoot();
  let kubeconfig = process.env.REMEDIATOR_TEST_KUBECONFIG;
  if (!kubeconfig) {
    kubeconfig = path.join(root, '.cluster', 'kubeconfig');
    if (!fs.existsSync(kubeconfig) || !(await answers(kubeconfig))) {
      // up.sh reuses a healthy cluster and builds the binaries only when the cache lacks them.
      execFileSync('bash', [path.join(root, 'scripts', 'cluster', 'up.sh')], { stdio: 'inherit', cwd: root });
    }
  }
  const connection = connect({ kubeconfig });
  return { kubeconfig, connection, http: connection.http, repoRoot: root };
}

let shared: Promise<TestCluster> | undefined;

/** The cluster for this test run (started at most once). Call from a `before` hook with a long timeout. */
export function testCluster(): Promise<TestCluster> {
  shared ??= findOrStart();
  return shared;
}

/** Registers a `before` that connects and a per-test namespace lifecycle; returns accessors. */
export function useCluster(prefix: string): { cluster: () => TestCluster; namespace: () => string } {
  let cluster: TestCluster | undefined;
  let namespace: string | undefined;
  before(async function () {
    this.timeout(20 * 60_000);
    cluster = await testCluster();
  });
  beforeEach(async function () {
    namespace = await createNamespace(cluster!.http, prefix);
  });
  afterEach(async function () {
    if (namespace) await deleteNamespace(cluster!.http, namespace);
    namespace = undefined;
  });
  return {
    cluster: () => cluster ?? assertNever('cluster not connected (before hook failed)'),
    namespace: () => namespace ?? assertNever('no test namespace (beforeEach failed)'),
  };
}

function assertNever(message: string): never {
  throw new Error(message);
}

export async function createNamespace(http: KubeHttp, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await http.request('POST', collectionPath(NAMESPACES), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'remediator.kubedojo.io/test': 'true' } } } });
  return name;
}

/** Deletes without waiting for finalization (kwok finishes pod deletes in the background). */
export async function deleteNamespace(http: KubeHttp, name: string): Promise<void> {
  await http.request('DELETE', objectPath(NAMESPACES, undefined, name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
}

/** Reads until `ok` holds for what was read (a read that throws fails the wait), or the deadline passes. */
export async function until<T>(what: string, read: () => T | Promise<T>, ok: (v: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${deadlineMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50)); // polling a condition, with a deadline
  }
}

/**
 * Polls `probe` every `intervalMs` until it returns a value (not undefined) or the deadline passes.
 * A short poll against the API with a deadline: the wait ends as soon as the condition holds.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 60_000, intervalMs = 100): Promise<T> {
  const end = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface PolicyRule { apiGroups: string[]; resources: string[]; verbs: string[] }

/** A ServiceAccount `name` in `namespace` bound to a Role with `rules`; returns a TokenRequest token for it. */
export async function serviceAccountToken(cluster: TestCluster, namespace: string, name: string, rules: PolicyRule[]): Promise<string> {
  const post = (p: string, body: object) => cluster.http.request<{ status?: { token?: string } }>('POST', p, { body });
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  await post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
  await post(`${rbac}/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules });
  await post(`${rbac}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name, namespace }],
  });
  const request = await post(`/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
    apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 },
  });
  const token = request.status?.token;
  assert.ok(token, 'TokenRequest returned a token');
  return token;
}

/** A kubeconfig file for the test cluster that authenticates as `user` with `token`, in the file or through an exec plugin. */
export function kubeconfigWith(cluster: TestCluster, namespace: string, user: string, token: string, via: 'token' | 'exec' = 'token'): string {
  const admin = cluster.connection.kubeConfig.getCurrentCluster()!;
  const text = [
    'apiVersion: v1', 'kind: Config', `current-context: ${user}`,
    'clusters:', '- name: test', '  cluster:', `    server: ${admin.server}`, `    certificate-authority-data: ${admin.caData}`,
    'users:', `- name: ${user}`, '  user:', ...(via === 'token' ? [`    token: ${token}`] : execUser(token)),
    'contexts:', `- name: ${user}`, '  context:', '    cluster: test', `    user: ${user}`, `    namespace: ${namespace}`, '',
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
