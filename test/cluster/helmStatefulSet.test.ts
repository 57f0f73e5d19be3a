// Helm rollback of a release that runs a StatefulSet: the real helm installs the fixture chart with
// statefulSet=true, upgrades it to a bad image, and the CLI rolls back NS/statefulset/NAME, found from
// the StatefulSet's Helm annotations, verified once the StatefulSet is Ready on the rolled-back revision.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { StatefulSet } from '../../src/core/k8s/types';
import { STATEFUL_SETS, objectPath } from '../../src/adapters/k8s/resources';
import { findTestHelm } from '../support/helm';
import { e2e, incidentFile, parseJson, type E2E } from './e2e/support';
import { useCluster, waitFor, type TestCluster } from './harness';
import { helmRunbookText, history, release, RELEASE } from './helmSupport';

const INCIDENT = { id: 'INC-HELM-STS', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 };
const AS_STATEFULSET = { statefulSet: 'true' };

interface Result {
  outcome: string; mode: string; target: { kind: string; name: string };
  action: { description: string; toRevision?: number; helm?: { fromRevision?: number } };
}

const readStatefulSet = (cluster: TestCluster, ns: string) => cluster.http.get<StatefulSet>(objectPath(STATEFUL_SETS, ns, RELEASE));

const imageOf = (s: StatefulSet) => (s.spec?.template?.spec as { containers: { image: string }[] }).containers[0].image;

/** Until the StatefulSet has observed its spec and every replica is Ready on one revision. */
function waitSettled(cluster: TestCluster, ns: string): Promise<StatefulSet> {
  return waitFor(`statefulset ${ns}/${RELEASE} settled`, async () => {
    const s = await readStatefulSet(cluster, ns);
    const st = s.status ?? {};
    const want = s.spec?.replicas ?? 1;
    const done = (st.observedGeneration ?? 0) >= (s.metadata.generation ?? 0) && st.readyReplicas === want && st.replicas === want
      && st.updateRevision !== undefined && st.currentRevision === st.updateRevision;
    return done ? s : undefined;
  }, 90_000);
}

describe('cluster: helm rollback of a StatefulSet through the CLI', function () {
  this.timeout(240_000);
  const { cluster, namespace } = useCluster('helm-sts');
  let t: E2E;

  beforeEach(() => { t = e2e(cluster(), namespace()); });
  afterEach(async function () {
    await cluster().http.request('DELETE', `/api/v1/namespaces/${t.stateNamespace}`).catch(() => undefined);
    fs.rmSync(t.dir, { recursive: true, force: true });
  });

  it('rolls NS/statefulset/NAME back to the previous good revision and verifies the StatefulSet\'s rollout', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { ...AS_STATEFULSET, 'image.tag': 'v1' });
    await release(cluster(), ns, 'upgrade', { ...AS_STATEFULSET, 'image.tag': 'v2' });
    const good = await waitSettled(cluster(), ns);
    await release(cluster(), ns, 'upgrade', { ...AS_STATEFULSET, 'image.tag': 'broken' });
    const bad = await waitSettled(cluster(), ns);
    assert.equal(imageOf(bad), 'checkout:broken');
    assert.equal(bad.metadata.annotations?.['meta.helm.sh/release-name'], RELEASE);

    const runbook = t.runbook('helm.yaml', helmRunbookText(ns));
    const r = await t.run([
      'execute', '--runbook', runbook, '--target', `${ns}/statefulset/${RELEASE}`, '--incident', incidentFile(t.dir, INCIDENT),
      '--json', '--yes', '--helm', findTestHelm(),
    ]);
    const result = parseJson<Result>(r);
    assert.equal(result.outcome, 'verified', r.stdout + r.stderr);
    assert.equal(r.code, 0);
    assert.deepEqual([result.target.kind, result.target.name], ['StatefulSet', RELEASE]);
    assert.deepEqual([result.action.helm?.fromRevision, result.action.toRevision], [3, 2]);
    assert.match(result.action.description, /roll Helm release checkout in .* back from revision 3 .* to 2/);

    const revisions = await history(cluster(), ns);
    assert.deepEqual(revisions.map((x) => [x.revision, x.status]), [[1, 'superseded'], [2, 'superseded'], [3, 'superseded'], [4, 'deployed']]);
    assert.equal(revisions[3].description, 'Rollback to 2');
    // Verified means the StatefulSet already reported every replica Ready on the rolled-back template.
    const after = await readStatefulSet(cluster(), ns);
    assert.equal(imageOf(after), 'checkout:v2');
    assert.equal(after.status?.currentRevision, after.status?.updateRevision);
    assert.equal(after.status?.readyReplicas, after.spec?.replicas);
    assert.equal(after.status?.updateRevision, good.status?.updateRevision, 'the rolled-back template is revision 2\'s');
    const details = t.audit().find((rec) => rec.outcome === 'executed' && rec.action.details)?.action.details;
    assert.deepEqual([details?.fromRevision, details?.toRevision, details?.release, details?.dryRun], [3, 2, RELEASE, false]);
    assert.equal(t.audit().at(-1)?.outcome, 'verified');
  });
});
