// Every sample runbook, run as its exported Job would run: the exported ServiceAccount's token, the
// CronJob's exact arguments (read-only HOME, audit in the emptyDir), then dry-run and execute as the runbook
// allows; and the ServiceAccount may do exactly what the runbook's steps need, nothing else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { DEPLOYMENTS, PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import { jobRules } from '../../../src/core/export/job';
import { parseRunbook } from '../../../src/core/runbook/parse';
import type { Pod } from '../../../src/core/k8s/types';
import { useCluster, type TestCluster } from '../harness';
import { ENABLED_LABEL, create, deployment, waitAvailable } from '../objects';
import { applyJobRbac, exportJobDocs, flatten, rulesOf, runAsJob, sampleRunbook, unwritableHome, withoutDefaults } from './exported';
import { e2e, incidentFile, parseJson } from './support';

const RESTART = 'remediator.kubedojo.io/restart';

interface Verdict { guardrail: string; status: string; reason: string }
interface Decision { target: { name: string }; mode: string; outcome: string; verdicts: Verdict[] }

/** An opted-in Deployment `web` x3 (one pod marked for restart); for the rollback runbook, two revisions. */
async function workload(cluster: TestCluster, ns: string, twoRevisions: boolean): Promise<Pod> {
  const d = deployment('web', 3, { labels: { [ENABLED_LABEL]: 'true' } }) as { spec: { template: { metadata: { labels: Record<string, string> } } } };
  d.spec.template.metadata.labels[ENABLED_LABEL] = 'true';
  await create(cluster.http, ns, d);
  await waitAvailable(cluster.http, ns, 'web');
  if (twoRevisions) {
    await cluster.http.request('PATCH', objectPath(DEPLOYMENTS, ns, 'web'), {
      body: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } }, contentType: 'application/strategic-merge-patch+json',
    });
    await waitAvailable(cluster.http, ns, 'web');
  }
  const pods = (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
  const marked = pods.find((p) => !p.metadata.deletionTimestamp)!;
  await cluster.http.request('PATCH', objectPath(PODS, ns, marked.metadata.name), {
    body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json',
  });
  return marked;
}

const SAMPLES = fs.readdirSync(path.join(process.cwd(), 'runbooks')).filter((f) => f.endsWith('.yaml')).sort();

describe('e2e: every sample runbook as its exported Job', function () {
  this.timeout(300_000);
  const { cluster, namespace } = useCluster('job');

  it('covers every runbook in runbooks/', () => {
    assert.ok(SAMPLES.length >= 6, SAMPLES.join(', '));
  });

  for (const file of SAMPLES) {
    it(`${file}: the Job's scan, dry-run and execute work with exactly the exported RBAC`, async () => {
      const ns = namespace();
      const t = e2e(cluster(), ns);
      const text = sampleRunbook(cluster().repoRoot, file, ns);
      const runbookFile = t.runbook(file, text);
      const runbook = parseRunbook(text).runbook!;
      const docs = await exportJobDocs(runbookFile, t.stateNamespace);
      const job = await applyJobRbac(cluster(), docs, t.stateNamespace);
      try {
        const marked = await workload(cluster(), ns, runbook.spec.action.type === 'rollbackDeployment');

        // 1. The CronJob's command, as the Job runs it: HOME unwritable, audit into the emptyDir.
        const auditDir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-emptydir-'));
        const home = unwritableHome();
        const scan = await runAsJob(cluster().repoRoot, docs, { runbookFile, auditDir, kubeconfig: job.kubeconfig, home: home.home }).finally(() => home.cleanup());
        assert.equal(scan.code, 0, `exit ${scan.code}: ${scan.stderr}`);
        assert.doesNotMatch(scan.stderr, /forbidden|internal error/i);
        const decisions = parseJson<{ decisions: Decision[] }>(scan).decisions;
        assert.equal(decisions.length, 1, JSON.stringify(decisions));
        const blocking = decisions[0].verdicts.find((v) => v.guardrail === 'blockingAnnotation')!;
        assert.equal(blocking.status, 'pass', blocking.reason);
        assert.match(blocking.reason, /Namespace read from the cluster state/);
        assert.ok(decisions[0].verdicts.every((v) => v.status !== 'error'), JSON.stringify(decisions[0].verdicts));
        if (runbook.spec.action.type === 'deletePod') assert.equal(decisions[0].outcome, 'verified', JSON.stringify(decisions[0]));
        const auditFile = path.join(auditDir, 'audit.jsonl');
        assert.ok(fs.existsSync(auditFile) && readAuditFile(auditFile).records.length > 0, 'the Job audited into the emptyDir');

        // 2. dry-run and execute with the Job's token, with an incident that matches the runbook's trigger.
        const incident = incidentFile(t.dir, {
          id: `INC-${file}`, symptom: runbook.spec.triggers.symptoms[0], probableCause: runbook.spec.triggers.probableCauses?.[0], confidence: 0.99,
        });
        const deletePod = runbook.spec.action.type === 'deletePod';
        const target = deletePod ? `${ns}/pod/${(await otherPod(cluster(), ns, marked)).metadata.name}` : `${ns}/deployment/web`;
        const dry = await t.run(['dry-run', '--runbook', runbookFile, '--target', target, '--incident', incident, '--json'], job.kubeconfig);
        assert.equal(dry.code, 0, dry.stderr);
        const dryPlan = parseJson<{ outcome: string; mode: string; access: { allowed: boolean; verb: string; resource: string }[] }>(dry);
        assert.equal(dryPlan.outcome, 'dry_run');
        assert.ok(dryPlan.access.every((a) => a.allowed), JSON.stringify(dryPlan.access.filter((a) => !a.allowed)));
        if (!deletePod && ['auto_execute', 'approval_required'].includes(dryPlan.mode)) {
          const run = await t.run(['execute', '--runbook', runbookFile, '--target', target, '--incident', incident, '--yes', '--approve', '--json'], job.kubeconfig);
          const result = parseJson<{ outcome: string; warnings: string[] }>(run);
          assert.equal(result.outcome, 'verified', `${run.stderr}\n${JSON.stringify(result).slice(0, 2000)}`);
          assert.deepEqual(result.warnings, [], 'Events, Lease and shared state were all written');
        } else if (!deletePod) {
          assert.equal(runbook.spec.decisionMode, 'manual', `${file} decided ${dryPlan.mode}`);
        }

        // 3. Exactly what the runbook needs: in its namespace, in the state namespace, and nowhere else.
        const rules = jobRules(runbook);
        const namespaceRead = flatten(rules.namespaces);
        assert.deepEqual(withoutDefaults(flatten(await rulesOf(job.kubeconfig, ns))), [...flatten(rules.target), ...namespaceRead].sort());
        assert.deepEqual(withoutDefaults(flatten(await rulesOf(job.kubeconfig, t.stateNamespace))), [...flatten(rules.state), ...namespaceRead].sort());
        assert.deepEqual(withoutDefaults(flatten(await rulesOf(job.kubeconfig, 'default'))), namespaceRead);
        assert.deepEqual(namespaceRead, [`get /namespaces[${ns}]`]);
      } finally {
        await job.cleanup();
      }
    });
  }
});

/** A Ready web pod other than the one the scan acted on. */
async function otherPod(cluster: TestCluster, ns: string, not: Pod): Promise<Pod> {
  const pods = (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
  return pods.find((p) => p.metadata.uid !== not.metadata.uid && !p.metadata.deletionTimestamp)!;
}
