// Pending approvals end to end: execute keeps an approval_required plan in the state namespace;
// approve re-runs the pipeline with the fresh re-check and acts; reject and expiry end it with nothing done;
// two approvers at once: one runs.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import { KubeApprovalStore } from '../../../src/adapters/k8s/approvals';
import { PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import { readyPods, seedLab } from '../objects';
import { deleteNamespace, useCluster, type TestCluster } from '../harness';
import { e2e, parseJson, seedRunbook, type E2E } from './support';

async function webPods(cluster: TestCluster, ns: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
}

interface Listed { approvals: { id: string; status: string; target: { name: string }; sentence: string }[]; problems: string[] }

describe('e2e: pending approvals (approve, reject, expire)', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('apr');
  let t: E2E | undefined;
  afterEach(async () => {
    if (t) await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
    t = undefined;
  });

  async function pending(): Promise<{ t: E2E; id: string; web: Pod; runbook: string }> {
    const ns = namespace();
    t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const [web] = await webPods(cluster(), ns);
    await cluster().http.request('PATCH', objectPath(PODS, ns, web.metadata.name), {
      body: { metadata: { labels: { 'remediator.kubedojo.io/restart': 'true' } } }, contentType: 'application/merge-patch+json',
    });
    const runbook = t.runbook('approve.yaml', seedRunbook(ns, cluster().repoRoot).replace('decisionMode: "auto_execute"', 'decisionMode: "approval_required"'));
    const r = await t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${web.metadata.name}`, '--yes', '--json']);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(parseJson<{ outcome: string }>(r).outcome, 'approval_pending', r.stdout);
    const listed = parseJson<Listed>(await t.run(['approvals', '--json']));
    assert.equal(listed.approvals.length, 1);
    assert.equal(listed.approvals[0].status, 'pending');
    assert.equal(listed.approvals[0].target.name, web.metadata.name);
    return { t, id: listed.approvals[0].id, web, runbook };
  }

  it('approve: the pipeline runs again with the approval and replaces the pod; a second approve is refused', async () => {
    const { t, id, web } = await pending();
    assert.equal((await webPods(cluster(), namespace())).length, 2, 'nothing done before the approval');
    const r = await t.run(['approve', id, '--yes', '--json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(parseJson<{ outcome: string }>(r).outcome, 'verified');
    const now = await readyPods(cluster().http, namespace(), 'web');
    assert.ok(now.every((p) => p.metadata.uid !== web.metadata.uid), 'the pod was replaced');
    const again = await t.run(['approve', id, '--yes']);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /already approved/);
    const outcomes = t.audit().filter((x) => x.target.name === web.metadata.name).map((x) => x.outcome);
    assert.deepEqual(outcomes, ['approval_pending', 'executed', 'verified']);
    assert.equal(parseJson<Listed>(await t.run(['approvals', '--json'])).approvals.length, 0, 'no longer pending');
  });

  it('reject: nothing done, audited; approve afterwards is refused', async () => {
    const { t, id, web } = await pending();
    const r = await t.run(['reject', id, '--reason', 'not during the release']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await t.run(['approve', id, '--yes'])).code, 3);
    assert.ok((await webPods(cluster(), namespace())).some((p) => p.metadata.uid === web.metadata.uid), 'untouched');
    const last = t.audit().at(-1)!;
    assert.equal(last.outcome, 'blocked');
    assert.match(last.message ?? '', /approval rejected by .*: not during the release; nothing done/);
  });

  it('an expired approval is refused, recorded as expired once, and nothing is done', async () => {
    const { t, id, web } = await pending();
    const approvals = new KubeApprovalStore(cluster().http, t.stateNamespace);
    const got = await approvals.get(id);
    assert.ok(got && 'approval' in got);
    assert.ok(await approvals.update({ ...got.approval, expiresAt: new Date(Date.now() - 1000).toISOString() }, got.version));
    const r = await t.run(['approve', id, '--yes']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /expired/);
    assert.ok((await webPods(cluster(), namespace())).some((p) => p.metadata.uid === web.metadata.uid), 'untouched');
    const after = await approvals.get(id);
    assert.ok(after && 'approval' in after && after.approval.status === 'expired');
    assert.match(t.audit().at(-1)!.message ?? '', /approval expired/);
  });

  it('two approvers at once: exactly one runs the pipeline', async () => {
    const { t, id } = await pending();
    const [a, b] = await Promise.all([t.run(['approve', id, '--yes']), t.run(['approve', id, '--yes'])]);
    assert.deepEqual([a.code, b.code].sort(), [0, 3], a.stderr + b.stderr);
    assert.equal(t.audit().filter((x) => x.outcome === 'executed').length, 1);
  });

  it('a hostile approval ConfigMap is reported, never acted on; unknown and malformed IDs are refused', async () => {
    const { t } = await pending();
    const forged = await cluster().http.request<{ metadata: { name: string } }>('POST', `/api/v1/namespaces/${t.stateNamespace}/configmaps`, {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'forged', labels: { 'remediations.kubedojo.io/approval': 'true' } }, data: { 'approval.json': '{"id":"x","status":"pending"}' } },
    });
    assert.equal(forged.metadata.name, 'forged');
    const listed = await t.run(['approvals', '--json']);
    assert.equal(listed.code, 1);
    assert.match(parseJson<Listed>(listed).problems.join('\n'), /forged: runbook must be a non-empty string|forged: .* must be/);
    const unknown = await t.run(['approve', 'no-such-approval', '--yes']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no approval no-such-approval/);
    assert.equal((await t.run(['approve', '../../etc', '--yes'])).code, 2);
    assert.equal((await t.run(['approve', '--yes'])).code, 2);
  });
});
