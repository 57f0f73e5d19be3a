// Builders and helpers for the objects the cluster tests create (the seed lab: web x2 opted in, singleton x1).
import type { Deployment, Pod } from '../../src/core/k8s/types';
import type { KubeHttp } from '../../src/adapters/k8s/http';
import { REPORTING_CONTROLLER } from '../../src/adapters/k8s/events';
import { DEPLOYMENTS, EVENTS, PDBS, PODS, collectionPath, listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { waitFor } from './harness';

export const ENABLED_LABEL = 'remediator.kubedojo.io/enabled';

/** An events.k8s.io/v1 Event as the tests read it. */
export interface EventObject extends KubeObject {
  reason?: string; note?: string; type?: string; action?: string; reportingController?: string;
  regarding?: { kind?: string; name?: string; uid?: string };
  eventTime?: string; series?: { count?: number; lastObservedTime?: string };
}

/** The Events Remediator wrote in `namespace`. */
export async function remediatorEvents(http: KubeHttp, namespace: string): Promise<EventObject[]> {
  return (await listAll<EventObject>(http, EVENTS, namespace)).items.filter((e) => e.reportingController === REPORTING_CONTROLLER);
}

export function deployment(name: string, replicas: number, options: { labels?: Record<string, string>; image?: string } = {}): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels: { app: name, ...options.labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: options.image ?? 'nginx:1.27' }], terminationGracePeriodSeconds: 0 },
      },
    },
  };
}

export function pdb(name: string, app: string, minAvailable: number): object {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable, selector: { matchLabels: { app } } } };
}

export async function create(http: KubeHttp, namespace: string, object: object, type = DEPLOYMENTS): Promise<KubeObject> {
  return http.request<KubeObject>('POST', collectionPath(type, namespace), { body: object });
}

export async function createPdb(http: KubeHttp, namespace: string, name: string, app: string, minAvailable: number): Promise<void> {
  await create(http, namespace, pdb(name, app, minAvailable), PDBS);
  // The disruption controller must have counted the pods before an eviction is judged against it.
  await waitFor(`PDB ${name} observed`, async () => {
    const o = await http.get<{ metadata: { generation?: number }; status?: { observedGeneration?: number; expectedPods?: number } }>(objectPath(PDBS, namespace, name));
    return o.status?.observedGeneration === o.metadata.generation && (o.status?.expectedPods ?? 0) > 0 ? true : undefined;
  }, 30_000);
}

function isReady(p: Pod): boolean {
  return !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export async function readyPods(http: KubeHttp, namespace: string, app: string): Promise<Pod[]> {
  const { items } = await listAll<KubeObject>(http, PODS, namespace, { labelSelector: `app=${app}` });
  return (items as unknown as Pod[]).filter(isReady);
}

/** Until the Deployment's rollout is complete: observed, all replicas updated and available, no old pods. */
export function waitAvailable(http: KubeHttp, namespace: string, name: string, deadlineMs = 60_000): Promise<Deployment> {
  return waitFor(`deployment ${namespace}/${name} available`, async () => {
    const d = await http.get<Deployment>(objectPath(DEPLOYMENTS, namespace, name));
    const want = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    const done = (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === want
      && s.availableReplicas === want && s.replicas === want;
    return done || (want === 0 && (s.replicas ?? 0) === 0) ? d : undefined;
  }, deadlineMs);
}

/** Creates the seed lab in `namespace`: web x2 (opted in) and singleton x1, both available. */
export async function seedLab(http: KubeHttp, namespace: string): Promise<void> {
  await create(http, namespace, deployment('web', 2, { labels: { [ENABLED_LABEL]: 'true' } }));
  await create(http, namespace, deployment('singleton', 1));
  await Promise.all([waitAvailable(http, namespace, 'web'), waitAvailable(http, namespace, 'singleton')]);
}
