// `remediator replay` and `remediator report` on fixture audit logs, in-process.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ReplayReport } from '../../../src/core/replay/types';
import type { RemediationReport } from '../../../src/core/report/types';
import { auditRecord } from '../../support/k8s';
import { cli } from '../../support/cli';
import { assertOneLineFailure } from './assertions';
import { deadUrl, writeKubeconfig } from './loopback';

const REPLAY_AUDIT = 'test/fixtures/replay/audit.jsonl';
const REPORT_AUDIT = 'test/fixtures/report/audit.jsonl';
const SEED = 'runbooks/replace-redundant-pod.yaml';
const STRICTER = 'test/fixtures/replay/stricter-floor.yaml';

function scratch(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-replay-'));
  const file = path.join(dir, 'audit.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('CLI: replay', () => {
  it('the runbook that made the decisions: nothing would change, older records listed as not replayable', async () => {
    const r = await cli(['replay', '--runbook', SEED, '--audit', REPLAY_AUDIT]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Replayed 6 decisions of replace-redundant-pod from .*audit\.jsonl: 0 would change, 4 unchanged, 2 not replayable\./);
    assert.match(r.stdout, /NOT REPLAYABLE .* \(incident INC-OLD, attempt old-1\)\n {2}why: {4}the record does not carry the state its decision read/);
    assert.doesNotMatch(r.stdout, /UNCHANGED/, 'unchanged decisions only with --all');
    assert.match((await cli(['replay', '--runbook', SEED, '--audit', REPLAY_AUDIT, '--all'])).stdout, /UNCHANGED/);
  });

  it('a stricter floor: before -> after with the verdict that changed', async () => {
    const r = await cli(['replay', '--runbook', STRICTER, '--audit', REPLAY_AUDIT]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 would change, 2 unchanged, 2 not replayable/);
    assert.match(r.stdout, /CHANGED 2026-11-21T12:01:00.000Z aiops-remediation-lab\/pod\/web-5d8f9c7b6c-x8k2p \(incident label-aiops-remediation-lab-web-5d8f9c7b6c-x8k2p, attempt exec-1-web\)\n {2}before: auto_execute \(recorded executed\): delete pod web-5d8f9c7b6c-x8k2p in aiops-remediation-lab\n {2}after: {2}abort: delete pod .*\n {2}why: {4}minimumReadyReplicasWithSameApp pass → fail: only 2 Ready pods with app=web/);
  });

  it('--json: the typed report, every decision included', async () => {
    const r = await cli(['replay', '--runbook', STRICTER, '--audit', REPLAY_AUDIT, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as ReplayReport;
    assert.deepEqual(report.summary, { decisions: 6, changed: 2, unchanged: 2, notReplayable: 2, otherRunbooks: 1 });
    assert.deepEqual(report.entries.map((e) => e.status), ['changed', 'unchanged', 'changed', 'unchanged', 'not_replayable', 'not_replayable']);
  });

  it('--recorded-runbook replays another name\'s decisions', async () => {
    const r = await cli(['replay', '--runbook', SEED, '--audit', REPLAY_AUDIT, '--recorded-runbook', 'scale-up-queue-workers']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Replayed 1 decision of scale-up-queue-workers \(as replace-redundant-pod\) .*: 0 would change, 0 unchanged, 1 not replayable/);
    const none = await cli(['replay', '--runbook', SEED, '--audit', REPLAY_AUDIT, '--recorded-runbook', 'nobody']);
    assert.match(none.stdout, /No decisions of runbook nobody are recorded there \(7 of other runbooks; see --recorded-runbook\)/);
  });

  it('a damaged line is reported on stderr by number; the rest is replayed', async () => {
    const lines = fs.readFileSync(REPLAY_AUDIT, 'utf8').trim().split('\n');
    const file = scratch([lines[0], 'not json', lines[1]]);
    const r = await cli(['replay', '--runbook', SEED, '--audit', file]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /audit\.jsonl:2: skipped unreadable line \(invalid JSON\)/);
    assert.match(r.stdout, /Replayed 2 decisions/);
  });

  it('hostile names are printed escaped', async () => {
    const file = scratch([JSON.stringify(auditRecord({ id: 'h', target: { namespace: 'ns', kind: 'Pod', name: 'x\u001b[2J\nFAKE', app: 'web' } }))]);
    const r = await cli(['replay', '--runbook', SEED, '--audit', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\u001b/);
    assert.match(r.stdout, /x\\x1b\[2J\\nFAKE/);
  });

  it('usage and input errors: one line and the verbs\' exit codes', async () => {
    const cases: [string[], number, RegExp][] = [
      [['replay', '--audit', REPLAY_AUDIT], 2, /--runbook is required/],
      [['replay', '--runbook', SEED, '--bogus'], 2, /unknown option --bogus/],
      [['replay', '--runbook', 'missing.yaml', '--audit', REPLAY_AUDIT], 1, /missing\.yaml: cannot read \(no such file\)/],
      [['replay', '--runbook', SEED, '--audit', os.tmpdir()], 1, /cannot read/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    }
    assert.match((await cli(['replay', '--help'])).stdout, /^Usage: remediator replay/);
  });
});

describe('CLI: report', () => {
  it('prints each runbook\'s verdict and numbers, and each service', async () => {
    const r = await cli(['report', '--audit', REPORT_AUDIT]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Remediation report \(39 audit records\)/);
    assert.match(r.stdout, /runbook replace-redundant-pod: ready to move right: 100% of 12 actions verified/);
    assert.match(r.stdout, /runbook scale-up-queue-workers: move left: verification failed for 66.7% of actions/);
    assert.match(r.stdout, /runbook rollback-bad-release: hold: 1 action recorded/);
    assert.match(r.stdout, / {2}guardrail blocks {6}2\/14 \(14.3%\): minimumReadyReplicasWithSameApp 2/);
    assert.match(r.stdout, / {2}time to restore {7}median 32s · p90 32s · mean 32s \(n=12\)/);
    assert.match(r.stdout, / {2}service worker:\n/);
  });

  it('--json is the typed data; --runbook filters', async () => {
    const r = await cli(['report', '--audit', REPORT_AUDIT, '--json', '--runbook', 'rollback-bad-release']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RemediationReport;
    assert.deepEqual(report.runbooks.map((x) => x.runbook), ['rollback-bad-release']);
    assert.deepEqual(report.runbooks[0].approvals, { count: 1, of: 2, rate: 0.5 });
    assert.equal(report.thresholds.minimumActionsToMoveRight, 10);
  });

  it('--since: a period before now (old fixture records fall outside it)', async () => {
    const r = await cli(['report', '--audit', REPORT_AUDIT, '--since', '7d', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RemediationReport;
    assert.ok(report.since);
    assert.ok(Date.parse(report.since) < Date.now());
    const fresh = scratch([JSON.stringify(auditRecord({ id: 'n', time: new Date().toISOString(), outcome: 'verified' }))]);
    const recent = JSON.parse((await cli(['report', '--audit', fresh, '--since', '1h30m', '--json'])).stdout) as RemediationReport;
    assert.equal(recent.runbooks[0].actions, 1);
  });

  it('an unreachable cluster for the shared state: exit 5, one line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-report-'));
    const kubeconfig = writeKubeconfig(dir, 'dead.kubeconfig', { server: await deadUrl() });
    const r = await cli(['report', '--audit', REPORT_AUDIT, '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 5, r.stderr);
    assertOneLineFailure(r, 'report');
    assert.equal((await cli(['report', '--audit', REPORT_AUDIT, '--audit-file', REPORT_AUDIT])).code, 2, 'not both spellings at once');
  });

  it('an empty log says so; bad flags are usage errors', async () => {
    const empty = await cli(['report', '--audit', path.join(os.tmpdir(), 'no-such-audit-file.jsonl')]);
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /No remediation decisions are recorded for this period/);
    for (const [args, message] of [[['--since', 'soon'], /--since: "soon" is not a duration such as 30m, 12h or 7d/], [['--since', '5'], /--since: "5" is not a duration/], [['--nope'], /unknown option/]] as const) {
      const r = await cli(['report', '--audit', REPORT_AUDIT, ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});
