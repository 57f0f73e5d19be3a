// Cluster population and probes for bench/cluster.ts.
import type { Plan } from '../src/core/engine/plan';
import type { Deployment, Pod } from '../src/core/k8s/types';
import { statusOf } from '../src/adapters/k8s/errors';
import type { KubeHttp } from '../src/adapters/k8s/http';
import type { KubeConnection } from '../src/adapters/k8s/kubeconfig';
import { KubeClusterReader } from '../src/adapters/k8s/reader';
import { PODS, listAll, type KubeObject } from '../src/adapters/k8s/resources';
import { verifyLive } from '../src/core/pipeline/verifyLive';
import { baselineFor } from '../src/core/verify/checks';

export const BENCH_NAMESPACES = (n: number) => Array.from({ length: n }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
const RESTART = 'remediator.kubedojo.io/restart';

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  try { await p; } catch (err) { if (statusOf(err) !== 409) throw err; }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

function deployment(name: string, replicas: number): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels: { app: name, 'remediator.kubedojo.io/enabled': 'true' } },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, bench: 'true' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 0 } },
    },
  };
}

const ready = (p: Pod) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Creates (or reuses) N namespaces x M Deployments x R replicas, waits until every pod is Ready, labels `labeled` pods. */
export async function populate(http: KubeHttp, o: { namespaces: number; deploymentsPerNamespace: number; replicas: number; labeled: number }) {
  const namespaces = BENCH_NAMESPACES(o.namespaces);
  await inBatches(namespaces, 10, (ns) => ignoreExists(http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } })));
  const deployments = namespaces.flatMap((ns) => Array.from({ length: o.deploymentsPerNamespace }, (_, d) => ({ ns, name: `svc-${d}` })));
  await inBatches(deployments, 20, ({ ns, name }) => ignoreExists(http.request('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { body: deployment(name, o.replicas) })));
  const want = deployments.length * o.replicas;
  const deadline = Date.now() + 20 * 60_000;
  let pods: Pod[] = [];
  for (;;) {
    pods = (await listAll<KubeObject>(http, PODS, undefined, { labelSelector: 'bench=true' })).items as unknown as Pod[];
    const n = pods.filter(ready).length;
    if (n >= want) break;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${want} bench pods became Ready`);
    process.stdout.write(`  ${n}/${want} pods Ready\n`);
    await new Promise((r) => setTimeout(r, 5000)); // progress cadence while thousands of pods start; not a correctness wait
  }
  const perNamespace = Math.ceil(o.labeled / namespaces.length);
  const toLabel = namespaces.flatMap((ns) => pods.filter((p) => p.metadata.namespace === ns && ready(p)).slice(0, perNamespace)).slice(0, o.labeled);
  const marked = new Set(toLabel.map((p) => p.metadata.uid));
  const extra = pods.filter((p) => p.metadata.labels?.[RESTART] === 'true' && !marked.has(p.metadata.uid));
  await inBatches(extra, 20, (p) => http.request('PATCH', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`, { body: { metadata: { labels: { [RESTART]: null } } }, contentType: 'application/merge-patch+json' }));
  await inBatches(toLabel.filter((p) => p.metadata.labels?.[RESTART] !== 'true'), 20, (p) => http.request('PATCH', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`, { body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json' }));
  return { pods: pods.length, deployments: deployments.length, labeled: toLabel.length };
}

/** One HTTPS GET, body read but not parsed: the floor any reader of that list pays. */
export async function rawGet(conn: KubeConnection, path: string): Promise<number> {
  const https = await import('node:https');
  const opts: import('node:https').RequestOptions = {};
  await conn.kubeConfig.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(`${conn.server}${path}`, { ...opts, method: 'GET', headers: { ...(opts.headers as object), Accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Scales a Deployment back and forth; for each change: when a raw watch sees availableReplicas reach the
 *  target vs when verifyLive (the pipeline's watch-driven verification) reports verified. */
export async function reactionLatency(conn: KubeConnection, samples = 5): Promise<{ median: number; samples: number[] }> {
  const http = conn.http;
  const ns = 'bench-react';
  await ignoreExists(http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } }));
  await ignoreExists(http.request('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { body: deployment('react', 1) }));
  const reader = new KubeClusterReader(http);
  const results: number[] = [];
  for (let i = 0; i < samples + 1; i++) {
    const current = await http.get<Deployment>(`/apis/apps/v1/namespaces/${ns}/deployments/react`);
    const from = current.spec?.replicas ?? 1;
    const to = from === 1 ? 2 : 1;
    const plan = {
      target: { namespace: ns, kind: 'Deployment', name: 'react' },
      verification: { checks: [{ check: 'available_replicas_equal_desired_replicas', description: '' }], timeoutSeconds: 120, expect: { desiredReplicas: to } },
    } as unknown as Plan;
    const snapshot = await reader.snapshot({ namespaces: [ns] });
    let seenAt = 0;
    const watch = http.stream(`/apis/apps/v1/namespaces/${ns}/deployments`, { watch: true, resourceVersion: current.metadata.resourceVersion }, (ev) => {
      const d = (ev as { object: Deployment }).object;
      if (!seenAt && d.spec?.replicas === to && d.status?.availableReplicas === to && (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)) seenAt = performance.now();
    }, 120_000);
    const verifying = verifyLive(reader, plan, baselineFor(plan, snapshot));
    await http.request('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/react/scale`, { body: { spec: { replicas: to } }, contentType: 'application/merge-patch+json' });
    const outcome = await verifying;
    const verifiedAt = performance.now();
    watch.abort();
    if (outcome.status !== 'verified') throw new Error(`verification ${outcome.status}: ${outcome.error ?? ''}`);
    if (i > 0 && seenAt) results.push(Math.max(0, verifiedAt - seenAt)); // first round warms up the informers
  }
  const sorted = [...results].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], samples: results };
}
