import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClusterError } from '../../src/core/ports';
import { connect } from '../../src/adapters/k8s/kubeconfig';
import { NamespaceCache } from '../../src/adapters/k8s/namespaceCache';
import { KubeClusterReader } from '../../src/adapters/k8s/reader';
import { testCluster } from './harness';

function kubeconfigText(context: string, server: string, namespace?: string): string {
  return [
    'apiVersion: v1', 'kind: Config', `current-context: ${context}`,
    'clusters:', `- name: ${context}`, '  cluster:', `    server: ${server}`,
    'users:', `- name: ${context}`, '  user:', '    token: not-a-real-token',
    'contexts:', `- name: ${context}`, '  context:', `    cluster: ${context}`, `    user: ${context}`,
    ...(namespace ? [`    namespace: ${namespace}`] : []), '',
  ].join('\n');
}

async function failure(run: () => unknown): Promise<ClusterError> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof ClusterError, `expected ClusterError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

describe('cluster: kubeconfig and connection errors', function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-kc-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  let savedEnv: string | undefined;
  beforeEach(() => { savedEnv = process.env.KUBECONFIG; });
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedEnv;
  });

  it('names a missing or invalid kubeconfig and an unknown context', async function () {
    assert.equal((await failure(() => connect({ kubeconfig: path.join(dir, 'missing') }))).kind, 'config');
    const invalid = await failure(() => connect({ kubeconfig: write('bad', 'clusters: [unclosed') }));
    assert.equal(invalid.kind, 'config');
    assert.match(invalid.message, /invalid kubeconfig/);
    const good = write('one', kubeconfigText('one', 'https://127.0.0.1:1'));
    const unknown = await failure(() => connect({ kubeconfig: good, context: 'nope' }));
    assert.match(unknown.message, /context "nope" not found.*known: one/);
  });

  it('merges KUBECONFIG files like kubectl (first current-context wins) and honours --context', function () {
    const a = write('a', kubeconfigText('alpha', 'https://127.0.0.1:1', 'team-a'));
    const b = write('b', kubeconfigText('beta', 'https://127.0.0.1:2'));
    process.env.KUBECONFIG = [path.join(dir, 'absent'), a, b].join(path.delimiter);
    const first = connect();
    assert.deepEqual([first.currentContext, first.server, first.namespace], ['alpha', 'https://127.0.0.1:1', 'team-a']);
    const second = connect({ context: 'beta' });
    assert.deepEqual([second.currentContext, second.server, second.namespace], ['beta', 'https://127.0.0.1:2', 'default']);
  });

  it('a server nobody answers on is unreachable, naming the URL', async function () {
    const conn = connect({ kubeconfig: write('down', kubeconfigText('down', 'https://127.0.0.1:1')) });
    const err = await failure(() => new KubeClusterReader(conn.http).snapshot({ namespaces: ['default'] }));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /https:\/\/127\.0\.0\.1:1/);
  });

  it('a cache on an unreachable server reports the error and backs off', async function () {
    const conn = connect({ kubeconfig: write('down2', kubeconfigText('down2', 'https://127.0.0.1:1')) });
    const cache = new NamespaceCache(conn.http, 'default', { minBackoffMs: 50, maxBackoffMs: 200 });
    const seen: string[] = [];
    cache.errors.add((_err, type, status) => seen.push(`${type.kind}:${status.state}:${status.failures}`));
    cache.start();
    try {
      const err = await failure(() => cache.whenSynced());
      assert.equal(err.kind, 'unreachable');
      const status = cache.status().Pod;
      assert.equal(status.state, 'backoff');
      assert.ok((status.retryInMs ?? 0) > 0);
      assert.ok(seen.includes('Pod:backoff:1'), seen.join(', '));
      const rejected = await failure(() => new KubeClusterReader(conn.http).watchNamespace('default', () => undefined, () => undefined));
      assert.equal(rejected.kind, 'unreachable');
    } finally {
      cache.stop();
    }
    assert.equal(cache.status().Pod.state, 'stopped');
  });

  it('a rejected token is a config error naming the server', async function () {
    this.timeout(20 * 60_000);
    const cluster = await testCluster();
    const admin = cluster.connection.kubeConfig.getCurrentCluster()!;
    const text = kubeconfigText('badtoken', admin.server).replace(`    server: ${admin.server}`, `    server: ${admin.server}\n    certificate-authority-data: ${admin.caData}`);
    const conn = connect({ kubeconfig: write('badtoken', text) });
    const err = await failure(() => conn.http.get('/api/v1/namespaces/default/pods'));
    assert.equal(err.kind, 'config');
    assert.equal(err.status, 401);
  });
});
