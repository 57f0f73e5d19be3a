// Fault test that stops the local API server during verification. It lives apart and sorts last in the
// cluster suite so no other test runs against a server that has just restarted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { deleteNamespace, useCluster, waitFor } from './harness';
import { QUEUE_INCIDENT, e2e, incidentFile, parseJson, scaleRunbook, stuckDeployment } from './e2e/support';

interface Result { outcome: string; mode: string; records: { outcome: string; message?: string }[]; verdicts: { guardrail: string; status: string; reason: string }[] }

/** Only the cluster our own scripts started (.cluster/) may have its API server stopped. */
const localCluster = (repoRoot: string) => {
  const given = process.env.REMEDIATOR_TEST_KUBECONFIG;
  return !given || path.resolve(given) === path.join(repoRoot, '.cluster', 'kubeconfig');
};

describe('e2e: the API server stops during verification', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('api');

  it('the API server stopping during verification gives a clear error and a record; nothing repeats after restart', async function () {
    if (!localCluster(cluster().repoRoot)) this.skip(); // stopping the API server is only done to the local test cluster
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await stuckDeployment(cluster(), ns);
    const runbook = t.runbook('scale.yaml', scaleRunbook(ns, { timeoutSeconds: 8, failureThreshold: 5, cooldownMinutes: 30 }));
    const incident = incidentFile(t.dir, QUEUE_INCIDENT);
    const target = `${ns}/deployment/stuck`;
    const running = t.run(['execute', '--runbook', runbook, '--target', target, '--incident', incident, '--yes', '--json']);
    await waitFor('the executed record', async () => (t.audit().some((r) => r.outcome === 'executed') ? true : undefined), 30_000, 50);
    const apiserver = path.join(cluster().repoRoot, 'scripts', 'cluster', 'apiserver.sh');
    execFileSync('bash', [apiserver, 'stop'], { stdio: 'ignore' });
    let out: Result;
    try {
      const r = await running;
      out = parseJson<Result>(r);
      assert.equal(r.code, 5, r.stderr);
    } finally {
      execFileSync('bash', [apiserver, 'start'], { stdio: 'ignore' });
    }
    assert.equal(out.outcome, 'error');
    assert.match(out.records.at(-1)!.message!, /could not observe the cluster during verification/);
    assert.deepEqual(t.audit().map((r) => r.outcome), ['executed', 'error']);
    const again = await t.run(['execute', '--runbook', runbook, '--target', target, '--incident', incident, '--yes', '--json']);
    const second = parseJson<Result>(again);
    assert.equal(second.mode, 'abort', `${JSON.stringify(second.verdicts)}\n${again.stderr}`);
    assert.equal(second.verdicts.find((v) => v.guardrail === 'cooldownMinutes')!.status, 'fail');
    await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
  });
});
