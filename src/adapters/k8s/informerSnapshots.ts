// A first look at workloads for serve, which decides hundreds of alerts a second: one informer-backed
// NamespaceCache per namespace an alert names (started on first use, kept while serve runs), so a
// decision costs no list. A snapshot comes from the cache only while every informer of that namespace
// is watching; a namespace still listing, re-listing or backing off is read live, as is any other scope.
// Namespace objects (blocking annotations) are read at most once per `namespaceMaxAgeMs`. The pipeline's
// re-check right before acting never uses this (see FirstLook in src/core/pipeline/execute.ts).
import type { ClusterSnapshot } from '../../core/k8s/types';
import { systemClock, type Clock, type ClusterReader, type SnapshotScope, type Subscription } from '../../core/ports';
import type { KubeHttp } from './http';
import { NamespaceCache, type NamespaceCacheOptions } from './namespaceCache';
import { checkedSince } from './reader';

export interface InformerSnapshotOptions {
  /** Namespaces cached at most; others are read live (default 32). */
  maxNamespaces?: number;
  /** How long a Namespace object read is reused (default 1000 ms). */
  namespaceMaxAgeMs?: number;
  /**
   * How long a decision waits for a namespace's informers to list for the first time before reading
   * live (default 15 s): a burst of alerts at start would otherwise make as many full lists at once.
   */
  firstSyncWaitMs?: number;
  clock?: Clock;
  watch?: NamespaceCacheOptions;
}

interface Cached {
  cache: NamespaceCache;
  /** The checked snapshot of the cache at `version` (checked once per change, not per decision). */
  checkedAt?: { version: number; snapshot: ClusterSnapshot };
  /** The wait for the first list, shared by the decisions that arrive before it. */
  firstSync?: Promise<void>;
}

type NamespaceFacts = Pick<ClusterSnapshot, 'namespaces' | 'unreadableNamespaces'>;

/** The live reader (KubeClusterReader); without namespaceFacts, a scope with Namespace objects is read live whole. */
export type LiveReader = ClusterReader & { namespaceFacts?(namespaces: readonly string[]): Promise<NamespaceFacts> };

/** Its lists frozen: decisions share them (and their index, see SnapshotIndex.of) until the next change. */
function frozen(s: ClusterSnapshot): ClusterSnapshot {
  for (const list of [s.pods, s.replicaSets, s.deployments, s.statefulSets, s.podDisruptionBudgets, s.namespaces]) if (list) Object.freeze(list);
  return s;
}

export class InformerSnapshots {
  private readonly caches = new Map<string, Cached>();
  /** Informer objects that passed the shape checks: a new view checks only what changed (see checkedSince). */
  private readonly shapeChecked = new WeakSet<object>();
  private readonly facts = new Map<string, { at: number; facts: NamespaceFacts }>();
  private readonly factReads = new Map<string, Promise<NamespaceFacts>>();
  private readonly clock: Clock;
  private stopped = false;

  constructor(private readonly http: KubeHttp, private readonly live: LiveReader, private readonly options: InformerSnapshotOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** How many namespaces are cached, and how many of them are watching now (tests, metrics). */
  get status(): { namespaces: number; watching: number } {
    return { namespaces: this.caches.size, watching: [...this.caches.values()].filter((c) => c.cache.watching).length };
  }

  /** The scope's snapshot: from the informers when one namespace is asked and its cache is watching, else live. */
  async snapshot(scope: SnapshotScope): Promise<ClusterSnapshot> {
    const only = scope.namespaces?.length === 1 && !scope.withoutPods ? scope.namespaces[0] : undefined;
    const cached = only === undefined ? undefined : this.cacheOf(only);
    if (cached && !cached.cache.synced) await this.firstSync(cached);
    if (only === undefined || !cached?.cache.watching || (scope.includeNamespaces && !this.live.namespaceFacts)) return this.live.snapshot(scope);
    // The Namespace first (it may be read), then the workloads as the informers hold them now, with no wait
    // in between: the view is as of the clock. (Taking the workloads first made every change that landed
    // during the Namespace read a full live list; under churn that was most first looks.)
    const facts = scope.includeNamespaces ? await this.namespaceFacts(only) : {};
    if (!cached.cache.watching) return this.live.snapshot(scope);
    return { ...this.checkedNow(cached), ...facts };
  }

  /** The cache's view now, checked once per change (shared by first looks and verifications), as of the clock. */
  private checkedNow(cached: Cached): ClusterSnapshot {
    const version = cached.cache.version;
    if (cached.checkedAt?.version !== version) cached.checkedAt = { version, snapshot: frozen(checkedSince(cached.cache.snapshot(this.clock.now()), this.shapeChecked)) };
    return { ...cached.checkedAt.snapshot, takenAt: this.clock.now().toISOString() };
  }

  /**
   * The live reader with its watches shared: a verification watches the namespace through the informers
   * this view already runs (one list per namespace for the life of serve, not five per action). Snapshots
   * and pod lists stay live reads: the re-check right before acting must not use a cache.
   */
  sharedWatchReader(): ClusterReader {
    return {
      snapshot: (scope) => this.live.snapshot(scope),
      listPods: (namespaces, selector) => this.live.listPods(namespaces, selector),
      watchNamespace: (namespace, onChange, onError) => this.watchNamespace(namespace, onChange, onError),
    };
  }

  /** ClusterReader.watchNamespace over the shared informers (a namespace past maxNamespaces gets its own). */
  async watchNamespace(namespace: string, onChange: (snapshot: ClusterSnapshot) => void, onError: (err: Error) => void): Promise<Subscription> {
    const cached = this.cacheOf(namespace);
    if (!cached) return this.live.watchNamespace(namespace, onChange, onError);
    await cached.cache.whenSynced();
    // Each change is checked once for every watcher and first look (not once per watcher).
    const deliver = () => {
      let good: ClusterSnapshot;
      try { good = this.checkedNow(cached); } catch (err) { onError(err as Error); return; }
      onChange(good);
    };
    const removers = [cached.cache.changes.add(deliver), cached.cache.errors.add((err) => onError(err))];
    deliver();
    return { stop: () => { for (const remove of removers) remove(); } };
  }

  /** Starts the informers of these namespaces now (serve: its runbooks' namespaces), so the first alerts find them listed. */
  warm(namespaces: readonly string[]): void {
    for (const ns of new Set(namespaces)) this.cacheOf(ns);
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.caches.values()) c.cache.stop();
    this.caches.clear();
  }

  /** Waits (shared by every caller) until the informers first listed, failed, or the wait ran out. */
  private firstSync(cached: Cached): Promise<void> {
    if (!cached.firstSync) {
      const wait = this.options.firstSyncWaitMs ?? 15_000;
      let timer: NodeJS.Timeout | undefined;
      cached.firstSync = Promise.race([
        cached.cache.whenSynced().catch(() => undefined),
        new Promise<void>((resolve) => { timer = setTimeout(resolve, wait); timer.unref?.(); }),
      ]).finally(() => clearTimeout(timer));
    }
    return cached.firstSync;
  }

  private cacheOf(namespace: string): Cached | undefined {
    const known = this.caches.get(namespace);
    if (known || this.stopped || this.caches.size >= (this.options.maxNamespaces ?? 32)) return known;
    const cache = new NamespaceCache(this.http, namespace, this.options.watch);
    const entry: Cached = { cache };
    this.caches.set(namespace, entry);
    // Its errors are the informer's to retry; meanwhile `watching` is false and decisions read live.
    cache.errors.add(() => undefined);
    cache.start();
    return entry;
  }

  private async namespaceFacts(namespace: string): Promise<NamespaceFacts> {
    const known = this.facts.get(namespace);
    const now = this.clock.now().getTime();
    if (known && now - known.at >= 0 && now - known.at <= (this.options.namespaceMaxAgeMs ?? 1000)) return known.facts;
    let reading = this.factReads.get(namespace);
    if (!reading) {
      reading = this.live.namespaceFacts!([namespace]).then((facts) => {
        if (facts.namespaces) Object.freeze(facts.namespaces);
        this.facts.set(namespace, { at: this.clock.now().getTime(), facts });
        return facts;
      }).finally(() => this.factReads.delete(namespace));
      this.factReads.set(namespace, reading);
    }
    return reading;
  }
}
