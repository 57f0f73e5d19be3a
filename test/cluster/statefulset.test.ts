// StatefulSets end to end through the CLI on the real control plane (the kube-controller-manager runs the
// StatefulSet controller; kwok makes the pods Ready): a marked pod of a 3-replica StatefulSet is replaced
// under the same name and verified, the marked pod of a 1-replica one is kept by the replica floor, and
// the seed-style restart and scale commands work on `NS/statefulset/NAME`.
import assert from 'node:assert/strict';
import type { Pod, StatefulSet } from '../../src/core/k8s/types';
import { PODS, STATEFUL_SETS, listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { ENABLED_LABEL, create } from './objects';
import { deleteNamespace, useCluster, waitFor, type TestCluster } from './harness';
import { e2e, parseJson, seedRunbook } from './e2e/support';

const RESTART = 'remediator.kubedojo.io/restart';

interface Decision { target: { name: string; kind: string }; mode: string; outcome: string; verdicts: { guardrail: string; status: string; reason: string }[] }

function statefulSet(name: string, replicas: number): object {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name, labels: { app: name, [ENABLED_LABEL]: 'true' } },
    spec: {
      replicas, serviceName: name, podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 0 },
      },
    },
  };
}

async function pods(cluster: TestCluster, ns: string, app: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: `app=${app}` })).items as unknown as Pod[];
}

const isReady = (p: Pod) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Until the StatefulSet has observed its spec and every replica is Ready on one revision. */
function waitSettled(cluster: TestCluster, ns: string, name: string): Promise<StatefulSet> {
  return waitFor(`statefulset ${ns}/${name} settled`, async () => {
    const s = await cluster.http.get<StatefulSet>(objectPath(STATEFUL_SETS, ns, name));
    const want = s.spec?.replicas ?? 1;
    const st = s.status ?? {};
    const done = (st.observedGeneration ?? 0) >= (s.metadata.generation ?? 0) && st.readyReplicas === want && st.replicas === want
      && st.currentRevision === st.updateRevision;
    return done ? s : undefined;
  }, 90_000);
}

async function mark(cluster: TestCluster, ns: string, pod: string): Promise<void> {
  await cluster.http.request('PATCH', objectPath(PODS, ns, pod), {
    body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json',
  });
}

function workloadRunbook(ns: string, name: string, command: string, check: string): string {
  return `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: ${name}
spec:
  intent: "Act on a StatefulSet through a seed-style kubectl command."
  owner: test
  risk: low
  decisionMode: auto_execute
  triggers:
    symptoms: [manual_restart_recommended]
    probableCauses: [pod_process_hung]
    minimumConfidence: 0.5
  scope:
    allowedNamespaces: [${ns}]
    requiredLabels:
      ${ENABLED_LABEL}: "true"
  guardrails:
    minimumReadyReplicasWithSameApp: 2
    maxExecutionsPerHour: 10
  action:
    command: "${command}"
  verification:
    checks: [${check}]
    timeoutSeconds: 120
  rollback:
    type: manual
  escalation:
    onGuardrailFailure: page_service_owner
    onVerificationFailure: page_service_owner
`;
}

const INCIDENT = { id: 'INC-STS', symptom: 'manual_restart_recommended', probableCause: 'pod_process_hung', confidence: 0.9 };

describe('StatefulSets through the CLI', function () {
  this.timeout(240_000);
  const { cluster, namespace } = useCluster('sts');
  const stateNamespaces: string[] = [];
  afterEach(async () => {
    for (const ns of stateNamespaces.splice(0)) await deleteNamespace(cluster().http, ns).catch(() => undefined);
  });

  it('replaces the marked pod of a 3-replica StatefulSet under its name and verifies it; keeps the 1-replica one', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    stateNamespaces.push(t.stateNamespace);
    await create(cluster().http, ns, statefulSet('db', 3), STATEFUL_SETS);
    await create(cluster().http, ns, statefulSet('cache', 1), STATEFUL_SETS);
    await Promise.all([waitSettled(cluster(), ns, 'db'), waitSettled(cluster(), ns, 'cache')]);
    const before = (await pods(cluster(), ns, 'db')).find((p) => p.metadata.name === 'db-1')!;
    const cache = (await pods(cluster(), ns, 'cache'))[0];
    await mark(cluster(), ns, 'db-1');
    await mark(cluster(), ns, cache.metadata.name);

    const runbook = t.runbook('replace-redundant-pod.yaml', seedRunbook(ns, cluster().repoRoot));
    const run = await t.run(['scan', '--runbook', runbook, '--execute', '--yes', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const decisions = parseJson<{ decisions: Decision[] }>(run).decisions;
    const db = decisions.find((d) => d.target.name === 'db-1')!;
    assert.equal(db.outcome, 'verified', JSON.stringify(db));
    const kept = decisions.find((d) => d.target.name === cache.metadata.name)!;
    assert.equal(kept.outcome, 'blocked');
    assert.match(kept.verdicts.find((v) => v.guardrail === 'minimumReadyReplicasWithSameApp')!.reason, /only 1 Ready pod with app=cache .*StatefulSet cache/);

    const after = (await pods(cluster(), ns, 'db')).find((p) => p.metadata.name === 'db-1')!;
    assert.notEqual(after.metadata.uid, before.metadata.uid, 'db-1 was recreated under the same name with a new uid');
    assert.ok(isReady(after), 'the new db-1 is Ready');
    assert.ok((await pods(cluster(), ns, 'cache')).some((p) => p.metadata.uid === cache.metadata.uid), 'the 1-replica StatefulSet\'s pod is untouched');
    const verified = t.audit().find((r) => r.target.name === 'db-1' && r.outcome === 'verified')!;
    assert.ok(verified, 'a verified record for db-1');
    const replacement = verified.verification?.checks?.find((c) => c.check === 'replacement_pod_ready_within_timeout');
    assert.match(replacement?.detail ?? '', /pod db-1 is recreated \(new uid .*\) and Ready; StatefulSet db has 3 of 3 replicas Ready/);
  });

  it('kubectl rollout restart statefulset and kubectl scale statefulset, verified', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    stateNamespaces.push(t.stateNamespace);
    await create(cluster().http, ns, statefulSet('db', 2), STATEFUL_SETS);
    await waitSettled(cluster(), ns, 'db');
    const incident = t.runbook('incident.json', JSON.stringify(INCIDENT));
    const target = `${ns}/statefulset/db`;

    const uids = new Set((await pods(cluster(), ns, 'db')).map((p) => p.metadata.uid));
    const restart = t.runbook('restart.yaml', workloadRunbook(ns, 'restart-db', 'kubectl rollout restart statefulset/${STATEFULSET} -n ${NAMESPACE}', 'rollout_complete'));
    const restarted = await t.run(['execute', '--runbook', restart, '--target', target, '--incident', incident, '--yes', '--json']);
    assert.equal(restarted.code, 0, restarted.stderr + restarted.stdout);
    assert.equal(parseJson<{ outcome: string }>(restarted).outcome, 'verified', restarted.stdout);
    const sts = await waitSettled(cluster(), ns, 'db');
    assert.ok(sts.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], 'the restart annotation is on the template');
    assert.ok((await pods(cluster(), ns, 'db')).every((p) => !uids.has(p.metadata.uid)), 'every pod was replaced');

    const scale = t.runbook('scale.yaml', workloadRunbook(ns, 'scale-db', 'kubectl scale statefulset/${STATEFULSET} -n ${NAMESPACE} --replicas=3', 'available_replicas_equal_desired_replicas'));
    const dry = await t.run(['dry-run', '--runbook', scale, '--target', target, '--incident', incident, '--json']);
    assert.equal(dry.code, 0, dry.stderr + dry.stdout);
    const dryPlan = parseJson<{ outcome: string; access: { allowed: boolean }[] }>(dry);
    assert.equal(dryPlan.outcome, 'dry_run');
    assert.ok(dryPlan.access.length > 0 && dryPlan.access.every((a) => a.allowed), 'the access review asks for what the StatefulSet scale needs, and it is granted');
    assert.equal((await waitSettled(cluster(), ns, 'db')).spec?.replicas, 2, 'the server-side dry run scaled nothing');

    const scaled = await t.run(['execute', '--runbook', scale, '--target', target, '--incident', incident, '--yes', '--json']);
    assert.equal(scaled.code, 0, scaled.stderr + scaled.stdout);
    assert.equal(parseJson<{ outcome: string }>(scaled).outcome, 'verified', scaled.stdout);
    assert.equal((await waitSettled(cluster(), ns, 'db')).spec?.replicas, 3);
    assert.equal((await pods(cluster(), ns, 'db')).filter(isReady).length, 3);
  });
});
