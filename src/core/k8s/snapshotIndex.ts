import { controllerOf, isPodReady, podIdentity } from './pods';
import type { ClusterSnapshot, Deployment, Namespace, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet } from './types';

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

function byKey<T extends { metadata: { namespace?: string; name: string } }>(items: T[] | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) map.set(key(item.metadata.namespace, item.metadata.name), item);
  return map;
}

/** The workload that owns a pod, found through its controller chain (Pod -> ReplicaSet -> Deployment). */
export type Workload =
  | { kind: 'Deployment'; object: Deployment; replicaSet?: ReplicaSet }
  | { kind: 'StatefulSet'; object: StatefulSet }
  | { kind: 'ReplicaSet'; object: ReplicaSet };

export type OwnerLookup =
  | { status: 'found'; workload: Workload }
  | { status: 'none'; reason: string }
  | { status: 'missing'; reason: string };

/** A pod listed more than once in the state (same uid, or same namespace/name): it counts once. */
export interface DuplicatePod {
  namespace: string;
  name: string;
  /** How many times it was listed. */
  copies: number;
  /** True when the copies differ (then it is Ready only if every copy is Ready). */
  differ: boolean;
}

/** The distinct pods of one top-level controller, and its Ready ones by app label. */
interface ControllerPods { pods: Pod[]; readyByApp: Map<string, Pod[]>; duplicates: DuplicatePod[] }

/** "Deployment/ns/name": the top-level controller a pod's peers must share. */
export function controllerKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/**
 * Read-only indexes over one snapshot, built once (O(objects)), so that deciding for many pods never
 * scans the whole snapshot per pod. Pods are deduplicated while indexing: the first copy of a pod
 * (by uid, else namespace/name) is the one looked up, and a pod whose copies disagree counts as Ready
 * only when every copy is Ready, so a repeated entry can never add a Ready peer.
 */
/** Indexes of frozen snapshot lists, by their pod list (see SnapshotIndex.of). */
const BUILT = new WeakMap<readonly Pod[], { lists: readonly unknown[]; index: SnapshotIndex }>();

export class SnapshotIndex {
  readonly pods: Map<string, Pod>;
  readonly replicaSets: Map<string, ReplicaSet>;
  readonly deployments: Map<string, Deployment>;
  readonly statefulSets: Map<string, StatefulSet>;
  readonly namespaces: Map<string, Namespace>;
  /** Every pod once, in snapshot order. */
  readonly distinctPods: Pod[] = [];
  readonly duplicatePods: DuplicatePod[] = [];
  /** Readiness of pods whose copies disagree (all others: isPodReady of the one copy). */
  private readonly readyOverride = new Map<Pod, boolean>();
  private readonly podsByNamespaceApp = new Map<string, Pod[]>();
  private readonly podsByNamespace = new Map<string, Pod[]>();
  private readonly controllers = new Map<string, ControllerPods>();
  private readonly replicaSetsByDeployment = new Map<string, ReplicaSet[]>();
  private readonly pdbsByNamespace = new Map<string, PodDisruptionBudget[]>();

  /**
   * The index of `snapshot`, reused when the same frozen lists were indexed before (serve decides hundreds
   * of alerts a second on one informer view; building the index is linear in the namespace). Frozen
   * lists cannot change under the index; any other snapshot is indexed afresh. The reused index answers
   * with this snapshot's own time and unreadable namespaces.
   */
  static of(snapshot: ClusterSnapshot): SnapshotIndex {
    const lists = [snapshot.pods, snapshot.replicaSets, snapshot.deployments, snapshot.statefulSets, snapshot.podDisruptionBudgets, snapshot.namespaces];
    if (!lists.every((l) => l === undefined || Object.isFrozen(l))) return new SnapshotIndex(snapshot);
    const known = BUILT.get(snapshot.pods);
    if (known && known.lists.every((l, i) => l === lists[i])) return known.index.snapshot === snapshot ? known.index : known.index.over(snapshot);
    const index = new SnapshotIndex(snapshot);
    BUILT.set(snapshot.pods, { lists, index });
    return index;
  }

  /** This index (its maps shared, never changed after construction) over another snapshot of the same lists. */
  private over(snapshot: ClusterSnapshot): SnapshotIndex {
    const copy = Object.assign(Object.create(SnapshotIndex.prototype) as SnapshotIndex, this);
    Object.defineProperty(copy, 'snapshot', { value: snapshot, enumerable: true });
    return copy;
  }

  constructor(readonly snapshot: ClusterSnapshot) {
    this.replicaSets = byKey(snapshot.replicaSets);
    this.deployments = byKey(snapshot.deployments);
    this.statefulSets = byKey(snapshot.statefulSets);
    this.namespaces = new Map((snapshot.namespaces ?? []).map((n) => [n.metadata.name, n]));
    this.pods = new Map();
    const duplicates = this.dedupePods(snapshot.pods);
    for (const rs of this.replicaSets.values()) {
      const o = controllerOf(rs.metadata);
      if (o?.kind === 'Deployment') push(this.replicaSetsByDeployment, key(rs.metadata.namespace, o.name), rs);
    }
    // Pods of one ReplicaSet are usually listed together: remember the last owner's group so most
    // pods cost no key building or lookup.
    let last: { ns: string; owner: { kind: string; name: string }; group: ControllerPods | undefined } | undefined;
    for (const pod of this.distinctPods) {
      const ns = pod.metadata.namespace ?? '';
      push(this.podsByNamespace, ns, pod);
      const app = pod.metadata.labels?.app;
      if (app !== undefined) push(this.podsByNamespaceApp, key(ns, app), pod);
      const owner = controllerOf(pod.metadata);
      if (!owner) continue;
      if (!last || last.ns !== ns || last.owner.kind !== owner.kind || last.owner.name !== owner.name) {
        const controller = this.topController(pod);
        last = { ns, owner, group: controller === undefined ? undefined : this.controllerGroup(controller) };
      }
      const group = last.group;
      if (!group) continue;
      group.pods.push(pod);
      if (app !== undefined && (this.readyOverride.get(pod) ?? isPodReady(pod))) push(group.readyByApp, app, pod);
      const dup = duplicates.get(pod);
      if (dup) group.duplicates.push(dup);
    }
    for (const pdb of snapshot.podDisruptionBudgets) push(this.pdbsByNamespace, pdb.metadata.namespace ?? '', pdb);
  }

  private controllerGroup(controller: string): ControllerPods {
    let group = this.controllers.get(controller);
    if (!group) this.controllers.set(controller, group = { pods: [], readyByApp: new Map(), duplicates: [] });
    return group;
  }

  /** Keeps the first copy of every pod; records repeats and folds their readiness into the first copy. */
  private dedupePods(pods: readonly Pod[]): Map<Pod, DuplicatePod> {
    const byUid = new Map<string, Pod>();
    const duplicates = new Map<Pod, DuplicatePod>();
    for (const pod of pods) {
      const uid = pod.metadata.uid;
      const nameKey = key(pod.metadata.namespace, pod.metadata.name);
      const first = (uid ? byUid.get(uid) : undefined) ?? this.pods.get(nameKey);
      if (!first) {
        this.distinctPods.push(pod);
        this.pods.set(nameKey, pod);
        if (uid) byUid.set(uid, pod);
        continue;
      }
      // A repeat never adds a pod. If the uid matched under another name, keep the first name too.
      if (uid && !byUid.has(uid)) byUid.set(uid, first);
      let dup = duplicates.get(first);
      if (!dup) {
        dup = { namespace: first.metadata.namespace ?? '', name: first.metadata.name, copies: 1, differ: false };
        duplicates.set(first, dup);
        this.duplicatePods.push(dup);
      }
      dup.copies += 1;
      if (!dup.differ && JSON.stringify(pod) !== JSON.stringify(first)) dup.differ = true;
      this.readyOverride.set(first, this.isReady(first) && isPodReady(pod));
    }
    return duplicates;
  }

  /** The top-level controller key of a pod (Deployment through its ReplicaSet, else the direct controller). */
  private topController(pod: Pod): string | undefined {
    const ns = pod.metadata.namespace ?? '';
    const owner = controllerOf(pod.metadata);
    if (!owner) return undefined;
    if (owner.kind === 'ReplicaSet') {
      const rs = this.replicaSet(ns, owner.name);
      const rsOwner = rs ? controllerOf(rs.metadata) : undefined;
      if (rsOwner?.kind === 'Deployment') return controllerKey('Deployment', ns, rsOwner.name);
    }
    return controllerKey(owner.kind, ns, owner.name);
  }

  pod(namespace: string, name: string): Pod | undefined { return this.pods.get(key(namespace, name)); }
  deployment(namespace: string, name: string): Deployment | undefined { return this.deployments.get(key(namespace, name)); }
  statefulSet(namespace: string, name: string): StatefulSet | undefined { return this.statefulSets.get(key(namespace, name)); }
  replicaSet(namespace: string, name: string): ReplicaSet | undefined { return this.replicaSets.get(key(namespace, name)); }
  namespace(name: string): Namespace | undefined { return this.namespaces.get(name); }
  hasNamespaces(): boolean { return this.namespaces.size > 0; }

  podsInNamespace(namespace: string): Pod[] { return this.podsByNamespace.get(namespace) ?? []; }
  podsWithApp(namespace: string, app: string): Pod[] { return this.podsByNamespaceApp.get(key(namespace, app)) ?? []; }
  readyPodsWithApp(namespace: string, app: string): Pod[] { return this.podsWithApp(namespace, app).filter((p) => this.isReady(p)); }
  pdbsInNamespace(namespace: string): PodDisruptionBudget[] { return this.pdbsByNamespace.get(namespace) ?? []; }

  /** Ready (every listed copy Ready, not terminating). Pods not from this snapshot are judged on their own. */
  isReady(pod: Pod): boolean {
    return this.readyOverride.get(this.canonical(pod)) ?? isPodReady(pod);
  }

  /** The pod's top-level controller key (see controllerKey), undefined for a bare pod. */
  controllerKeyOf(pod: Pod): string | undefined { return this.topController(this.canonical(pod)); }

  /** Distinct Ready pods of one controller that carry `app` (counted once per snapshot, looked up in O(1)). */
  readyPodsOfController(controller: string, app: string): Pod[] { return this.controllers.get(controller)?.readyByApp.get(app) ?? []; }

  /** Pods listed more than once that belong to a controller. */
  duplicatesOfController(controller: string): DuplicatePod[] { return this.controllers.get(controller)?.duplicates ?? []; }

  /** The indexed copy of a pod (the first one listed), found by uid or namespace/name. */
  private canonical(pod: Pod): Pod {
    return this.pod(pod.metadata.namespace ?? '', pod.metadata.name) ?? pod;
  }

  /** A stable identity for a pod: its uid, else namespace/name (for counting distinct pods). */
  identity(pod: Pod): string { return podIdentity(this.canonical(pod)); }

  /** Follows controller ownerReferences from a pod to its top-level workload. */
  ownerOfPod(pod: Pod): OwnerLookup {
    const ns = pod.metadata.namespace ?? '';
    const owner = controllerOf(pod.metadata);
    if (!owner) return { status: 'none', reason: `pod ${pod.metadata.name} has no controller (a bare pod is not recreated)` };
    if (owner.kind === 'StatefulSet') {
      const sts = this.statefulSets.get(key(ns, owner.name));
      return sts ? { status: 'found', workload: { kind: 'StatefulSet', object: sts } }
        : { status: 'missing', reason: `owner StatefulSet ${owner.name} is not in the cluster state` };
    }
    if (owner.kind !== 'ReplicaSet') {
      return { status: 'none', reason: `pod ${pod.metadata.name} is controlled by a ${owner.kind}, not a Deployment or StatefulSet` };
    }
    const rs = this.replicaSet(ns, owner.name);
    if (!rs) return { status: 'missing', reason: `owner ReplicaSet ${owner.name} is not in the cluster state` };
    const rsOwner = controllerOf(rs.metadata);
    if (!rsOwner) return { status: 'found', workload: { kind: 'ReplicaSet', object: rs } };
    if (rsOwner.kind !== 'Deployment') {
      return { status: 'none', reason: `ReplicaSet ${rs.metadata.name} is controlled by a ${rsOwner.kind}` };
    }
    const dep = this.deployment(ns, rsOwner.name);
    if (!dep) return { status: 'missing', reason: `owner Deployment ${rsOwner.name} is not in the cluster state` };
    return { status: 'found', workload: { kind: 'Deployment', object: dep, replicaSet: rs } };
  }

  /** Pods controlled (through ReplicaSets) by a Deployment, each once. */
  podsOfDeployment(dep: Deployment): Pod[] {
    return this.controllers.get(controllerKey('Deployment', dep.metadata.namespace ?? '', dep.metadata.name))?.pods ?? [];
  }

  /** Pods a StatefulSet controls, each once. */
  podsOfStatefulSet(sts: StatefulSet): Pod[] {
    return this.controllers.get(controllerKey('StatefulSet', sts.metadata.namespace ?? '', sts.metadata.name))?.pods ?? [];
  }

  /** ReplicaSets owned by a Deployment, newest revision first. */
  replicaSetsOfDeployment(dep: Deployment): ReplicaSet[] {
    const owned = this.replicaSetsByDeployment.get(key(dep.metadata.namespace, dep.metadata.name)) ?? [];
    return [...owned].sort((a, b) => revision(b) - revision(a));
  }
}

export function revision(rs: ReplicaSet): number {
  const v = Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision']);
  return Number.isFinite(v) ? v : 0;
}

function push<T>(map: Map<string, T[]>, k: string, v: T): void {
  const list = map.get(k);
  if (list) list.push(v); else map.set(k, [v]);
}
