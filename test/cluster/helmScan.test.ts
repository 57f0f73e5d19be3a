// `remediator scan` with a helmRollback runbook reads the targets' Helm histories as dry-run and execute
// do: a marked pod of a release that was upgraded to a bad revision is decided auto_execute (not an error
// for an unread history), and scan --execute rolls the release back to the last known-good revision.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PODS, listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { findTestHelm } from '../support/helm';
import { e2e, parseJson, type E2E } from './e2e/support';
import { useCluster } from './harness';
import { helmRunbookText, history, release, RELEASE } from './helmSupport';
import { waitAvailable } from './objects';

interface Decision { target: { name: string; kind: string }; mode: string; modeReason: string; outcome: string; message?: string; verdicts: { guardrail: string; status: string; reason: string }[] }

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
    // Scan's incidents are the restart mark's (manual_restart_recommended, no probable cause).
    const runbook = t.runbook('helm-scan.yaml', helmRunbookText(ns, { name: 'scan-roll-back-bad-upgrade', symptom: 'manual_restart_recommended' }));

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
