// What a user sees when the real API server refuses: a ServiceAccount with no rights at all (403 on
// every read), a token the server does not accept (401), and a kubeconfig without the cluster's CA (TLS
// failure). Every live verb exits 5 with one line, no stack, and never prints or audits the token.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertOneLineFailure } from '../../unit/cli/assertions';
import { deleteNamespace, kubeconfigWith, serviceAccountToken, useCluster, type TestCluster } from '../harness';
import { executedRecordLine } from '../../support/model';
import { seedLab } from '../objects';
import { e2e, seedRunbook, type E2E } from './support';

function liveVerbs(ns: string, runbook: string): string[][] {
  return [
    ['dry-run', '--runbook', runbook, '--target', `${ns}/pod/web-1`],
    ['execute', '--runbook', runbook, '--target', `${ns}/pod/web-1`, '--yes'],
    ['scan', '--runbook', runbook],
    ['scan', '--runbook', runbook, '--json'],
    ['verify', '--audit-id', 'attempt-1'],
  ];
}

/** The admin kubeconfig's cluster without its CA: the real server's certificate cannot be verified. */
function kubeconfigWithoutCa(cluster: TestCluster, dir: string, token: string): string {
  const text = fs.readFileSync(kubeconfigWith(cluster, 'default', 'no-ca', token), 'utf8').replace(/^\s*certificate-authority-data: .*\n/m, '');
  const file = path.join(dir, 'no-ca.kubeconfig');
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

describe('e2e: refused by the real API server', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('deny');

  async function expectEveryVerbRefused(t: E2E, ns: string, kubeconfig: string, token: string, message: RegExp): Promise<void> {
    const runbook = t.runbook('rb.yaml', seedRunbook(ns, cluster().repoRoot));
    for (const args of liveVerbs(ns, runbook)) {
      fs.writeFileSync(t.auditFile, executedRecordLine(ns, new Date().toISOString()));
      const r = await t.run(args, kubeconfig);
      const audit = fs.readFileSync(t.auditFile, 'utf8');
      const where = `${args.join(' ')} -> ${r.code}\n${r.stdout}\n${r.stderr}`;
      assertOneLineFailure(r, args[0], audit);
      assert.ok(!`${r.stdout}${r.stderr}${audit}`.includes(token), `the token never shows: ${where}`);
      assert.equal(r.code, 5, where);
      assert.match(`${r.stderr}${r.stdout}`, message, where);
    }
  }

  it('a ServiceAccount with no rights: 403 on every read, exit 5, one line naming what was refused', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const token = await serviceAccountToken(cluster(), ns, 'nobody', []);
    await expectEveryVerbRefused(t, ns, kubeconfigWith(cluster(), ns, 'nobody', token), token, /forbidden: .*system:serviceaccount:[^:]+:nobody/);
    await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
  });

  it('a token the server does not accept: 401, exit 5', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const token = 'not-a-valid-token-0123456789abcdef';
    await expectEveryVerbRefused(t, ns, kubeconfigWith(cluster(), ns, 'stranger', token), token, /rejected the credentials \(401 Unauthorized\)/);
  });

  it("a kubeconfig without the cluster's CA: a TLS failure, exit 5", async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const token = await serviceAccountToken(cluster(), ns, 'tls', []);
    await expectEveryVerbRefused(t, ns, kubeconfigWithoutCa(cluster(), t.dir, token), token, /TLS connection to the Kubernetes API server at https:\/\/.* failed/);
  });
});
