// Helm rollback end to end: the real helm binary (built by the cluster build) installs the fixture
// chart, upgrades it to bad revisions, and the CLI rolls the release back; kwok makes the pods Ready.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Deployment } from '../../src/core/k8s/types';
import { DEPLOYMENTS, objectPath } from '../../src/adapters/k8s/resources';
import { findTestHelm } from '../support/helm';
import { e2e, incidentFile, parseJson, type E2E } from './e2e/support';
import { useCluster, type TestCluster } from './harness';
import { waitAvailable } from './objects';
import { helmRunbookText as runbookText, history, markPending, release, RELEASE } from './helmSupport';

const INCIDENT = { id: 'INC-HELM', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 };

async function image(cluster: TestCluster, ns: string): Promise<string | undefined> {
  const d = await cluster.http.get<Deployment>(objectPath(DEPLOYMENTS, ns, RELEASE));
  return (d.spec?.template?.spec as { containers: { image: string }[] }).containers[0].image;
}

interface Result { outcome: string; mode: string; action: { toRevision?: number; helm?: { fromRevision?: number } }; records: { message?: string; details?: Record<string, unknown> }[] }

describe('cluster: helm rollback through the CLI', function () {
  this.timeout(240_000);
  const { cluster, namespace } = useCluster('helm');
  let t: E2E;
  let helmPath: string;

  beforeEach(async function () {
    helmPath = findTestHelm();
    t = e2e(cluster(), namespace());
  });
  afterEach(async function () {
    // The CLI's shared state lives in <ns>-state; it is created on first use.
    await cluster().http.request('DELETE', `/api/v1/namespaces/${t.stateNamespace}`).catch(() => undefined);
    fs.rmSync(t.dir, { recursive: true, force: true });
  });

  const run = (ns: string, verb: 'execute' | 'dry-run', runbook: string, extra: string[] = []) => t.run([
    verb, '--runbook', runbook, '--target', `${ns}/deployment/${RELEASE}`, '--incident', incidentFile(t.dir, INCIDENT), '--json', ...extra,
  ]);

  it('rolls a bad upgrade back to the previous good revision, verifies the rollout and audits both revisions', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'broken', greeting: 'oops' });
    await waitAvailable(cluster().http, ns, RELEASE);
    const runbook = t.runbook('helm.yaml', runbookText(ns));

    const dry = await t.run(['dry-run', '--runbook', runbook, '--target', `${ns}/deployment/${RELEASE}`, '--incident', incidentFile(t.dir, INCIDENT), '--helm', helmPath]);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /current:  revision 3 {2}checkout-0\.1\.0, app 1\.0 {2}deployed/);
    assert.match(dry.stdout, /proposed: revision 2 /);
    assert.match(dry.stdout, /-\s+tag: broken/);
    assert.match(dry.stdout, /\+\s+image: "checkout:v2"/);
    assert.match(dry.stdout, /server-side dry run accepted: server dry run: helm rolled release/);
    assert.equal((await history(cluster(), ns)).length, 3, 'a dry run adds no revision');

    const r = await run(ns, 'execute', runbook, ['--yes', '--helm', helmPath]);
    const result = parseJson<Result>(r);
    assert.equal(result.outcome, 'verified', r.stderr);
    assert.equal(r.code, 0);
    const revisions = await history(cluster(), ns);
    assert.deepEqual(revisions.map((x) => [x.revision, x.status]), [[1, 'superseded'], [2, 'superseded'], [3, 'superseded'], [4, 'deployed']]);
    assert.equal(revisions[3].description, 'Rollback to 2');
    assert.equal(await image(cluster(), ns), 'checkout:v2');
    const details = t.audit().find((rec) => rec.outcome === 'executed' && rec.action.details)?.action.details;
    assert.deepEqual([details?.fromRevision, details?.toRevision, details?.release, details?.dryRun], [3, 2, RELEASE, false]);
    assert.equal(t.audit().at(-1)?.outcome, 'verified');
  });

  it('goes past failed revisions to the last deployed one', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    await release(cluster(), ns, 'upgrade', { replicas: '-1' }, true);
    await release(cluster(), ns, 'upgrade', { replicas: '-2' }, true);
    assert.deepEqual((await history(cluster(), ns)).map((x) => x.status), ['superseded', 'deployed', 'failed', 'failed']);
    const r = await run(ns, 'execute', t.runbook('helm.yaml', runbookText(ns)), ['--yes', '--helm', helmPath]);
    const result = parseJson<Result>(r);
    assert.equal(result.outcome, 'verified', r.stderr);
    assert.deepEqual([result.action.helm?.fromRevision, result.action.toRevision], [4, 2]);
    assert.equal((await history(cluster(), ns)).at(-1)?.description, 'Rollback to 2');
  });

  it('refuses while an upgrade is pending, and aborts when nothing is known-good', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    const runbook = t.runbook('helm.yaml', runbookText(ns));
    const nothing = await run(ns, 'execute', runbook, ['--yes', '--helm', helmPath]);
    const first = parseJson<Result & { verdicts: { guardrail: string; status: string; reason: string }[] }>(nothing);
    assert.equal(first.mode, 'abort');
    assert.equal(nothing.code, 3);
    assert.match(first.verdicts.find((v) => v.guardrail === 'helmTargetRevision')!.reason, /nothing known-good to roll back to/);

    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    await markPending(cluster(), ns, 2);
    const pending = await run(ns, 'execute', runbook, ['--yes', '--helm', helmPath]);
    const second = parseJson<Result & { verdicts: { guardrail: string; status: string; reason: string }[] }>(pending);
    assert.equal(second.mode, 'abort');
    assert.equal(pending.code, 3);
    assert.match(second.verdicts.find((v) => v.guardrail === 'helmReleaseNotPending')!.reason, /revision 2 is pending-upgrade/);
    assert.equal((await history(cluster(), ns)).length, 2, 'nothing was rolled back');
  });

  it('a missing helm is a clear error before anything changes', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    const runbook = t.runbook('helm.yaml', runbookText(ns));
    // The in-process CLI has an empty environment: no REMEDIATOR_HELM and no PATH.
    const none = await run(ns, 'execute', runbook, ['--yes']);
    assert.equal(parseJson<Result>(none).outcome, 'error');
    assert.equal(none.code, 5);
    assert.match(parseJson<Result>(none).records.at(-1)?.message ?? '', /server-side dry run refused: helm not found: pass --helm PATH, set REMEDIATOR_HELM, or put helm on PATH/);
    const wrong = await run(ns, 'execute', runbook, ['--yes', '--helm', path.join(t.dir, 'no-helm-here')]);
    assert.match(parseJson<Result>(wrong).records.at(-1)?.message ?? '', /helm not found: .*no-helm-here \(from --helm\) is not an executable file/);
    assert.equal((await history(cluster(), ns)).length, 2, 'nothing was rolled back');
    assert.equal(await image(cluster(), ns), 'checkout:v2');
  });

  it('approval_required: nothing changes without --approve; with it the rollback runs', async () => {
    const ns = namespace();
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    const runbook = t.runbook('helm.yaml', runbookText(ns, { mode: 'approval_required', action: 'type: helmRollback\n    toRevision: 1' }));
    const waiting = await run(ns, 'execute', runbook, ['--yes', '--helm', helmPath]);
    assert.equal(parseJson<Result>(waiting).outcome, 'approval_pending');
    assert.equal((await history(cluster(), ns)).length, 2);
    assert.equal(await image(cluster(), ns), 'checkout:v2');
    const approved = await run(ns, 'execute', runbook, ['--yes', '--approve', '--helm', helmPath]);
    assert.equal(parseJson<Result>(approved).outcome, 'verified', approved.stderr);
    assert.equal(await image(cluster(), ns), 'checkout:v1');
  });
});
