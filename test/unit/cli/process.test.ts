// The built CLI (dist/cli.js) as a user runs it, with credentials planted in the kubeconfig it finds
// through KUBECONFIG: no verb may print one (stdout, stderr) or write one to the audit file, whether the
// kubeconfig is malformed, points at a dead server, or at a proxy that echoes the Authorization header.
// Each run is a fresh process, so nothing remembered by an earlier run can hide a leak.
import { strict as assert } from 'assert';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertOneLineFailure } from './assertions';
import { PLANTED, deadUrl, plantedIn, startReceiver, writeKubeconfig, type Receiver } from './loopback';
import { executedRecordLine } from '../../support/model';

const CLI = path.resolve('dist/cli.js');
const RUNBOOK = 'runbooks/replace-redundant-pod.yaml';

interface Run { code: number; stdout: string; stderr: string }

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const VERBS: { args: string[]; code: number }[] = [
  { args: ['validate', RUNBOOK], code: 0 },
  { args: ['convert', 'test/fixtures/runbooks/policy/seed-memory-leak.yaml'], code: 0 },
  { args: ['simulate', '--runbook', RUNBOOK, '--state', 'test/fixtures/simulate/lab/state.json', '--now', '2026-04-26T10:00:00Z'], code: 0 },
  { args: ['dry-run', '--runbook', RUNBOOK, '--target', 'aiops-remediation-lab/pod/web-1'], code: 5 },
  { args: ['execute', '--runbook', RUNBOOK, '--target', 'aiops-remediation-lab/pod/web-1', '--yes'], code: 5 },
  { args: ['scan', '--runbook', RUNBOOK], code: 5 },
  { args: ['scan', '--runbook', RUNBOOK, '--json'], code: 5 },
  { args: ['verify', '--audit-id', 'attempt-1'], code: 5 },
  { args: ['audit'], code: 0 },
  { args: ['audit', '--json'], code: 0 },
  { args: ['export-job', '--runbook', RUNBOOK], code: 0 },
  { args: ['no-such-verb'], code: 2 },
];

const EXECUTED = executedRecordLine();

describe('dist/cli.js: planted credentials never reach any output of any verb', function () {
  this.timeout(180_000);
  let receiver: Receiver;
  before(async () => {
    assert.ok(fs.existsSync(CLI), 'npm run build first');
    receiver = await startReceiver({ kind: 'echo-authorization' });
  });
  after(() => receiver.close());

  // Every verb once; the other variants only where the kubeconfig is used (each run is a process start).
  const LIVE = (args: string[]) => ['dry-run', 'verify', 'audit'].includes(args[0]);
  const variants: { name: string; verbs: typeof VERBS; kubeconfig: (dir: string) => Promise<string> }[] = [
    { name: 'a malformed kubeconfig', verbs: VERBS, kubeconfig: async (dir) => writeKubeconfig(dir, 'k', { server: await deadUrl(), malformed: true }) },
    { name: 'a valid kubeconfig, server unreachable', verbs: VERBS.filter((v) => LIVE(v.args)), kubeconfig: async (dir) => writeKubeconfig(dir, 'k', { server: await deadUrl() }) },
    { name: 'a proxy that echoes the Authorization header', verbs: VERBS.filter((v) => LIVE(v.args)), kubeconfig: async (dir) => writeKubeconfig(dir, 'k', { server: receiver.url }) },
    { name: 'basic auth through the echoing proxy', verbs: VERBS.filter((v) => LIVE(v.args)), kubeconfig: async (dir) => writeKubeconfig(dir, 'k', { server: receiver.url, user: 'basic' }) },
  ];
  for (const variant of variants) {
    it(variant.name, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-process-'));
      const auditFile = path.join(dir, 'audit.jsonl');
      fs.writeFileSync(auditFile, EXECUTED);
      const env = { HOME: dir, KUBECONFIG: await variant.kubeconfig(dir), REMEDIATOR_AUDIT_FILE: auditFile };
      for (const verb of variant.verbs) {
        const r = await run(verb.args, env);
        const audit = fs.readFileSync(auditFile, 'utf8');
        const where = `${verb.args.join(' ')} -> ${r.code}\n${r.stdout.slice(0, 2000)}\n${r.stderr}`;
        assert.deepEqual(plantedIn(`${r.stdout}${r.stderr}${audit}`), [], where);
        if (verb.code !== 2) assertOneLineFailure({ code: r.code, stdout: r.stdout, stderr: r.stderr }, verb.args[0], audit);
        assert.equal(r.code, verb.code, where);
      }
      if (variant.name.includes('proxy')) {
        // verify appended its result, quoting the proxy's answer: the grep above looked at a real record.
        const lines = fs.readFileSync(auditFile, 'utf8').split('\n').filter(Boolean);
        assert.equal(lines.length, 2);
        assert.match(lines[1], /\[redacted\]/);
        assert.ok(!lines[1].includes(PLANTED.token) && !lines[1].includes(PLANTED.password));
      }
    });
  }
});
