// The kubeconfig boundary: whatever is wrong with the file, the error is a ClusterError('config') that
// names the file (and line) and quotes none of it; the loaded credentials are remembered for redaction.
import { strict as assert } from 'assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeHttp } from '../../../src/adapters/k8s/http';
import { connect, loadKubeConfig } from '../../../src/adapters/k8s/kubeconfig';
import { isClusterError } from '../../../src/core/ports';
import { forgetSecrets, redactSecrets } from '../../../src/core/text/redact';
import { PLANTED, plantedIn, startReceiver, writeKubeconfig } from './loopback';

function configFailure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isClusterError(err, 'config'), `a ClusterError('config'), got ${String(err)}`);
    return (err as Error).message;
  }
  assert.fail('expected a ClusterError');
}

describe('kubeconfig loading: typed, positioned, never quoted', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-kubeconfig-'));
  const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
  afterEach(() => forgetSecrets());

  it('a YAML error gives file:line:col and a reason, not the lines around it', () => {
    const file = writeKubeconfig(dir, 'malformed', { server: 'https://127.0.0.1:1', malformed: true });
    const message = configFailure(() => loadKubeConfig({ kubeconfig: file }));
    assert.match(message, new RegExp(`^invalid kubeconfig ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
    assert.deepEqual(plantedIn(message), []);
    assert.doesNotMatch(message, /\n|\||token/);
  });

  for (const [name, text] of [['empty', ''], ['a list', '- a\n- b\n'], ['a number', '42\n'], ['null', 'null\n']]) {
    it(`${name} is not a kubeconfig`, () => {
      const file = write(`not-${name.replace(/\W/g, '')}`, text);
      const message = configFailure(() => connect({ kubeconfig: file }));
      assert.match(message, /kubeconfig/);
    });
  }

  it('a missing file, a directory, a missing token-file, a server that is no URL, a missing context', () => {
    assert.match(configFailure(() => loadKubeConfig({ kubeconfig: path.join(dir, 'nope') })), /kubeconfig not found/);
    assert.match(configFailure(() => loadKubeConfig({ kubeconfig: dir })), /cannot read kubeconfig .*it is a directory/);
    const tokenFile = write('token-file', 'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token-file: /nonexistent/token\n');
    assert.match(configFailure(() => loadKubeConfig({ kubeconfig: tokenFile })), /cannot read \/nonexistent\/token \(no such file\)/);
    const noUrl = writeKubeconfig(dir, 'no-url', { server: 'not a url' });
    assert.match(configFailure(() => connect({ kubeconfig: noUrl })), /server "not a url" is not an http\(s\) URL/);
    const noContext = writeKubeconfig(dir, 'no-context', { server: 'https://127.0.0.1:1', context: 'elsewhere' });
    assert.match(configFailure(() => connect({ kubeconfig: noContext })), /current-context "elsewhere" is not defined/);
    assert.match(configFailure(() => connect({ kubeconfig: noUrl, context: 'other' })), /context "other" not found/);
  });

  it('remembers every credential it loaded, so any text is redacted verbatim', () => {
    const token = writeKubeconfig(dir, 'token', { server: 'https://127.0.0.1:1' });
    const basic = writeKubeconfig(dir, 'basic', { server: 'https://127.0.0.1:1', user: 'basic' });
    const exec = writeKubeconfig(dir, 'exec', { server: 'https://127.0.0.1:1', user: 'exec' });
    for (const file of [token, basic, exec]) loadKubeConfig({ kubeconfig: file });
    const everything = Object.values(PLANTED).join(' | ');
    assert.deepEqual(plantedIn(redactSecrets(`plugin said ${everything}`)), []);
  });

  it('a request with no answer ends as ClusterError("unreachable") at its deadline', async () => {
    const receiver = await startReceiver({ kind: 'hang' });
    try {
      const kc = loadKubeConfig({ kubeconfig: writeKubeconfig(dir, 'hang', { server: receiver.url }) });
      const http = new KubeHttp(kc, receiver.url);
      await assert.rejects(http.request('GET', '/api/v1/namespaces', { timeoutMs: 200 }), (err: unknown) => {
        assert.ok(isClusterError(err, 'unreachable'), String(err));
        assert.match((err as Error).message, /no answer within 200 ms/);
        return true;
      });
    } finally {
      await receiver.close();
    }
  });
});
