// Measures a snapshot of many pods, and compares the adapter's raw JSON lists with client-node's generated
// client (ObjectSerializer, class instances). REMEDIATOR_BENCH_PODS sets the pod count (default 1000).
import { CoreV1Api } from '@kubernetes/client-node';
import assert from 'node:assert/strict';
import { KubeClusterReader } from '../../src/adapters/k8s/reader';
import { PODS, collectionPath, listAll } from '../../src/adapters/k8s/resources';
import type { KubeHttp } from '../../src/adapters/k8s/http';
import { useCluster } from './harness';

const COUNT = Number(process.env.REMEDIATOR_BENCH_PODS ?? 1000);

/** A pod the scheduler leaves alone (scheduling gate), shaped like a real workload pod. */
function gatedPod(i: number): object {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `bench-${i}`, labels: { app: `bench-${i % 50}`, tier: 'web', 'remediator.kubedojo.io/enabled': 'true' },
      annotations: { 'example.com/owner': 'team-bench', 'example.com/build': `build-${i}` },
    },
    spec: {
      schedulingGates: [{ name: 'remediator.kubedojo.io/bench' }],
      containers: [{
        name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 8080 }],
        env: [{ name: 'MODE', value: 'bench' }, { name: 'INDEX', value: String(i) }],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
      }],
    },
  };
}

async function createPods(http: KubeHttp, namespace: string, count: number): Promise<void> {
  const path = collectionPath(PODS, namespace);
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, k) => start + k);
    await Promise.all(batch.map((i) => http.request('POST', path, { body: gatedPod(i) })));
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

describe('cluster: snapshot speed', function () {
  this.timeout(10 * 60_000);
  const { cluster, namespace } = useCluster('spd');

  it(`snapshots ${COUNT} pods; times raw JSON lists against client-node's typed list`, async function () {
    const { http, connection } = cluster();
    const ns = namespace();
    const created = await timed(() => createPods(http, ns, COUNT));
    console.log(`      created ${COUNT} pods in ${created.ms.toFixed(0)} ms`);
    const reader = new KubeClusterReader(http);
    await reader.snapshot({ namespaces: [ns] }); // warm the connection
    const snap = await timed(() => reader.snapshot({ namespaces: [ns] }));
    assert.equal(snap.value.pods.length, COUNT);
    const raw = await timed(() => listAll(http, PODS, ns));
    const core = connection.kubeConfig.makeApiClient(CoreV1Api);
    const typed = await timed(async () => {
      let items = 0;
      let next: string | undefined;
      do {
        const page = await core.listNamespacedPod({ namespace: ns, limit: 500, _continue: next });
        items += page.items.length;
        next = page.metadata?._continue || undefined;
      } while (next);
      return items;
    });
    assert.equal(typed.value, COUNT);
    console.log(`      snapshot (5 lists): ${snap.ms.toFixed(0)} ms; pods raw JSON: ${raw.ms.toFixed(0)} ms; pods client-node typed: ${typed.ms.toFixed(0)} ms`);
  });
});
