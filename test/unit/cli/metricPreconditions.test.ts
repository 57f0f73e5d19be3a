import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, repoPath } from '../../support/cli';

const PRECONDITIONS = `    metricPreconditions:
      - name: errors-present
        query: 'sum(rate(http_requests_total{namespace="\${NAMESPACE}",app="\${APP}",code=~"5.."}[5m]))'
        condition: "result > 0.05"
`;
const WEB = 'aiops-remediation-lab/Pod/web-5d8f9c7b6c-x8k2p';
const STATE = 'test/fixtures/simulate/lab/state.json';

let dir: string;
let gated: string;

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function decide(extra: string[]): Promise<{ code: number; stderr: string; mode?: string; verdict?: { status: string; reason: string } }> {
  const r = await cli(['simulate', '--runbook', gated, '--state', STATE, '--now', '2026-04-26T10:00:00Z', '--target', WEB, '--json', ...extra]);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr };
  const d = (JSON.parse(r.stdout) as { decisions: { mode: string; verdicts: { guardrail: string; status: string; reason: string }[] }[] }).decisions[0];
  return { code: r.code, stderr: r.stderr, mode: d.mode, verdict: d.verdicts.find((v) => v.guardrail === 'metricPreconditions') };
}

describe('CLI: metric preconditions', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-metrics-'));
    const seed = fs.readFileSync(repoPath('runbooks/replace-redundant-pod.yaml'), 'utf8');
    assert.ok(seed.includes('    maxConcurrentActions: 1\n'));
    gated = write('gated.yaml', seed.replace('    maxConcurrentActions: 1\n', `    maxConcurrentActions: 1\n${PRECONDITIONS}`));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('simulate --metrics: acts while the symptom is present, aborts when it is gone', async () => {
    const present = await decide(['--metrics', write('present.yaml', 'errors-present: 0.3\n')]);
    assert.equal(present.mode, 'auto_execute', present.stderr);
    assert.equal(present.verdict?.status, 'pass');
    const gone = await decide(['--metrics', write('gone.json', '{ "errors-present": 0 }')]);
    assert.equal(gone.mode, 'abort');
    assert.equal(gone.verdict?.reason, 'errors-present 0.00 is not > 0.05: the symptom is gone');
  });

  it('simulate without a value for the precondition aborts (fail closed)', async () => {
    const none = await decide([]);
    assert.equal(none.mode, 'abort');
    assert.equal(none.verdict?.status, 'error');
  });

  it('simulate --metrics with a value that is not a number: one message with file:line:col', async () => {
    const file = write('bad.yaml', 'other: 1\nerrors-present: lots\n');
    const r = await decide(['--metrics', file]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: metric errors-present must be a number`));
  });

  it('live verbs: a token or CA file without a URL is a usage error; a URL that is not http(s) is an input error', async () => {
    const noUrl = await cli(['dry-run', '--runbook', gated, '--target', WEB, '--prometheus-token-file', 'token']);
    assert.equal(noUrl.code, 2, noUrl.stderr);
    assert.match(noUrl.stderr, /need --prometheus-url/);
    const badUrl = await cli(['execute', '--runbook', gated, '--target', WEB, '--yes', '--kubeconfig', write('kubeconfig', ''),
      '--prometheus-url', 'ftp://127.0.0.1:1']);
    assert.equal(badUrl.code, 1, badUrl.stderr);
    assert.match(badUrl.stderr, /must start with http:\/\/ or https:\/\//);
    const env = await cli(['scan', '--runbook', gated, '--kubeconfig', write('kubeconfig2', '')], { env: { REMEDIATOR_PROMETHEUS_URL: 'nope' } });
    assert.equal(env.code, 1, env.stderr);
    assert.match(env.stderr, /is not a URL/);
  });

  it('every live verb documents the Prometheus flags', async () => {
    for (const verb of ['dry-run', 'execute', 'scan', 'verify']) {
      const r = await cli([verb, '--help']);
      assert.match(r.stdout, /--prometheus-url URL\] \[--prometheus-token-file FILE\] \[--prometheus-ca-file FILE\]/, verb);
    }
  });

  it('the runbook-test runner feeds a case\'s metrics: to the precondition', async () => {
    const testFile = write('gated.runbook-test.yaml', `apiVersion: remediations.kubedojo.io/v1
kind: RunbookTest
metadata: { name: gated }
spec:
  runbook: gated.yaml
  state: ${repoPath(STATE)}
  now: "2026-04-26T10:00:00Z"
  cases:
    - name: symptom present
      target: ${WEB}
      metrics: { errors-present: 0.3 }
      expect: { mode: auto_execute, guardrails: { metricPreconditions: pass } }
    - name: symptom gone
      target: ${WEB}
      metrics: { errors-present: 0.01 }
      expect: { mode: abort, guardrails: { metricPreconditions: fail } }
    - name: not measured
      target: ${WEB}
      expect: { mode: abort, guardrails: { metricPreconditions: error } }
`);
    const r = await cli(['test', testFile]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
});
