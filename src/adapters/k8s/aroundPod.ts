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

/** Whether `around` can be read this way (an app value a selector takes verbatim, at most 63 characters). */
export function aroundReadable(around: Around): boolean {
  return around.app.length <= 63 && SELECTOR_VALUE.test(around.app) && around.pod.length > 0;
}

/**
 * One object by name, as a list with a field selector: the same `list` permission as the namespace read
 * (a runbook's Role grants `list` on the five types, not always `get`); undefined when it is not there.
 */
async function byName(http: KubeHttp, t: ResourceType, namespace: string, name: string): Promise<KubeObject | undefined> {
  const { items } = await listAll(http, t, namespace, { fieldSelector: `metadata.name=${name}` });
  return items.find((o) => o.metadata.name === name);
}

function byIdentity<T extends KubeObject>(objects: readonly (T | undefined)[]): T[] {
  const seen = new Map<string, T>();
  for (const o of objects) if (o) seen.set(o.metadata.uid ?? o.metadata.name, o);
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
  const hinted = around.workload && WORKLOAD_TYPES[around.workload.kind];
  const [peers, self, appReplicaSets, pdbs, facts, hint] = await Promise.all([
    listAll(http, PODS, namespace, selector),
    byName(http, PODS, namespace, around.pod),
    listAll(http, REPLICA_SETS, namespace, selector),
    listAll(http, PDBS, namespace, { pageSize }),
    includeNamespaces ? deps.namespaceFacts([namespace]) : Promise.resolve(undefined),
    hinted ? byName(http, hinted, namespace, around.workload!.name) : Promise.resolve(undefined),
  ]);
  const pods = byIdentity([...peers.items, self]) as unknown as ClusterSnapshot['pods'];
  const first = deps.checked({ pods, replicaSets: appReplicaSets.items as unknown as ClusterSnapshot['replicaSets'], deployments: [], podDisruptionBudgets: pdbs.items as unknown as ClusterSnapshot['podDisruptionBudgets'] });
  let replicaSets = first.replicaSets;
  const known = new Set(replicaSets.map((rs) => rs.metadata.name));
  if (first.pods.some((p) => { const c = controllerOf(p.metadata); return c?.kind === 'ReplicaSet' && !known.has(c.name); })) {
    replicaSets = deps.checked({ pods: [], replicaSets: (await listAll(http, REPLICA_SETS, namespace, { pageSize })).items as unknown as ClusterSnapshot['replicaSets'], deployments: [], podDisruptionBudgets: [] }).replicaSets;
  }
  const controllers = (kind: string, metas: readonly { ownerReferences?: { kind: string; name: string; controller?: boolean }[] }[]) =>
    [...new Set(metas.map((m) => controllerOf(m)).filter((c) => c?.kind === kind).map((c) => c!.name))].sort();
  // The hinted workload was read alongside; any other controller now named is read by name.
  const read = (kind: string, t: ResourceType, names: readonly string[]) => Promise.all(names.map((name) =>
    (hint && around.workload?.kind === kind && around.workload.name === name ? Promise.resolve(hint) : byName(http, t, namespace, name))));
  const [deployments, statefulSets] = await Promise.all([
    read('Deployment', DEPLOYMENTS, controllers('Deployment', replicaSets.map((rs) => rs.metadata))),
    read('StatefulSet', STATEFUL_SETS, controllers('StatefulSet', first.pods.map((p) => p.metadata))),
  ]);
  const workloads = deps.checked({
    pods: [], replicaSets: [],
    deployments: byIdentity(deployments) as unknown as ClusterSnapshot['deployments'],
    statefulSets: byIdentity(statefulSets) as unknown as ClusterSnapshot['statefulSets'],
    podDisruptionBudgets: [],
  });
  return {
    pods: first.pods, replicaSets, deployments: workloads.deployments, statefulSets: workloads.statefulSets ?? [], podDisruptionBudgets: first.podDisruptionBudgets,
    ...(facts ?? {}),
  };
}
