// From a snapshot of the looked-up namespaces (Namespace objects, Deployments, StatefulSets; no pods
// needed) to the record's namespaces and workloads.
import type { ClusterSnapshot, Deployment, StatefulSet } from '../../k8s/types';
import { appOfWorkload } from '../../k8s/workload';
import type { LiveClusterRecord, LiveWorkload, NamespaceState } from './record';

function liveWorkload(kind: LiveWorkload['kind'], o: Deployment | StatefulSet): LiveWorkload {
  const app = appOfWorkload(o);
  return { namespace: o.metadata.namespace ?? '', kind, name: o.metadata.name, labels: o.metadata.labels ?? {}, ...(app !== undefined ? { app } : {}) };
}

/**
 * Each looked-up name: `exists` when its Namespace was read, `unreadable` when reading it was denied,
 * else `missing` (the API server answered 404, or a list without it). Workloads of every namespace read.
 */
export function liveInventory(names: readonly string[], snapshot: ClusterSnapshot): Pick<LiveClusterRecord, 'namespaces' | 'workloads'> {
  const found = new Set((snapshot.namespaces ?? []).map((n) => n.metadata.name));
  const unreadable = snapshot.unreadableNamespaces ?? {};
  const state = (ns: string): NamespaceState => (found.has(ns) ? 'exists' : Object.hasOwn(unreadable, ns) ? 'unreadable' : 'missing');
  return {
    namespaces: new Map(names.map((ns) => [ns, state(ns)])),
    workloads: [
      ...snapshot.deployments.map((d) => liveWorkload('Deployment', d)),
      ...(snapshot.statefulSets ?? []).map((s) => liveWorkload('StatefulSet', s)),
    ],
  };
}
