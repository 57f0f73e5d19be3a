// `remediator scan` with a helmRollback runbook reads the targets' Helm histories as dry-run and execute
// do: a marked pod of a release that was upgraded to a bad revision is decided auto_execute (not an error
// for an unread history), and scan --execute rolls the release back to the last known-good revision.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PODS, listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { findTestHelm } from '../support/helm';
import { e2e, parseJson, type E2E } from './e2e/support';
import { useCluster } from './harness';
import { history, release, RELEASE } from './helmSupport';
import { waitAvailable } from './objects';

interface Decision { target: { name: string; kind: string }; mode: string; modeReason: string; outcome: string; message?: string; verdicts: { guardrail: string; status: string; reason: string }[] }

function runbookText(ns: string): string {
  return `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: scan-roll-back-bad-upgrade
spec:
  intent: "Roll the release back to its last known-good revision when one of its pods is marked."
  owner: test
  risk: medium
  decisionMode: auto_execute
  triggers:
    symptoms: [manual_restart_recommended]
    minimumConfidence: 0.8
  scope:
    allowedNamespaces: [${ns}]
    requiredLabels:
      remediator.kubedojo.io/enabled: "true"
  guardrails:
    maxExecutionsPerHour: 5
  action:
    command: helm rollback \${RELEASE} -n \${NAMESPACE}
  verification:
    checks: [rollout_complete]
    timeoutSeconds: 90
  rollback:
    type: manual
    notes: "Roll forward by hand once the chart is fixed."
  escalation:
    onGuardrailFailure: page_service_owner
    onVerificationFailure: page_service_owner
`;
}

describe('cluster: scan with a helmRollback runbook', function () {
  this.timeout(240_000);
  const { cluster, namespace } = useCluster('helmscan');
  let t: E2E;

  beforeEach(() => { t = e2e(cluster(), namespace()); });
  afterEach(async () => {
    await cluster().http.request('DELETE', `/api/v1/namespaces/${t.stateNamespace}`).catch(() => undefined);
    fs.rmSync(t.dir, { recursive: true, force: true });
  });

  it('decides from the release history, and scan --execute rolls the release back', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    await waitAvailable(cluster().http, ns, RELEASE);
    const [pod] = (await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: `app=${RELEASE}` })).items;
    await cluster().http.request('PATCH', objectPath(PODS, ns, pod.metadata.name), {
      body: { metadata: { labels: { 'remediator.kubedojo.io/restart': 'true' } } }, contentType: 'application/merge-patch+json',
    });
    const runbook = t.runbook('helm-scan.yaml', runbookText(ns));

    const dry = await t.run(['scan', '--runbook', runbook, '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const [planned] = parseJson<{ decisions: Decision[] }>(dry).decisions;
    assert.equal(planned.mode, 'auto_execute', `${planned.modeReason}\n${JSON.stringify(planned.verdicts, null, 2)}`);
    assert.equal(planned.outcome, 'dry_run');
    assert.deepEqual([planned.target.kind, planned.target.name], ['Deployment', RELEASE]);
    assert.match(planned.verdicts.find((v) => v.guardrail === 'helmTargetRevision')!.reason, /from revision 2 \(deployed\) to 1, the last known-good revision/);
    assert.equal((await history(cluster(), ns)).length, 2, 'a scan without --execute changes nothing');

    const acted = await t.run(['scan', '--runbook', runbook, '--execute', '--yes', '--json', '--helm', findTestHelm()]);
    assert.equal(acted.code, 0, acted.stderr);
    const [done] = parseJson<{ decisions: Decision[] }>(acted).decisions;
    assert.equal(done.outcome, 'verified', done.message);
    const revisions = await history(cluster(), ns);
    assert.deepEqual(revisions.map((r) => [r.revision, r.status]), [[1, 'superseded'], [2, 'superseded'], [3, 'deployed']]);
    assert.equal(revisions[2].description, 'Rollback to 1');
  });
});
