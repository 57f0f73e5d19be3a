// Every live verb against every way a cluster (or the way to it) can fail: one line, exit 5, no stack,
// no credential. The receiver on 127.0.0.1 stands in for a broken API server or proxy.
import { strict as assert } from 'assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forgetSecrets } from '../../../src/core/text/redact';
import { cli } from '../../support/cli';
import { assertOneLineFailure } from './assertions';
import { deadUrl, startReceiver, writeKubeconfig, type Fault, type KubeconfigOptions, type Receiver } from './loopback';
import { executedRecordLine } from '../../support/model';

const RUNBOOK = 'runbooks/replace-redundant-pod.yaml';
const TARGET = 'aiops-remediation-lab/pod/web-1';


interface LiveVerb { verb: string; args: (dir: string) => string[] }

const LIVE_VERBS: LiveVerb[] = [
  { verb: 'dry-run', args: () => ['dry-run', '--runbook', RUNBOOK, '--target', TARGET] },
  { verb: 'execute', args: () => ['execute', '--runbook', RUNBOOK, '--target', TARGET, '--yes'] },
  { verb: 'scan', args: () => ['scan', '--runbook', RUNBOOK] },
  { verb: 'scan --json', args: () => ['scan', '--runbook', RUNBOOK, '--json'] },
  { verb: 'verify', args: () => ['verify', '--audit-id', 'attempt-1'] },
];

interface Setup { name: string; fault?: Fault; dead?: boolean; https?: boolean; kubeconfig?: Partial<KubeconfigOptions> }

const SETUPS: Setup[] = [
  { name: 'a dead server', dead: true },
  { name: '401', fault: { kind: 'status', status: 401 } },
  { name: '403', fault: { kind: 'status', status: 403 } },
  { name: '404', fault: { kind: 'status', status: 404 } },
  { name: '409', fault: { kind: 'status', status: 409 } },
  { name: '500', fault: { kind: 'status', status: 500 } },
  { name: 'garbage', fault: { kind: 'garbage' } },
  { name: 'a hang-up', fault: { kind: 'hangup' } },
  { name: 'a client key that is not PEM', fault: { kind: 'status', status: 200 }, https: true },
  { name: 'TLS to a server that speaks plain HTTP', fault: { kind: 'status', status: 200 }, https: true, kubeconfig: { user: 'basic' } },
  { name: 'a proxy echoing the Authorization header', fault: { kind: 'echo-authorization' } },
  { name: 'basic auth and a 500', fault: { kind: 'status', status: 500 }, kubeconfig: { user: 'basic' } },
  { name: 'a failing exec credential plugin', fault: { kind: 'status', status: 500 }, kubeconfig: { user: 'exec' } },
  { name: 'a malformed kubeconfig', dead: true, kubeconfig: { malformed: true } },
  { name: 'a missing context', dead: true, kubeconfig: { context: 'nowhere' } },
];


describe('CLI live verbs: cluster failures are one line and exit 5', function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-live-errors-'));
  const auditFile = path.join(dir, 'audit.jsonl');

  for (const setup of SETUPS) {
    describe(`with ${setup.name}`, () => {
      let receiver: Receiver | undefined;
      let kubeconfig: string;
      before(async () => {
        receiver = setup.fault ? await startReceiver(setup.fault) : undefined;
        const url = receiver?.url ?? await deadUrl();
        const server = setup.https ? url.replace(/^http:/, 'https:') : url;
        kubeconfig = writeKubeconfig(dir, `${setup.name.replace(/\W+/g, '-')}.kubeconfig`, { server, ...setup.kubeconfig });
      });
      after(async () => { await receiver?.close(); });

      for (const live of LIVE_VERBS) {
        it(live.verb, async () => {
          forgetSecrets();
          fs.writeFileSync(auditFile, executedRecordLine());
          const r = await cli([...live.args(dir), '--kubeconfig', kubeconfig, '--audit-file', auditFile]);
          const audit = fs.readFileSync(auditFile, 'utf8');
          assertOneLineFailure(r, live.verb, audit);
          assert.equal(r.code, 5, `${live.verb} exit code\n${r.stdout}\n${r.stderr}`);
        });
      }
    });
  }
});
