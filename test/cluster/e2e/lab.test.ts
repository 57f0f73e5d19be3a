// The seed lab end to end through the CLI, on the real control plane.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import { PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import { readyPods, seedLab } from '../objects';
import { deleteNamespace, useCluster, waitFor, type TestCluster } from '../harness';
import { cli } from '../../support/cli';
import { e2e, parseJson, seedRunbook } from './support';

const RESTART = 'remediator.kubedojo.io/restart';

interface Decision { target: { name: string; kind: string }; mode: string; outcome: string; verdicts: { guardrail: string; status: string; reason: string }[] }

async function pods(cluster: TestCluster, ns: string, app: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: `app=${app}` })).items as unknown as Pod[];
}

async function mark(cluster: TestCluster, ns: string, pod: string): Promise<void> {
  await cluster.http.request('PATCH', objectPath(PODS, ns, pod), {
    body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json',
  });
}

/** Lab steps 1-3: web x2 and singleton x1 (both opted in), one web pod and the singleton pod marked. */
async function labWithMarks(cluster: TestCluster, ns: string): Promise<{ web: Pod; singleton: Pod }> {
  await seedLab(cluster.http, ns);
  await cluster.http.request('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/singleton`, {
    body: { metadata: { labels: { 'remediator.kubedojo.io/enabled': 'true' } } }, contentType: 'application/merge-patch+json',
  });
  const [web] = await pods(cluster, ns, 'web');
  const [singleton] = await pods(cluster, ns, 'singleton');
  await mark(cluster, ns, web.metadata.name);
  await mark(cluster, ns, singleton.metadata.name);
  return { web, singleton };
}

describe('e2e: the seed lab through the CLI', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('lab');

  it('dry-run decides web auto_execute and singleton abort; scan --execute replaces web only; a second run changes nothing', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const { web, singleton } = await labWithMarks(cluster(), ns);
    const runbook = t.runbook('replace-redundant-pod.yaml', seedRunbook(ns, cluster().repoRoot));

    const dry = await t.run(['scan', '--runbook', runbook, '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const planned = parseJson<{ decisions: Decision[] }>(dry).decisions;
    const byName = (d: Decision[], name: string) => d.find((x) => x.target.name === name)!;
    assert.equal(byName(planned, web.metadata.name).mode, 'auto_execute');
    assert.equal(byName(planned, web.metadata.name).outcome, 'dry_run');
    const blocked = byName(planned, singleton.metadata.name);
    assert.equal(blocked.mode, 'abort');
    assert.match(blocked.verdicts.find((v) => v.guardrail === 'minimumReadyReplicasWithSameApp')!.reason, /only 1 Ready pod with app=singleton/);
    assert.equal((await pods(cluster(), ns, 'web')).length, 2, 'a dry run changes nothing');

    const dryRun = await t.run(['dry-run', '--runbook', runbook, '--target', `${ns}/pod/${web.metadata.name}`, '--json']);
    assert.equal(dryRun.code, 0, dryRun.stderr);
    const dryPlan = parseJson<{ outcome: string; access: { allowed: boolean }[] }>(dryRun);
    assert.equal(dryPlan.outcome, 'dry_run');
    assert.ok(dryPlan.access.length > 0 && dryPlan.access.every((a) => a.allowed));
    const stillThere = (await pods(cluster(), ns, 'web')).find((p) => p.metadata.uid === web.metadata.uid);
    assert.ok(stillThere && !stillThere.metadata.deletionTimestamp, 'the server-side dry run deleted nothing');

    const run1 = await t.run(['scan', '--runbook', runbook, '--execute', '--yes', '--json']);
    assert.equal(run1.code, 0, run1.stderr);
    const acted = parseJson<{ decisions: Decision[] }>(run1).decisions;
    assert.equal(byName(acted, web.metadata.name).outcome, 'verified');
    assert.equal(byName(acted, singleton.metadata.name).outcome, 'blocked');
    const webNow = await readyPods(cluster().http, ns, 'web');
    assert.equal(webNow.length, 2);
    assert.ok(webNow.every((p) => p.metadata.uid !== web.metadata.uid), 'the marked web pod was replaced');
    assert.ok((await pods(cluster(), ns, 'singleton')).some((p) => p.metadata.uid === singleton.metadata.uid), 'singleton untouched');
    const records = t.audit();
    assert.deepEqual(records.filter((r) => r.target.name === web.metadata.name).map((r) => r.outcome).slice(-2), ['executed', 'verified']);
    assert.ok(records.some((r) => r.target.name === singleton.metadata.name && r.outcome === 'blocked'));
    assert.ok(records.every((r) => r.actor && r.actor.length > 0));
    const executedId = records.find((r) => r.target.name === web.metadata.name && r.outcome === 'executed')!.id!;
    const reverified = await t.run(['verify', '--audit-id', executedId, '--json']);
    assert.equal(reverified.code, 0, reverified.stderr);
    assert.equal(parseJson<{ outcome: string; id: string }>(reverified).outcome, 'verified');
    const audit = await cli(['audit', '--audit-file', t.auditFile, '--outcome', 'verified', '--json']);
    assert.ok(parseJson<{ id: string }[]>(audit).filter((r) => r.id === executedId).length >= 2, 'both verifications are in the audit log');

    const run2 = await t.run(['scan', '--runbook', runbook, '--execute', '--yes', '--json']);
    assert.equal(run2.code, 0, run2.stderr);
    const second = parseJson<{ decisions: Decision[] }>(run2).decisions;
    assert.ok(second.every((d) => d.outcome !== 'verified' && d.outcome !== 'executed'), JSON.stringify(second.map((d) => [d.target.name, d.outcome])));
    const after = await pods(cluster(), ns, 'web');
    assert.deepEqual(after.map((p) => p.metadata.uid).sort(), webNow.map((p) => p.metadata.uid).sort(), 'no web pod was touched the second time');
    await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
  });

  it('the exported Role lets the Job act in the lab namespace and nowhere else', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const runbook = t.runbook('replace-redundant-pod.yaml', seedRunbook(ns, cluster().repoRoot));
    const out = await cli(['export-job', '--runbook', runbook, '--state-namespace', t.stateNamespace]);
    assert.equal(out.code, 0, out.stderr);
    const { parseAllDocuments } = await import('yaml');
    const docs = parseAllDocuments(out.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string } });
    await cluster().http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.stateNamespace } } });
    for (const doc of docs.filter((d) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(d.kind))) {
      const group = doc.kind === 'ServiceAccount' ? '/api/v1' : '/apis/rbac.authorization.k8s.io/v1';
      const plural = doc.kind === 'ServiceAccount' ? 'serviceaccounts' : `${doc.kind.toLowerCase()}s`;
      await cluster().http.request('POST', `${group}/namespaces/${doc.metadata.namespace}/${plural}`, { body: doc });
    }
    const sa = docs.find((d) => d.kind === 'ServiceAccount')!.metadata;
    const canI = async (namespaceToCheck: string, verb: string, resource: string) => {
      const review = await cluster().http.request<{ status: { allowed: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: `system:serviceaccount:${sa.namespace}:${sa.name}`, resourceAttributes: { namespace: namespaceToCheck, verb, resource } } },
      });
      return review.status.allowed;
    };
    await waitFor('RBAC to allow the Job in the lab namespace', async () => ((await canI(ns, 'delete', 'pods')) ? true : undefined), 10_000);
    assert.equal(await canI(ns, 'list', 'pods'), true);
    assert.equal(await canI('default', 'delete', 'pods'), false);
    assert.equal(await canI('kube-system', 'list', 'pods'), false);
    assert.equal(await canI(ns, 'delete', 'deployments'), false);
    await deleteNamespace(cluster().http, t.stateNamespace);
  });
});
