// A long-lived, watch-driven view of one namespace (pods, ReplicaSets, Deployments, StatefulSets, PDBs):
// one informer per type, bursts of events coalesced into one change notification. The reader's
// watchNamespace and the VS Code tree model both build on it.
import type { ClusterSnapshot } from '../../core/k8s/types';
import type { KubeHttp } from './http';
import { ListWatch, Listeners, type InformerOptions, type InformerStatus } from './informer';
import { DEPLOYMENTS, PDBS, PODS, REPLICA_SETS, STATEFUL_SETS, type KubeObject, type ResourceType } from './resources';

export interface NamespaceCacheOptions extends InformerOptions {
  /** Resource types to watch; default: all five a snapshot holds. */
  types?: readonly ResourceType[];
  /** Events closer together than this make one notification (capped at 50 ms). Default 10 ms. */
  coalesceMs?: number;
}

const MAX_COALESCE_MS = 50;

export class NamespaceCache {
  /** A fresh snapshot after each burst of changes (only once every informer has listed). */
  readonly changes = new Listeners<[ClusterSnapshot]>();
  /** A broken list or watch; the informer retries by itself after a backoff. */
  readonly errors = new Listeners<[Error, ResourceType, InformerStatus]>();
  private readonly informers: ListWatch<KubeObject>[];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly coalesceMs: number;
  private changeCount = 0;

  constructor(http: KubeHttp, readonly namespace: string, options: NamespaceCacheOptions = {}) {
    const types = options.types ?? [PODS, REPLICA_SETS, DEPLOYMENTS, STATEFUL_SETS, PDBS];
    this.coalesceMs = Math.min(MAX_COALESCE_MS, Math.max(0, options.coalesceMs ?? 10));
    this.informers = types.map((t) => new ListWatch<KubeObject>(http, t, namespace, options));
    for (const informer of this.informers) {
      informer.changes.add(() => {
        this.changeCount++;
        this.scheduleFlush();
      });
      informer.errors.add((err, status) => this.errors.fire(err, informer.type, status));
    }
  }

  /** Grows with every change any informer saw (synchronously, before the coalesced notification). */
  get version(): number {
    return this.changeCount;
  }

  /** Every informer has listed and is watching now (not re-listing, not backing off). */
  get watching(): boolean {
    return this.informers.every((i) => i.synced && i.status.state === 'watching');
  }

  get synced(): boolean {
    return this.informers.every((i) => i.synced);
  }

  /** Per type: state (listing, watching, backoff, stopped), failures, last error. */
  status(): Record<string, InformerStatus> {
    return Object.fromEntries(this.informers.map((i) => [i.type.kind, i.status]));
  }

  start(): void {
    for (const informer of this.informers) informer.start();
  }

  stop(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const informer of this.informers) informer.stop();
  }

  /**
   * Resolves once every informer has listed; rejects with the first error that happens before that
   * (the informers keep retrying; call stop() to give up).
   */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const removers: (() => void)[] = [];
      const done = (err?: Error) => {
        removers.forEach((remove) => remove());
        if (err) reject(err);
        else resolve();
      };
      for (const informer of this.informers) {
        removers.push(informer.changes.add(() => { if (this.synced) done(); }));
        removers.push(informer.errors.add((err) => done(err)));
      }
    });
  }

  snapshot(takenAt = new Date()): ClusterSnapshot {
    const of = (t: ResourceType) => this.informers.find((i) => i.type === t)?.list() ?? [];
    return {
      takenAt: takenAt.toISOString(),
      pods: of(PODS) as unknown as ClusterSnapshot['pods'],
      replicaSets: of(REPLICA_SETS) as unknown as ClusterSnapshot['replicaSets'],
      deployments: of(DEPLOYMENTS) as unknown as ClusterSnapshot['deployments'],
      statefulSets: of(STATEFUL_SETS) as unknown as ClusterSnapshot['statefulSets'],
      podDisruptionBudgets: of(PDBS) as unknown as ClusterSnapshot['podDisruptionBudgets'],
    };
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.synced) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.changes.fire(this.snapshot());
    }, this.coalesceMs);
  }
}
