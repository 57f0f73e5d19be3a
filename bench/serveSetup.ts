// Cluster population, the runbook and the clean-up for bench/serve.ts: one namespace of D Deployments x R
// replicas (kwok makes their pods Ready without running containers), opted in to remediation.
import fs from 'node:fs';
import path from 'node:path';
import { statusOf } from '../src/adapters/k8s/errors';
import type { KubeHttp } from '../src/adapters/k8s/http';
import { CONFIG_MAPS, DEPLOYMENTS, NAMESPACES, PODS, collectionPath, listAll, objectPath, type KubeObject } from '../src/adapters/k8s/resources';
import { INCIDENT_LABEL } from '../src/adapters/k8s/incidents';
import { PAGE_LABEL } from '../src/adapters/k8s/ledgerPages';
import type { Pod } from '../src/core/k8s/types';

export const ALERTNAMES = ['PodCrashLooping', 'PodNotReady', 'PodRestartingOften', 'PodProbeFailing', 'PodHung'];

/** The runbook's limits, so the figures can be compared with them. */
export const LIMITS = { maxConcurrentActions: 3, maxExecutionsPerHour: 1, cooldownMinutes: 30, minimumReadyReplicasWithSameApp: 2, maxPercentOfReplicas: 20 };

async function ignoreExists(p: Promise<unknown>): Promise<void> {
  try { await p; } catch (err) { if (statusOf(err) !== 409) throw err; }
}

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

function deployment(name: string, replicas: number): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels: { app: name, 'remediator.kubedojo.io/enabled': 'true' } },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'remediator.kubedojo.io/enabled': 'true' } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 0 },
      },
    },
  };
}

const ready = (p: Pod) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Waits until the namespace is gone (a namespace being deleted refuses new objects). */
export async function waitGone(http: KubeHttp, namespace: string, deadlineMs = 10 * 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (await http.get(objectPath(NAMESPACES, undefined, namespace)).then(() => true, () => false)) {
    if (Date.now() > end) throw new Error(`namespace ${namespace} is still there after ${deadlineMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500)); // polling the API for a condition, with a deadline
  }
}

/** Creates the namespace and its Deployments (or reuses them), waits until every pod is Ready; returns the pods. */
export async function populate(http: KubeHttp, namespace: string, deployments: number, replicas: number): Promise<Pod[]> {
  const existing = await http.get<{ status?: { phase?: string } }>(objectPath(NAMESPACES, undefined, namespace)).catch(() => undefined);
  if (existing?.status?.phase === 'Terminating') await waitGone(http, namespace);
  await ignoreExists(http.request('POST', collectionPath(NAMESPACES), { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } }));
  const names = Array.from({ length: deployments }, (_, d) => `svc-${String(d).padStart(3, '0')}`);
  await inBatches(names, 20, (name) => ignoreExists(http.request('POST', collectionPath(DEPLOYMENTS, namespace), { body: deployment(name, replicas) })));
  const want = deployments * replicas;
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    const pods = ((await listAll<KubeObject>(http, PODS, namespace)).items as unknown as Pod[]).filter(ready);
    if (pods.length >= want) return pods;
    if (Date.now() > deadline) throw new Error(`only ${pods.length} of ${want} pods in ${namespace} became Ready`);
    process.stdout.write(`  ${pods.length}/${want} pods Ready\n`);
    await new Promise((r) => setTimeout(r, 3000)); // progress cadence while a thousand pods start; not a correctness wait
  }
}

/**
 * The seed runbook (replace one unhealthy pod of a redundant, opted-in workload) scoped to the bench
 * namespace, answering the five alertnames, with limits tight enough that most alerts end blocked:
 * one replacement per Deployment an hour, a cooldown, three actions in flight at a time, a blast radius.
 */
export function benchRunbook(repoRoot: string, namespace: string, verifySeconds: number): string {
  const seed = fs.readFileSync(path.join(repoRoot, 'runbooks', 'replace-redundant-pod.yaml'), 'utf8');
  const alerts = ALERTNAMES.map((a) => `      - alertname: ${a}\n`).join('');
  const text = seed
    .replace(/"aiops-remediation-lab"/g, `"${namespace}"`)
    .replace(/    minimumConfidence: 0\.8\n/, `    minimumConfidence: 0.8\n    alerts:\n${alerts}`)
    .replace(/    maxExecutionsPerHour: 3\n/, `    maxExecutionsPerHour: ${LIMITS.maxExecutionsPerHour}\n    blastRadius:\n      maxPercentOfReplicas: ${LIMITS.maxPercentOfReplicas}\n`)
    .replace(/    cooldownMinutes: 10\n/, `    cooldownMinutes: ${LIMITS.cooldownMinutes}\n`)
    .replace(/    maxConcurrentActions: 1\n/, `    maxConcurrentActions: ${LIMITS.maxConcurrentActions}\n`)
    .replace(/    timeoutSeconds: 120\n/, `    timeoutSeconds: ${verifySeconds}\n`);
  if (!text.includes(`maxConcurrentActions: ${LIMITS.maxConcurrentActions}`) || !text.includes('alerts:')) {
    throw new Error('the seed runbook changed shape: the benchmark runbook could not be derived from it');
  }
  return text;
}

/** Incident ledger entries recorded in the state namespace (one ConfigMap per incident). */
/** Incidents in the ledger: ConfigMaps of their own, and the entries of the shared pages (decisions that changed nothing). */
export async function ledgerEntries(http: KubeHttp, stateNamespace: string): Promise<number> {
  try {
    const items = (await listAll<KubeObject & { data?: Record<string, string> }>(http, CONFIG_MAPS, stateNamespace, { labelSelector: `${INCIDENT_LABEL}=true` })).items;
    const keys = new Set<string>();
    for (const cm of items) {
      if ((cm.metadata.labels as Record<string, string> | undefined)?.[PAGE_LABEL] === 'true') for (const name of Object.keys(cm.data ?? {})) keys.add(name);
      else keys.add(cm.metadata.name);
    }
    return keys.size;
  } catch (err) {
    if (statusOf(err) === 404) return 0;
    throw err;
  }
}

/** Deletes the namespaces (background propagation) without waiting for kwok to finish. */
export async function deleteNamespaces(http: KubeHttp, namespaces: readonly string[]): Promise<void> {
  await Promise.all(namespaces.map((ns) => http.request('DELETE', objectPath(NAMESPACES, undefined, ns), {
    body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
  }).catch((err: unknown) => { if (statusOf(err) !== 404) throw err; })));
}
