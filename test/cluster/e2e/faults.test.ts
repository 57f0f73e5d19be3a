// Failure paths end to end through the CLI on the real control plane: verification failure with rollback
// and circuit breaker, two executes at once, a missing permission, a vanished target,.
// (The API server stopping during verification is in zz-apiserver-stop.test.ts, which runs last.)
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Deployment, Pod } from '../../../src/core/k8s/types';
import { DEPLOYMENTS, PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import { seedLab } from '../objects';
import { deleteNamespace, kubeconfigWith, serviceAccountToken, useCluster, type TestCluster } from '../harness';
import { QUEUE_INCIDENT, e2e, incidentFile, parseJson, scaleRunbook, seedRunbook, stuckDeployment } from './support';

interface Result { outcome: string; mode: string; records: { outcome: string; message?: string }[]; verdicts: { guardrail: string; status: string; reason: string }[] }

async function replicas(cluster: TestCluster, ns: string, name: string): Promise<number | undefined> {
  return (await cluster.http.get<Deployment>(objectPath(DEPLOYMENTS, ns, name))).spec?.replicas;
}

describe('e2e: failures', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('flt');

  it('verification fails within the deadline, rolls back the scale, and the breaker opens after the configured count', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await stuckDeployment(cluster(), ns);
    const runbook = t.runbook('scale.yaml', scaleRunbook(ns, { timeoutSeconds: 3, failureThreshold: 2 }));
    const incident = incidentFile(t.dir, QUEUE_INCIDENT);
    const target = `${ns}/deployment/stuck`;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const r = await t.run(['execute', '--runbook', runbook, '--target', target, '--incident', incident, '--yes', '--json']);
      const out = parseJson<Result>(r);
      assert.equal(r.code, 4, r.stderr);
      assert.deepEqual(out.records.map((x) => x.outcome), ['executed', 'verification_failed', 'rolled_back']);
      assert.match(out.records[1].message!, /page_service_owner/);
      assert.equal(await replicas(cluster(), ns, 'stuck'), 0, `attempt ${attempt} rolled back to the recorded count`);
    }
    const third = await t.run(['execute', '--runbook', runbook, '--target', target, '--incident', incident, '--yes', '--json']);
    const out = parseJson<Result>(third);
    assert.equal(third.code, 3);
    assert.equal(out.mode, 'abort');
    assert.equal(out.verdicts.find((v) => v.guardrail === 'circuitBreaker')!.status, 'fail');
    assert.deepEqual(t.audit().map((r) => r.outcome), ['executed', 'verification_failed', 'rolled_back', 'executed', 'verification_failed', 'rolled_back', 'blocked']);
    await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
  });

  it('two executes on one key at once: exactly one acts', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const runbook = t.runbook('rb.yaml', seedRunbook(ns, cluster().repoRoot));
    const web = ((await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[]);
    const incident = incidentFile(t.dir, { id: 'INC-RACE', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.95 });
    const [a, b] = await Promise.all(web.map((p) => t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${p.metadata.name}`, '--incident', incident, '--yes', '--json'])));
    const outcomes = [parseJson<Result>(a).outcome, parseJson<Result>(b).outcome].sort();
    assert.deepEqual(outcomes, ['blocked', 'verified'], `${a.stdout}\n${b.stdout}`);
    assert.equal(t.audit().filter((r) => r.outcome === 'executed').length, 1);
    await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
  });

  it('a target deleted between dry-run and execute aborts as stale', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const runbook = t.runbook('rb.yaml', seedRunbook(ns, cluster().repoRoot));
    const [pod] = (await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
    const incident = incidentFile(t.dir, { id: 'INC-STALE', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.95 });
    const target = `${ns}/pod/${pod.metadata.name}`;
    assert.equal(parseJson<Result>(await t.run(['dry-run', '--runbook', runbook, '--target', target, '--incident', incident, '--json'])).outcome, 'dry_run');
    await cluster().http.request('DELETE', objectPath(PODS, ns, pod.metadata.name));
    const r = await t.run(['execute', '--runbook', runbook, '--target', target, '--incident', incident, '--yes', '--json']);
    const out = parseJson<Result>(r);
    assert.equal(r.code, 3);
    assert.equal(out.mode, 'abort');
    assert.equal(out.verdicts.find((v) => v.guardrail === 'targetExists')!.status, 'fail');
    assert.equal(t.audit().at(-1)!.outcome, 'blocked');
    await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
  });

  it('a restricted service account gets the missing permission named, and nothing acts', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const kubeconfig = await restrictedKubeconfig(cluster(), ns);
    const runbook = t.runbook('rb.yaml', seedRunbook(ns, cluster().repoRoot));
    const [pod] = (await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
    const incident = incidentFile(t.dir, { id: 'INC-403', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.95 });
    const r = await t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${pod.metadata.name}`, '--incident', incident, '--yes', '--json', '--local-state', path.join(t.dir, 'state.jsonl')], kubeconfig);
    const text = `${r.stdout}\n${r.stderr}`;
    assert.notEqual(r.code, 0);
    assert.match(text, /delete pods in /);
    const still = await cluster().http.get<Pod>(objectPath(PODS, ns, pod.metadata.name));
    assert.equal(still.metadata.uid, pod.metadata.uid, 'the pod was not deleted');
  });
});

/** A ServiceAccount that may read the namespace but not delete pods, with a token kubeconfig. */
async function restrictedKubeconfig(cluster: TestCluster, ns: string): Promise<string> {
  const token = await serviceAccountToken(cluster, ns, 'reader', [
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['list'] },
    // Its own Namespace (blockingAnnotation reads it): the API server authorizes that read in the namespace.
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
  ]);
  return kubeconfigWith(cluster, ns, 'reader', token);
}
