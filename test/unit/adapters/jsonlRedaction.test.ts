// Every audit line written to the JSONL file is redacted and escaped as it is written, and stays a
// valid line for the one reader: a message that carries a server's or a webhook's words can never put
// a bearer token, a kubeconfig's secret or a bidi override into the log.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonlAuditFile, readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { loadKubeConfig } from '../../../src/adapters/k8s/kubeconfig';
import { forgetSecrets } from '../../../src/core/text/redact';
import { auditRecord } from '../../support/k8s';
import { seededRandom } from '../../support/seeded';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-jsonl-redact-'));
let n = 0;
const fresh = () => path.join(tmp, `${++n}.jsonl`);
// Not shaped like any token: only remembering it from the kubeconfig finds it.
const KUBECONFIG_SECRET = 'plain-words-kubeconfig-pass-93';
const BEARER = 'Bearer abcDEF0123456789.ghiJKL-mno_pqr';

function kubeconfigWithSecret(): string {
  const file = path.join(tmp, 'kubeconfig');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: c',
    'clusters:', '- name: k', '  cluster:', '    server: https://127.0.0.1:6443',
    'users:', '- name: u', '  user:', '    username: admin', `    password: ${KUBECONFIG_SECRET}`,
    'contexts:', '- name: c', '  context:', '    cluster: k', '    user: u', '',
  ].join('\n'), { mode: 0o600 });
  return file;
}

describe('JSONL audit file: redacted and escaped as written', () => {
  afterEach(() => forgetSecrets());

  it('a bearer token and a known kubeconfig secret in a message are written redacted, and the line reads back', async () => {
    loadKubeConfig({ kubeconfig: kubeconfigWithSecret() });
    const file = fresh();
    const message = `webhook said: Authorization: ${BEARER}; retry with ${KUBECONFIG_SECRET} \u202Egnp.exe`;
    await new JsonlAuditFile(file).write(auditRecord({ id: 'leaky', message }));
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('abcDEF0123456789'), text);
    assert.ok(!text.includes(KUBECONFIG_SECRET), text);
    assert.ok(!text.includes('\u202E'), 'no raw bidi override');
    const { records, skipped } = readAuditFile(file);
    assert.deepEqual(skipped, []);
    assert.equal(records.length, 1);
    assert.equal(records[0].id, 'leaky');
    assert.match(records[0].message!, /\[redacted\]/);
    assert.ok(!records[0].message!.includes(KUBECONFIG_SECRET));
  });

  it('generated: planted secrets and controls in any string field never reach the file; every line reads back', async () => {
    loadKubeConfig({ kubeconfig: kubeconfigWithSecret() });
    const next = seededRandom(11);
    const pieces = ['token: s3cr3tvalue99', BEARER, KUBECONFIG_SECRET, '\u202E', '\u2066', '\u001b[31m', '\u0000', '"', '\\', '\n', 'é', '日本', ' ok '];
    // Pieces are separated by a space: a secret glued to the next word's letters is no longer the same word.
    const pick = () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => pieces[Math.floor(next() * pieces.length)]).join(' ');
    const file = fresh();
    const sink = new JsonlAuditFile(file);
    for (let i = 0; i < 40; i++) await sink.write(auditRecord({ id: `r${i}`, message: pick(), actor: pick() }));
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of ['s3cr3tvalue99', 'abcDEF0123456789', KUBECONFIG_SECRET, '\u202E', '\u2066', '\u001b']) assert.ok(!text.includes(secret), JSON.stringify(secret));
    const { records, skipped } = readAuditFile(file);
    assert.deepEqual(skipped, []);
    assert.deepEqual(records.map((r) => r.id), Array.from({ length: 40 }, (_, i) => `r${i}`));
  });
});
