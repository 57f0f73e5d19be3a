// The live read behind a re-check right before acting on one pod (SnapshotScope.around): only what a
// decision on that pod depends on, not its whole namespace. In a namespace of a thousand pods the
// namespace read is five lists and about a megabyte per action; this is a few small requests:
//   - the pods labelled `app=<app>` (the replica floor's and the blast radius's peers) and the pod itself
//     by name (whatever its labels now say);
//   - the ReplicaSets labelled `app=<app>` (a Deployment's ReplicaSets carry its pod template's labels),
//     or every ReplicaSet of the namespace when one of those pods is owned by a ReplicaSet not among them;
//   - the Deployments and StatefulSets those pods and ReplicaSets name as their controller, by name;
//   - every PodDisruptionBudget of the namespace (any of them may select the pod), and the Namespace.
// An object "by name" is a list with a `metadata.name` field selector: the namespace read's own `list`
// permission, which a runbook's Role grants where `get` may not be. Everything goes through the same
// shape checks as a full snapshot before anything reads an owner.
import type { ClusterSnapshot } from '../../core/k8s/types';
import { controllerOf } from '../../core/k8s/pods';
import type { SnapshotScope } from '../../core/ports';
import type { KubeHttp } from './http';
import { DEPLOYMENTS, PDBS, PODS, REPLICA_SETS, STATEFUL_SETS, listAll, type KubeObject, type ResourceType } from './resources';

/** Label values usable in an equality selector as they are. */
const SELECTOR_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export type Around = NonNullable<SnapshotScope['around']>;

const WORKLOAD_TYPES: Record<string, ResourceType> = { Deployment: DEPLOYMENTS, StatefulSet: STATEFUL_SETS };

/** An object name as the API server makes them (DNS subdomain): safe in a field selector as it is. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const nameOk = (name: string) => name.length <= 253 && OBJECT_NAME.test(name);

/** Whether `around` can be read this way: an app value and a pod name that selectors take verbatim. */
export function aroundReadable(around: Around): boolean {
  return around.app.length <= 63 && SELECTOR_VALUE.test(around.app) && nameOk(around.pod);
}

/**
 * One object by name, as a list with a field selector: the same `list` permission as the namespace read
 * (a runbook's Role grants `list` on the five types, not always `get`); undefined when it is not there.
 */
async function byName(http: KubeHttp, t: ResourceType, namespace: string, name: string): Promise<KubeObject[]> {
  return (await listAll(http, t, namespace, { fieldSelector: `metadata.name=${name}` })).items;
}

/** Checked objects once each (the pod itself is also among its app's pods). */
function byIdentity<T extends { metadata: { name: string; uid?: string } }>(objects: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const o of objects) seen.set(o.metadata.uid ?? o.metadata.name, o);
  return [...seen.values()];
}

export interface AroundReadDeps {
  http: KubeHttp;
  pageSize?: number;
  /** Shape checks (throws on a malformed object), as for a full snapshot. */
  checked(snapshot: ClusterSnapshot): ClusterSnapshot;
  namespaceFacts(namespaces: readonly string[]): Promise<Pick<ClusterSnapshot, 'namespaces' | 'unreadableNamespaces'>>;
}

/** The snapshot of `around` in `namespace` (see the file header); `takenAt` is set by the caller. */
export async function snapshotAroundPod(deps: AroundReadDeps, namespace: string, around: Around, includeNamespaces: boolean): Promise<Omit<ClusterSnapshot, 'takenAt'>> {
  const { http, pageSize } = deps;
  const selector = { pageSize, labelSelector: `app=${around.app}` };
  const hinted = around.workload && nameOk(around.workload.name) ? WORKLOAD_TYPES[around.workload.kind] : undefined;
  const [peers, self, appReplicaSets, pdbs, facts, hintRead] = await Promise.all([
    listAll(http, PODS, namespace, selector),
    byName(http, PODS, namespace, around.pod),
    listAll(http, REPLICA_SETS, namespace, selector),
    listAll(http, PDBS, namespace, { pageSize }),
    includeNamespaces ? deps.namespaceFacts([namespace]) : Promise.resolve(undefined),
    hinted ? byName(http, hinted, namespace, around.workload!.name) : Promise.resolve([]),
  ]);
  // Shape checks first: nothing below reads a field of an unchecked object.
  const first = deps.checked({
    pods: [...peers.items, ...self] as unknown as ClusterSnapshot['pods'],
    replicaSets: appReplicaSets.items as unknown as ClusterSnapshot['replicaSets'], deployments: [],
    podDisruptionBudgets: pdbs.items as unknown as ClusterSnapshot['podDisruptionBudgets'],
  });
  const hintChecked = deps.checked({
    pods: [], replicaSets: [], podDisruptionBudgets: [],
    deployments: (hinted === DEPLOYMENTS ? hintRead : []) as unknown as ClusterSnapshot['deployments'],
    statefulSets: (hinted === STATEFUL_SETS ? hintRead : []) as unknown as ClusterSnapshot['statefulSets'],
  });
  const hint = [...hintChecked.deployments, ...(hintChecked.statefulSets ?? [])].find((w) => w.metadata.name === around.workload?.name);
  const pods = byIdentity(first.pods);
  let replicaSets = first.replicaSets;
  const known = new Set(replicaSets.map((rs) => rs.metadata.name));
  if (pods.some((p) => { const c = controllerOf(p.metadata); return c?.kind === 'ReplicaSet' && !known.has(c.name); })) {
    replicaSets = deps.checked({ pods: [], replicaSets: (await listAll(http, REPLICA_SETS, namespace, { pageSize })).items as unknown as ClusterSnapshot['replicaSets'], deployments: [], podDisruptionBudgets: [] }).replicaSets;
  }
  const controllers = (kind: string, metas: readonly { ownerReferences?: { kind: string; name: string; controller?: boolean }[] }[]) =>
    [...new Set(metas.map((m) => controllerOf(m)).filter((c) => c?.kind === kind).map((c) => c!.name))].sort();
  // The hinted workload was read alongside; any other controller now named is read by name.
  // A name that is no object name (an API server's own objects never have one) matches nothing.
  const read = async (kind: string, t: ResourceType, names: readonly string[]): Promise<unknown[]> =>
    (await Promise.all(names.map((name) => {
      if (hint && hint.kind === kind && hint.metadata.name === name) return Promise.resolve([hint]);
      return nameOk(name) ? byName(http, t, namespace, name) : Promise.resolve([]);
    }))).flat();
  const [deployments, statefulSets] = await Promise.all([
    read('Deployment', DEPLOYMENTS, controllers('Deployment', replicaSets.map((rs) => rs.metadata))),
    read('StatefulSet', STATEFUL_SETS, controllers('StatefulSet', pods.map((p) => p.metadata))),
  ]);
  const workloads = deps.checked({
    pods: [], replicaSets: [], podDisruptionBudgets: [],
    deployments: deployments as ClusterSnapshot['deployments'],
    statefulSets: statefulSets as ClusterSnapshot['statefulSets'],
  });
  return {
    pods, replicaSets, deployments: byIdentity(workloads.deployments), statefulSets: byIdentity(workloads.statefulSets ?? []), podDisruptionBudgets: first.podDisruptionBudgets,
    ...(facts ?? {}),
  };
}
