// The workloads model: namespaces (one cluster-wide informer) and, per expanded namespace, a
// NamespaceCache (pods, ReplicaSets, Deployments, StatefulSets, PDBs). Informers run only while the
// view is visible; bursts of changes are coalesced into one event naming what changed.
import * as vscode from 'vscode';
import { isClusterError } from '../../../core/ports';
import type { ClusterSnapshot, Namespace } from '../../../core/k8s/types';
import type { ListWatch } from '../../../adapters/k8s/informer';
import type { NamespaceCache } from '../../../adapters/k8s/namespaceCache';
import type { KubeObject } from '../../../adapters/k8s/resources';
import { Disposable } from '../lifecycle';
import type { ClusterSession } from '../session';

export interface ModelChange {
  /** The connection changed or everything was re-listed: the whole tree starts over. */
  reset: boolean;
  /** Namespaces were added or removed. */
  namespaceList: boolean;
  /** Namespaces whose workloads changed. */
  namespaces: string[];
}

export const REFRESH_BATCH_MS = 100;

interface Startable {
  start(): void;
  stop(): void;
}

interface Syncable {
  synced: boolean;
  changes: { add(l: () => void): () => void };
  errors: { add(l: (err: Error) => void): () => void };
}

/** Resolves after the next (re)list lands, rejects on the first error before that. */
function nextSync(informer: Syncable): Promise<void> {
  return new Promise((resolve, reject) => {
    const removers = [
      informer.changes.add(() => { if (informer.synced) { removers.forEach((r) => r()); resolve(); } }),
      informer.errors.add((err) => { removers.forEach((r) => r()); reject(err); }),
    ];
  });
}

export class WorkloadsModel extends Disposable {
  private visible = false;
  private namespaceWatch: ListWatch<KubeObject> | undefined;
  /** Set when listing namespaces is forbidden: the context's namespace is all we show. */
  private namespaceFallback: string[] | undefined;
  private readonly caches = new Map<string, NamespaceCache>();
  private readonly cacheErrors = new Map<string, Error>();
  private pendingReset = false;
  private pendingList = false;
  private readonly pendingNamespaces = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Informers a read is waiting on: hiding the view leaves them running until that read lands. */
  private readonly readers = new Map<Startable, number>();
  /** Rejects every read in flight (a reset stops the informers they wait on). */
  private readonly interrupts = new Set<(err: Error) => void>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<ModelChange>());
  readonly onDidChange = this._onDidChange.event;
  /** Number of change events fired (tests check that bursts are coalesced). */
  changeEvents = 0;

  constructor(private readonly session: ClusterSession, private readonly batchMs = REFRESH_BATCH_MS) {
    super();
    this._register(session.onDidReconnect(() => this.reset()));
    this._register({ dispose: () => { clearTimeout(this.timer); this.stopAll(); } });
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** Informers run only while someone looks. Hidden: stop watching (the last state is kept). */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.stopAll(false);
      return;
    }
    this.namespaceWatch?.start();
    for (const cache of this.caches.values()) cache.start();
  }

  /** Namespace names the user can list (sorted); throws ClusterError on no kubeconfig / no access. */
  async namespaces(): Promise<string[]> {
    if (this.namespaceFallback) return this.namespaceFallback;
    const { connection } = this.session.open().adapters;
    if (!this.namespaceWatch) {
      const watch = this.session.namespaceWatch({ maxBackoffMs: 15_000 });
      watch.changes.add((e) => { if (e.type !== 'MODIFIED') this.schedule('list'); });
      this.namespaceWatch = watch;
      if (this.visible) watch.start();
    }
    const watch = this.namespaceWatch;
    if (!watch.synced || !this.visible) {
      // Hidden: the informer is stopped and its list may be stale, so list again before answering.
      watch.start();
      try {
        await this.reading(watch, () => nextSync(watch));
      } catch (err) {
        if (this.namespaceWatch !== watch) throw err;
        if (isClusterError(err, 'forbidden')) {
          watch.stop();
          this.namespaceWatch = undefined;
          this.namespaceFallback = [connection.namespace];
          return this.namespaceFallback;
        }
        watch.stop();
        this.namespaceWatch = undefined;
        throw err;
      }
    }
    return watch.list().map((n) => n.metadata.name).sort();
  }

  /** The Namespace object as last listed (undefined when namespaces cannot be listed). */
  namespaceObject(name: string): Namespace | undefined {
    return this.namespaceWatch?.list().find((n) => n.metadata.name === name) as Namespace | undefined;
  }

  /** The namespace's current state; starts its informers on first use. */
  async snapshot(namespace: string): Promise<ClusterSnapshot> {
    let cache = this.caches.get(namespace);
    if (!cache) {
      cache = this.session.namespaceCache(namespace, { maxBackoffMs: 15_000 });
      const created = cache;
      created.changes.add(() => { this.cacheErrors.delete(namespace); this.schedule({ namespace }); });
      created.errors.add((err) => {
        if (!this.cacheErrors.has(namespace)) this.schedule({ namespace });
        this.cacheErrors.set(namespace, err);
      });
      this.caches.set(namespace, created);
    }
    const reading = cache;
    if (!reading.synced) {
      reading.start();
      await this.reading(reading, () => reading.whenSynced());
    } else if (!this.visible) {
      // Hidden: nothing watched since the last read; list again (a command wants the current state).
      reading.start();
      await this.reading(reading, () => nextSync(reading));
    }
    return reading.snapshot();
  }

  /** How many informers are running now (0 while the view is hidden). */
  runningInformers(): number {
    const running = (state: string) => state !== 'stopped' && state !== 'idle';
    let n = this.namespaceWatch && running(this.namespaceWatch.status.state) ? 1 : 0;
    for (const cache of this.caches.values()) n += Object.values(cache.status()).filter((s) => running(s.state)).length;
    return n;
  }

  /** The last error of a namespace's informers while it retries (shown on the namespace node). */
  namespaceError(namespace: string): Error | undefined {
    return this.cacheErrors.get(namespace);
  }

  /** Re-list everything (the refresh command). */
  refresh(): void {
    this.reset();
  }

  private reset(): void {
    this.stopAll();
    this.namespaceWatch = undefined;
    this.namespaceFallback = undefined;
    this.caches.clear();
    this.cacheErrors.clear();
    this.schedule('reset');
  }

  /**
   * Waits for a (re)list of `informer` on behalf of a caller. While hidden, the informer is stopped
   * once the last such read lands; a reset in between rejects the read instead of leaving it waiting
   * on an informer nobody runs.
   */
  private async reading<T>(informer: Startable, wait: () => Promise<T>): Promise<T> {
    this.readers.set(informer, (this.readers.get(informer) ?? 0) + 1);
    let interrupt: ((err: Error) => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => { interrupt = reject; });
    this.interrupts.add(interrupt!);
    try {
      return await Promise.race([wait(), interrupted]);
    } finally {
      this.interrupts.delete(interrupt!);
      const left = (this.readers.get(informer) ?? 1) - 1;
      if (left > 0) this.readers.set(informer, left);
      else this.readers.delete(informer);
      if (left <= 0 && !this.visible) informer.stop();
    }
  }

  /** Stops watching. Hiding (`all` false) leaves informers a read still waits on to that read. */
  private stopAll(all = true): void {
    const stop = (informer: Startable) => { if (all || !this.readers.has(informer)) informer.stop(); };
    if (this.namespaceWatch) stop(this.namespaceWatch);
    for (const cache of this.caches.values()) stop(cache);
    if (!all) return;
    const err = new Error('The cluster connection changed while listing; the view lists again.');
    for (const interrupt of [...this.interrupts]) interrupt(err);
  }

  /** Coalesces changes for ~100 ms into one event naming what changed. */
  private schedule(what: 'reset' | 'list' | { namespace: string }): void {
    if (what === 'reset') this.pendingReset = true;
    else if (what === 'list') this.pendingList = true;
    else this.pendingNamespaces.add(what.namespace);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const change: ModelChange = { reset: this.pendingReset, namespaceList: this.pendingList, namespaces: [...this.pendingNamespaces] };
      this.pendingReset = this.pendingList = false;
      this.pendingNamespaces.clear();
      this.changeEvents++;
      this._onDidChange.fire(change);
    }, this.batchMs);
  }
}
