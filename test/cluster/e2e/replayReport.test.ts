// The seed lab executed for real, then its audit replayed and reported: what the cluster decided is what
// replay decides again from the records alone, a stricter runbook's changes are named, and the report
// counts the same actions from the audit log and from the shared state in the cluster.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Pod } from '../../../src/core/k8s/types';
import type { ReplayReport } from '../../../src/core/replay/types';
import type { RemediationReport } from '../../../src/core/report/types';
import { PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import { seedLab } from '../objects';
import { deleteNamespace, useCluster } from '../harness';
import { cli } from '../../support/cli';
import { e2e, parseJson, seedRunbook } from './support';

const RESTART = 'remediator.kubedojo.io/restart';

describe('e2e: an executed lab audit replayed and reported', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('replay');

  it('scan --execute on the lab; replay with the same runbook changes nothing, a stricter floor blocks web; report counts it', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    try {
      await seedLab(cluster().http, ns);
      await cluster().http.request('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/singleton`, {
        body: { metadata: { labels: { 'remediator.kubedojo.io/enabled': 'true' } } }, contentType: 'application/merge-patch+json',
      });
      const pods = async (app: string) => (await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: `app=${app}` })).items as unknown as Pod[];
      const [web] = await pods('web');
      const [singleton] = await pods('singleton');
      for (const p of [web, singleton]) {
        await cluster().http.request('PATCH', objectPath(PODS, ns, p.metadata.name), { body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json' });
      }
      const runbookText = seedRunbook(ns, cluster().repoRoot);
      const runbook = t.runbook('replace-redundant-pod.yaml', runbookText);
      const stricter = t.runbook('stricter.yaml', runbookText.replace('minimumReadyReplicasWithSameApp: 2', 'minimumReadyReplicasWithSameApp: 3'));

      const run = await t.run(['scan', '--runbook', runbook, '--execute', '--yes', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const outcomes = parseJson<{ decisions: { target: { name: string }; outcome: string }[] }>(run).decisions.map((d) => [d.target.name, d.outcome]);
      assert.deepEqual(outcomes.sort(), [[singleton.metadata.name, 'blocked'], [web.metadata.name, 'verified']].sort());
      const records = t.audit();
      const executed = records.find((r) => r.outcome === 'executed')!;
      assert.ok(executed.decisionInput && !('unreadable' in executed.decisionInput), 'the executed record carries the state its decision read');
      assert.ok(executed.decisionInput.state.items.some((i) => i.kind === 'Pod' && i.metadata.uid === web.metadata.uid));

      const same = await cli(['replay', '--runbook', runbook, '--audit', t.auditFile, '--json']);
      assert.equal(same.code, 0, same.stderr);
      const sameReport = parseJson<ReplayReport>(same);
      assert.equal(sameReport.summary.changed, 0, JSON.stringify(sameReport.entries.map((e) => e.reason)));
      assert.equal(sameReport.summary.notReplayable, 0);
      assert.ok(sameReport.summary.unchanged >= 2);

      const strict = await cli(['replay', '--runbook', stricter, '--audit', t.auditFile]);
      assert.equal(strict.code, 0, strict.stderr);
      assert.match(strict.stdout, new RegExp(`CHANGED \\S+ ${ns}/pod/${web.metadata.name} [^\\n]*\\n  before: auto_execute \\(recorded executed\\)[^\\n]*\\n  after:  abort[^\\n]*\\n  why:    minimumReadyReplicasWithSameApp pass → fail`));

      const report = await cli(['report', '--audit', t.auditFile, '--kubeconfig', cluster().kubeconfig, '--state-namespace', t.stateNamespace, '--json']);
      assert.equal(report.code, 0, report.stderr);
      const [rb] = parseJson<RemediationReport>(report).runbooks;
      assert.equal(rb.runbook, 'replace-redundant-pod');
      assert.equal(rb.actions, 1);
      assert.deepEqual(rb.verification.passed, { count: 1, of: 1, rate: 1 });
      assert.ok(rb.guardrailBlocks.byGuardrail.some((g) => g.guardrail === 'minimumReadyReplicasWithSameApp'));
      assert.ok(rb.timeToRestore.count === 1 && rb.timeToRestore.medianSeconds !== null && rb.timeToRestore.medianSeconds > 0);

      // From the shared state alone (another user's machine has no local audit log): the same action and verification.
      const elsewhere = path.join(t.dir, 'elsewhere.jsonl');
      fs.writeFileSync(elsewhere, '');
      const shared = await cli(['report', '--audit', elsewhere, '--runbook', 'replace-redundant-pod', '--kubeconfig', cluster().kubeconfig, '--state-namespace', t.stateNamespace, '--json']);
      assert.equal(shared.code, 0, shared.stderr);
      const fromCluster = parseJson<RemediationReport>(shared);
      assert.ok(fromCluster.sources.sharedStateRecords >= 2);
      assert.equal(fromCluster.runbooks[0].actions, 1);
      assert.equal(fromCluster.runbooks[0].verification.passed.count, 1);
    } finally {
      await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
    }
  });
});
