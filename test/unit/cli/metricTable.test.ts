import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { MetricCheckRow } from '../../../src/core/metrics/checkRows';
import { hasUnsafeCharacters } from '../../../src/core/text/escape';
import { metricTableLines } from '../../../src/cli/metricTable';
import { cli, repoPath } from '../../support/cli';
import { prng } from '../../support/random';
import { hostileLabelValue } from '../../support/seeded';

const rows: MetricCheckRow[] = [
  { kind: 'precondition', name: 'errors-present', query: 'q1', condition: 'result > 0.05', now: { kind: 'value', value: 0.2 }, verdict: 'pass' },
  { kind: 'verification', name: 'error-ratio', query: 'q2', condition: 'result < 0.01; fails when result > baseline * 1.2', now: { kind: 'value', value: 0.3 }, baseline: 0.3 },
  { kind: 'verification', name: 'latency', query: 'q3', condition: 'result < 0.5', now: { kind: 'error', message: 'Prometheus at http://127.0.0.1:9 is unreachable' } },
];

describe('CLI: the metric checks table', () => {
  it('kind, name, verdict, value now, baseline and condition; explanations under their row', () => {
    const lines = metricTableLines(rows, '');
    assert.match(lines[0], /^KIND\s+NAME\s+VERDICT\s+NOW\s+BASELINE\s+CONDITION$/);
    assert.match(lines[1], /^precondition\s+errors-present\s+pass\s+0\.2\s+result > 0\.05$/);
    assert.match(lines[2], /^verification\s+error-ratio\s+not run\s+0\.3\s+0\.3\s+result < 0\.01; fails when result > baseline \* 1\.2$/);
    assert.match(lines[3], /^verification\s+latency\s+not run\s+error\s+—\s+result < 0\.5$/);
    assert.equal(lines[4], '  latency: error: Prometheus at http://127.0.0.1:9 is unreachable');
    assert.deepEqual(metricTableLines([]), []);
    assert.deepEqual(metricTableLines(undefined), []);
  });

  it('after verification: the status and its reason', () => {
    const lines = metricTableLines([{ ...rows[1], status: 'failed', reason: '1 failed sample' }], '');
    assert.match(lines[1], /error-ratio\s+failed\s+0\.3/);
    assert.equal(lines[2], '  error-ratio: 1 failed sample');
  });

  it('generated hostile names, conditions and errors never add a line or reach the terminal raw', () => {
    const random = prng(8);
    for (let i = 0; i < 300; i++) {
      const hostile = (): string => hostileLabelValue(random);
      const row: MetricCheckRow = {
        kind: random() < 0.5 ? 'precondition' : 'verification', name: hostile(), query: hostile(), condition: hostile(),
        now: random() < 0.5 ? { kind: 'error', message: hostile() } : { kind: 'no_data', reason: hostile() },
        ...(random() < 0.5 ? { reason: hostile() } : {}),
      };
      const lines = metricTableLines([row], '');
      assert.equal(lines.length, 3 + (row.reason !== undefined ? 1 : 0), `case ${i}`);
      for (const line of lines) assert.ok(!hasUnsafeCharacters(line), `case ${i}: ${JSON.stringify(line)}`);
    }
  });
});

describe('CLI: metric checks in simulate output', () => {
  let dir: string;
  let runbookFile: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-metric-table-'));
    const seed = fs.readFileSync(repoPath('runbooks/replace-redundant-pod.yaml'), 'utf8');
    const withChecks = seed.replace('    maxConcurrentActions: 1\n', `    maxConcurrentActions: 1
    metricPreconditions:
      - name: errors-present
        query: 'sum(rate(http_requests_total{namespace="\${NAMESPACE}",app="\${APP}",code=~"5.."}[5m]))'
        condition: "result > 0.05"
`);
    assert.notEqual(withChecks, seed);
    runbookFile = path.join(dir, 'gated.yaml');
    fs.writeFileSync(runbookFile, withChecks);
    fs.writeFileSync(path.join(dir, 'present.yaml'), 'errors-present: 0.3\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const args = () => ['simulate', '--runbook', runbookFile, '--state', 'test/fixtures/simulate/lab/state.json', '--now', '2026-04-26T10:00:00Z',
    '--target', 'aiops-remediation-lab/Pod/web-5d8f9c7b6c-x8k2p', '--metrics', path.join(dir, 'present.yaml')];

  it('the table lists the precondition with its value and verdict', async () => {
    const r = await cli(args());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /metric checks \(values at decision time\):\n\s+KIND\s+NAME\s+VERDICT\s+NOW\s+BASELINE\s+CONDITION\n\s+precondition\s+errors-present\s+pass\s+0\.3\s+result > 0\.05\n/);
  });

  it('--json carries the rows, query filled in for the target', async () => {
    const r = await cli([...args(), '--json']);
    const d = (JSON.parse(r.stdout) as { decisions: { metricChecks: MetricCheckRow[] }[] }).decisions[0];
    assert.deepEqual(d.metricChecks, [{
      kind: 'precondition', name: 'errors-present', condition: 'result > 0.05', verdict: 'pass', now: { kind: 'value', value: 0.3 },
      query: 'sum(rate(http_requests_total{namespace="aiops-remediation-lab",app="web",code=~"5.."}[5m]))',
    }]);
  });
});
