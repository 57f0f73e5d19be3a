// ClusterReader over the API server: a snapshot is five paginated lists per namespace (or five
// cluster-wide lists), all in parallel; never a call per pod. watchNamespace is informer-backed.
import { snapshotProblems } from '../../core/k8s/guards';
import type { ClusterSnapshot, Namespace } from '../../core/k8s/types';
import type { Clock, ClusterReader, SnapshotScope, Subscription } from '../../core/ports';
import { ClusterError, systemClock } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { aroundReadable, snapshotAroundPod } from './aroundPod';
import { NamespaceCache, type NamespaceCacheOptions } from './namespaceCache';
import {
  DEPLOYMENTS, NAMESPACES, PDBS, PODS, REPLICA_SETS, STATEFUL_SETS, listAll, objectPath, type KubeObject, type ResourceType,
} from './resources';

export interface ReaderOptions {
  pageSize?: number;
  clock?: Clock;
  /** Options for the informers behind watchNamespace. */
  watch?: NamespaceCacheOptions;
}

/** Above this many namespaces, try one cluster-wide list per type. */
const CLUSTER_WIDE_ABOVE = 4;
/** Per-namespace lists in flight at once (per type) when cluster-wide lists are forbidden. */
const PARALLEL_NAMESPACES = 8;

/**
 * The snapshot, once every object in it has the shape the engine reads (the same guards as a saved state):
 * a malformed object from the server (or a proxy in front of it) is an error, never decided on.
 */
export function checked(snapshot: ClusterSnapshot): ClusterSnapshot {
  const [problem] = snapshotProblems(snapshot);
  if (problem) throw new ClusterError(`the API server sent a malformed object: ${problem.message}`, 'other');
  return snapshot;
}

const SNAPSHOT_LISTS = ['pods', 'replicaSets', 'deployments', 'statefulSets', 'podDisruptionBudgets', 'namespaces'] as const;

/**
 * `checked` for views that keep most objects from one version to the next (an informer's cache, where a
 * changed object is replaced, never edited): only objects not in `seen` are checked, and those that pass
 * join it. A malformed new object throws exactly as in `checked`.
 */
export function checkedSince(snapshot: ClusterSnapshot, seen: WeakSet<object>): ClusterSnapshot {
  const unseen: ClusterSnapshot = { pods: [], replicaSets: [], deployments: [], podDisruptionBudgets: [] };
  const fresh: object[] = [];
  for (const field of SNAPSHOT_LISTS) {
    const items = (snapshot[field] ?? []) as unknown[];
    const kept = items.filter((o) => typeof o !== 'object' || o === null || !seen.has(o));
    if (kept.length > 0) (unseen as unknown as Record<string, unknown[]>)[field] = kept;
    for (const o of kept) if (typeof o === 'object' && o !== null) fresh.push(o);
  }
  checked(unseen);
  for (const o of fresh) seen.add(o);
  return snapshot;
}

export class KubeClusterReader implements ClusterReader {
  private readonly clock: Clock;
  /** Types this user may not list cluster-wide (learned once, not asked again). */
  private readonly clusterWideForbidden = new Set<string>();

  constructor(private readonly http: KubeHttp, private readonly options: ReaderOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async snapshot(scope: SnapshotScope): Promise<ClusterSnapshot> {
    const namespaces = scope.namespaces && scope.namespaces.length > 0 ? [...new Set(scope.namespaces)] : [undefined];
    const takenAt = this.clock.now().toISOString();
    if (scope.around && namespaces.length === 1 && namespaces[0] !== undefined && !scope.withoutPods && aroundReadable(scope.around)) {
      const deps = { http: this.http, pageSize: this.options.pageSize, checked, namespaceFacts: (ns: readonly string[]) => this.namespaceFacts(ns) };
      return { takenAt, ...(await snapshotAroundPod(deps, namespaces[0], scope.around, scope.includeNamespaces === true)) };
    }
    const [pods, replicaSets, deployments, statefulSets, podDisruptionBudgets, nsRead] = await Promise.all([
      scope.withoutPods ? Promise.resolve([]) : this.listIn(PODS, namespaces),
      this.listIn(REPLICA_SETS, namespaces),
      this.listIn(DEPLOYMENTS, namespaces),
      this.listIn(STATEFUL_SETS, namespaces),
      this.listIn(PDBS, namespaces),
      scope.includeNamespaces ? this.namespaceObjects(namespaces) : Promise.resolve(undefined),
    ]);
    const snapshot: ClusterSnapshot = {
      takenAt,
      pods: pods as unknown as ClusterSnapshot['pods'],
      replicaSets: replicaSets as unknown as ClusterSnapshot['replicaSets'],
      deployments: deployments as unknown as ClusterSnapshot['deployments'],
      statefulSets: statefulSets as unknown as ClusterSnapshot['statefulSets'],
      podDisruptionBudgets: podDisruptionBudgets as unknown as ClusterSnapshot['podDisruptionBudgets'],
      ...(nsRead ? { namespaces: nsRead.found } : {}),
    };
    if (nsRead?.denied) {
      // Every namespace in scope (or, for all namespaces, every one an object was read from) whose
      // Namespace could not be read: blockingAnnotation must not mistake "not allowed to look" for "not set".
      const read = new Set(nsRead.found.map((n) => n.metadata.name));
      const inScope = namespaces[0] === undefined
        ? [pods, replicaSets, deployments, statefulSets, podDisruptionBudgets].flat().map((o) => o.metadata.namespace ?? '')
        : namespaces as string[];
      const unreadable = Object.fromEntries([...new Set(inScope)].filter((ns) => ns && !read.has(ns)).map((ns) => [ns, nsRead.denied!.get(ns) ?? nsRead.denied!.get('') ?? 'not readable']));
      if (Object.keys(unreadable).length > 0) snapshot.unreadableNamespaces = unreadable;
    }
    return checked(snapshot);
  }

  /** The Namespace objects of `namespaces`, and those that could not be read, as a snapshot carries them. */
  async namespaceFacts(namespaces: readonly string[]): Promise<Pick<ClusterSnapshot, 'namespaces' | 'unreadableNamespaces'>> {
    const nsRead = await this.namespaceObjects([...new Set(namespaces)]);
    const read = new Set(nsRead.found.map((n) => n.metadata.name));
    const denied = nsRead.denied;
    const unreadable = denied
      ? Object.fromEntries(namespaces.filter((ns) => ns && !read.has(ns)).map((ns) => [ns, denied.get(ns) ?? denied.get('') ?? 'not readable']))
      : {};
    return { namespaces: nsRead.found, ...(Object.keys(unreadable).length > 0 ? { unreadableNamespaces: unreadable } : {}) };
  }

  /**
   * Many namespaces: one cluster-wide list filtered here costs far less than a list per namespace, when
   * the user may list cluster-wide; a 403 (e.g. the Job's namespaced Role) falls back to per-namespace
   * lists, a few at a time.
   */
  async listPods(namespaces: readonly string[], labelSelector: string): Promise<ClusterSnapshot['pods']> {
    const scope = namespaces.length > 0 ? [...new Set(namespaces)] : [undefined];
    const pods = (await this.listIn(PODS, scope, labelSelector)) as unknown as ClusterSnapshot['pods'];
    return checked({ pods, replicaSets: [], deployments: [], podDisruptionBudgets: [] }).pods;
  }

  private async listIn(t: ResourceType, namespaces: (string | undefined)[], labelSelector?: string): Promise<KubeObject[]> {
    const pageSize = this.options.pageSize;
    if (namespaces.length > CLUSTER_WIDE_ABOVE && !this.clusterWideForbidden.has(t.plural)) {
      try {
        const wanted = new Set(namespaces);
        return (await listAll(this.http, t, undefined, { pageSize, labelSelector })).items.filter((o) => wanted.has(o.metadata.namespace));
      } catch (err) {
        if (statusOf(err) !== 403) throw err;
        this.clusterWideForbidden.add(t.plural);
      }
    }
    const lists: KubeObject[][] = [];
    for (let i = 0; i < namespaces.length; i += PARALLEL_NAMESPACES) {
      const batch = namespaces.slice(i, i + PARALLEL_NAMESPACES);
      lists.push(...(await Promise.all(batch.map(async (ns) => (await listAll(this.http, t, ns, { pageSize, labelSelector })).items))));
    }
    return lists.flat();
  }

  /**
   * Namespace objects (for blocking annotations). A 404 is a namespace that does not exist (nothing in it
   * to act on); a 403 is recorded as `denied` (namespace, or '' for the cluster-wide list -> why).
   */
  private async namespaceObjects(namespaces: (string | undefined)[]): Promise<{ found: Namespace[]; denied?: Map<string, string> }> {
    const denied = new Map<string, string>();
    const unlessMissing = (ns: string) => (err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      if (statusOf(err) === 403) {
        denied.set(ns, (err as Error).message);
        return undefined;
      }
      throw err;
    };
    const result = (found: KubeObject[]) => ({
      found: found.map((n) => ({ ...n, apiVersion: 'v1', kind: 'Namespace' })) as unknown as Namespace[],
      ...(denied.size > 0 ? { denied } : {}),
    });
    if (namespaces[0] === undefined || namespaces.length > CLUSTER_WIDE_ABOVE) {
      const list = await listAll<KubeObject>(this.http, NAMESPACES, undefined, { pageSize: this.options.pageSize }).catch(unlessMissing(''));
      const wanted = new Set(namespaces);
      if (list) return result(list.items.filter((n) => namespaces[0] === undefined || wanted.has(n.metadata.name)));
      if (namespaces[0] === undefined) return result([]);
      denied.clear(); // a cluster-wide list is only tried; the per-namespace reads below decide
    }
    const found = await Promise.all(namespaces.map((ns) => this.http.get<KubeObject>(objectPath(NAMESPACES, undefined, ns as string)).catch(unlessMissing(ns as string))));
    return result(found.filter((n): n is KubeObject => n !== undefined));
  }

  /** Starts a watch-backed cache of `namespace`; resolves after the first full list (and first onChange). */
  async watchNamespace(namespace: string, onChange: (snapshot: ClusterSnapshot) => void, onError: (err: Error) => void): Promise<Subscription> {
    const cache = new NamespaceCache(this.http, namespace, this.options.watch);
    cache.start();
    try {
      await cache.whenSynced();
    } catch (err) {
      cache.stop();
      throw err;
    }
    const deliver = (snapshot: ClusterSnapshot) => {
      let good: ClusterSnapshot;
      try { good = checked(snapshot); } catch (err) { onError(err as Error); return; }
      onChange(good);
    };
    cache.changes.add(deliver);
    cache.errors.add((err) => onError(err));
    deliver(cache.snapshot(this.clock.now()));
    return { stop: () => cache.stop() };
  }
}
