// The re-check right before acting on a pod reads only what a decision on that pod depends on
// (SnapshotScope.around): on the real API server, the decision on that read is the decision on the whole
// namespace, for every pod, and it asks for no whole-namespace list of pods.
import assert from 'node:assert/strict';
import { decisionContext, decideTarget } from '../../src/core/engine/decide';
import type { ClusterSnapshot } from '../../src/core/k8s/types';
import { KubeClusterReader } from '../../src/adapters/k8s/reader';
import { PODS, REPLICA_SETS, collectionPath, objectPath } from '../../src/adapters/k8s/resources';
import { incident, runbook } from '../support/k8s';
import { counting } from './counting';
import { useCluster, waitFor } from './harness';
import { ENABLED_LABEL, create, createPdb, deployment, readyPods, seedLab, waitAvailable } from './objects';

/** A ReplicaSet of its own (no Deployment) whose labels do not carry the pods' app. */
function bareReplicaSet(name: string, app: string, replicas: number): object {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, labels: { team: 'x', [ENABLED_LABEL]: 'true' } },
    spec: {
      replicas, selector: { matchLabels: { app } },
      template: { metadata: { labels: { app, [ENABLED_LABEL]: 'true' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 0 } },
    },
  };
}

describe('cluster: the re-check\'s read around one pod', function () {
  const { cluster, namespace } = useCluster('arp');

  it('decides every pod exactly as on the whole namespace, with no whole-namespace pod list', async function () {
    const { http } = cluster();
    const ns = namespace();
    await seedLab(http, ns);
    await create(http, ns, deployment('api', 3, { labels: { [ENABLED_LABEL]: 'true' } }));
    await createPdb(http, ns, 'web-pdb', 'web', 1);
    await create(http, ns, bareReplicaSet('loner', 'loner', 2), REPLICA_SETS);
    await waitAvailable(http, ns, 'api');
    await waitFor('the bare ReplicaSet\'s pods are Ready', async () => ((await readyPods(http, ns, 'loner')).length === 2 ? true : undefined));
    // A web pod relabelled to another app: the read by name still finds it, whatever its labels say.
    const [moved] = await readyPods(http, ns, 'web');
    await http.request('PATCH', objectPath(PODS, ns, moved.metadata.name), { body: { metadata: { labels: { app: 'moved' } } }, contentType: 'application/merge-patch+json' });
    // The ReplicaSet lets it go and starts a replacement: wait until that is Ready, so both reads see one state.
    await waitFor('web is back to two Ready pods', async () => {
      const web = await readyPods(http, ns, 'web');
      return web.length === 2 && web.every((p) => p.metadata.name !== moved.metadata.name) ? true : undefined;
    });
    await waitAvailable(http, ns, 'web');

    const counted = counting(http);
    const reader = new KubeClusterReader(counted.http);
    const full = await new KubeClusterReader(http).snapshot({ namespaces: [ns], includeNamespaces: true });
    const rb = runbook({ scope: { allowedNamespaces: [ns] } });
    const now = new Date();
    const decide = (snapshot: ClusterSnapshot, name: string) => {
      const plan = decideTarget(decisionContext({ runbook: rb, snapshot: { ...snapshot, takenAt: undefined }, now }), { namespace: ns, kind: 'Pod', name }, incident({ symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.9 }));
      return { mode: plan.mode, verdicts: plan.verdicts.map((v) => `${v.guardrail} ${v.status}: ${v.reason}`), workload: plan.workload };
    };
    assert.ok(full.pods.length >= 9, `the namespace has its pods (${full.pods.length})`);
    for (const pod of full.pods) {
      const name = pod.metadata.name;
      const app = name === moved.metadata.name ? 'web' : pod.metadata.labels?.app ?? '';
      const first = decide(full, name);
      const before = counted.sent.length;
      const around = await reader.snapshot({ namespaces: [ns], includeNamespaces: true, around: { pod: name, app, ...(first.workload ? { workload: { kind: first.workload.kind, name: first.workload.name } } : {}) } });
      const sent = counted.sent.slice(before);
      assert.deepEqual(decide(around, name), first, `pod ${name}`);
      assert.ok(around.pods.every((p) => p.metadata.labels?.app === app || p.metadata.name === name), `only ${app}'s pods and the pod itself`);
      assert.ok(around.namespaces?.some((n) => n.metadata.name === ns), 'the Namespace is read');
      assert.equal(around.podDisruptionBudgets.length, 1, 'every PDB of the namespace');
      const podLists = sent.filter((r) => r.method === 'GET' && r.path === collectionPath(PODS, ns));
      assert.deepEqual(podLists.map((r) => r.query?.labelSelector ?? r.query?.fieldSelector).sort(), [`app=${app}`, `metadata.name=${name}`].sort(), 'the app\'s pods and the pod by name, nothing more');
      assert.ok(sent.every((r) => r.method === 'GET' && !/\/(pods|deployments|statefulsets|replicasets)\/[^/?]+$/.test(r.path)), 'lists only (the list permission a runbook\'s Role has)');
      const rsLists = sent.filter((r) => r.method === 'GET' && r.path === collectionPath(REPLICA_SETS, ns)).map((r) => r.query?.labelSelector);
      if (app === 'loner') {
        assert.deepEqual(rsLists, ['app=loner', undefined], 'the bare ReplicaSet lacks the app label: then every ReplicaSet is read');
        assert.deepEqual(around.replicaSets.map((r) => r.metadata.name).includes('loner'), true);
      } else {
        assert.ok(around.replicaSets.every((r) => r.metadata.labels?.app === app), 'only the app\'s ReplicaSets');
      }
    }
  });

  it('an app value or a pod name a selector cannot take as it is reads the whole namespace; a hostile workload hint is not sent', async function () {
    const { http } = cluster();
    const ns = namespace();
    await seedLab(http, ns);
    const [web] = await readyPods(http, ns, 'web');
    for (const around of [{ pod: 'x', app: 'a,b' }, { pod: 'x,metadata.name!=y', app: 'web' }, { pod: 'X', app: 'web' }]) {
      const counted = counting(http);
      const snap = await new KubeClusterReader(counted.http).snapshot({ namespaces: [ns], around });
      assert.equal(snap.pods.length, 3, JSON.stringify(around));
      assert.ok(counted.sent.some((r) => r.path === collectionPath(PODS, ns) && r.query?.labelSelector === undefined && r.query?.fieldSelector === undefined), 'a whole-namespace list');
    }
    const counted = counting(http);
    const snap = await new KubeClusterReader(counted.http).snapshot({ namespaces: [ns], around: { pod: web.metadata.name, app: 'web', workload: { kind: 'Deployment', name: 'web,metadata.name!=z' } } });
    assert.deepEqual(snap.deployments.map((d) => d.metadata.name), ['web'], 'the controller is read by its own name');
    assert.ok(counted.sent.every((r) => !String(r.query?.fieldSelector ?? '').includes('!=')), 'the hint was not sent');
  });
});
