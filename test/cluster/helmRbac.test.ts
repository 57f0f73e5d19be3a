// export-job's Role for a Helm runbook: the ServiceAccount may do what `helm rollback` needs for the
// release (its Secrets and the kinds of its manifest: auth can-i), and the real helm, authenticated as
// that ServiceAccount, rolls the release back through the CLI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { findTestHelm } from '../support/helm';
import { applyJobRbac, exportJobDocs, flatten, rulesOf } from './e2e/exported';
import { e2e, incidentFile, parseJson } from './e2e/support';
import { useCluster } from './harness';
import { history, release, RELEASE } from './helmSupport';

const RUNBOOK = (ns: string) => `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: helm-job
spec:
  intent: "Roll a bad upgrade back."
  owner: test
  risk: medium
  decisionMode: auto_execute
  triggers: { symptoms: [http_5xx], probableCauses: [bad_deploy], minimumConfidence: 0.8 }
  scope: { allowedNamespaces: [${ns}] }
  guardrails: { maxExecutionsPerHour: 5 }
  action: { command: "helm rollback \${RELEASE} -n \${NAMESPACE}" }
  verification: { checks: [rollout_complete], timeoutSeconds: 90 }
  rollback: { type: manual, notes: "Roll forward by hand." }
  escalation: { onGuardrailFailure: page_service_owner, onVerificationFailure: page_service_owner }
`;

describe('cluster: export-job RBAC for a helm rollback runbook', function () {
  this.timeout(240_000);
  const { cluster, namespace } = useCluster('hrbac');

  it('grants the release Secrets and the manifest kinds; helm rolls back as the ServiceAccount', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const runbookFile = t.runbook('helm.yaml', RUNBOOK(ns));
    const docs = await exportJobDocs(runbookFile, t.stateNamespace);
    const job = await applyJobRbac(cluster(), docs, t.stateNamespace);
    try {
      const can = new Set(flatten(await rulesOf(job.kubeconfig, ns)));
      for (const verb of ['list', 'get', 'create', 'update', 'delete']) assert.ok(can.has(`${verb} /secrets`), `can ${verb} secrets`);
      for (const kind of ['apps/deployments', '/configmaps']) {
        for (const verb of ['get', 'create', 'patch', 'delete']) assert.ok(can.has(`${verb} ${kind}`), `can ${verb} ${kind}`);
      }
      assert.ok(!can.has('get /pods/exec') && !can.has('create /pods/exec'), 'nothing beyond what the steps need');

      await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
      await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
      const r = await t.run(['execute', '--runbook', runbookFile, '--target', `${ns}/deployment/${RELEASE}`, '--incident',
        incidentFile(t.dir, { id: 'INC-RBAC', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.9 }), '--json', '--yes', '--helm', findTestHelm()], job.kubeconfig);
      const result = parseJson<{ outcome: string; access: { allowed: boolean; verb: string; resource: string }[] }>(r);
      assert.equal(result.outcome, 'verified', r.stdout.slice(-2000) + r.stderr);
      assert.ok(result.access.every((a) => a.allowed), JSON.stringify(result.access.filter((a) => !a.allowed)));
      assert.equal((await history(cluster(), ns)).at(-1)?.description, 'Rollback to 1');
    } finally {
      await job.cleanup();
      await cluster().http.request('DELETE', `/api/v1/namespaces/${t.stateNamespace}`).catch(() => undefined);
      fs.rmSync(t.dir, { recursive: true, force: true });
    }
  });
});
