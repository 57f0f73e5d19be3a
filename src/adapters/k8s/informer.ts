// An informer for one resource type in one namespace (or cluster-wide): list, then watch from the list's
// resourceVersion with bookmarks; re-list when the server says the version is too old (410 Gone);
// after any other error, report it, back off (exponential, jittered) and re-list. Plain JSON objects
// throughout, kept in an in-memory cache keyed by namespace/name.
import { KubeApiError, statusOf, type KubeStatus } from './errors';
import type { KubeHttp, Stream } from './http';
import { collectionPath, listAll, type KubeObject, type ResourceType } from './resources';

export type InformerState = 'idle' | 'listing' | 'watching' | 'backoff' | 'stopped';

export interface InformerStatus {
  state: InformerState;
  /** Consecutive failures; 0 once a list succeeds again. */
  failures: number;
  lastError?: Error;
  /** When in backoff: how long until the next attempt. */
  retryInMs?: number;
  /** How many times the cache was re-listed after the first list (410 Gone or errors). */
  relists: number;
  /** How many times the server answered 410 Gone (resourceVersion too old) and the informer re-listed. */
  gone: number;
  resourceVersion?: string;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'SYNC';
export interface ChangeEvent<T> { type: ChangeType; object?: T }

export interface InformerOptions {
  pageSize?: number;
  /** Server-side watch timeout; the informer re-watches from the last resourceVersion after it. */
  watchTimeoutSeconds?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Resume: watch from this resourceVersion before any list (a too-old version makes it re-list). */
  resumeFrom?: string;
  /** Only the objects with these labels (a Kubernetes label selector), listed and watched. */
  labelSelector?: string;
}

/** A typed listener list; `add` returns a function that removes the listener. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();
  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  fire(...args: A): void {
    for (const listener of [...this.set]) listener(...args);
  }
}

interface WatchEvent { type: string; object: KubeObject | KubeStatus }

export function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export class ListWatch<T extends KubeObject> {
  readonly changes = new Listeners<[ChangeEvent<T>]>();
  readonly errors = new Listeners<[Error, InformerStatus]>();
  private readonly objects = new Map<string, T>();
  private current: InformerStatus = { state: 'idle', failures: 0, relists: 0, gone: 0 };
  private generation = 0;
  private stream: Stream | undefined;
  private wake: (() => void) | undefined;
  private syncedOnce = false;

  constructor(private readonly http: KubeHttp, readonly type: ResourceType, readonly namespace: string | undefined, private readonly options: InformerOptions = {}) {}

  get status(): InformerStatus { return { ...this.current }; }
  get synced(): boolean { return this.syncedOnce; }
  list(): T[] { return [...this.objects.values()]; }

  start(): void {
    if (this.current.state !== 'idle' && this.current.state !== 'stopped') return;
    const generation = ++this.generation;
    this.current = { ...this.current, state: 'listing' };
    void this.run(generation);
  }

  stop(): void {
    this.generation++;
    this.current = { ...this.current, state: 'stopped', retryInMs: undefined };
    this.stream?.abort();
    this.wake?.();
  }

  private live(generation: number): boolean {
    return generation === this.generation;
  }

  private async run(generation: number): Promise<void> {
    let resourceVersion = this.options.resumeFrom;
    while (this.live(generation)) {
      try {
        if (resourceVersion === undefined) resourceVersion = await this.relist(generation);
        if (!this.live(generation)) return;
        resourceVersion = await this.watchFrom(resourceVersion, generation);
      } catch (err) {
        if (!this.live(generation)) return;
        resourceVersion = undefined;
        if (statusOf(err) === 410) {
          this.current.gone++;
          continue; // too old: re-list right away, nothing is wrong
        }
        await this.backoff(err as Error, generation);
      }
    }
  }

  private async relist(generation: number): Promise<string> {
    this.current = { ...this.current, state: 'listing' };
    const result = await listAll<T>(this.http, this.type, this.namespace, { pageSize: this.options.pageSize, labelSelector: this.options.labelSelector });
    if (!this.live(generation)) return result.resourceVersion;
    this.objects.clear();
    for (const item of result.items) this.objects.set(objectKey(item), item);
    if (this.syncedOnce) this.current.relists++;
    this.syncedOnce = true;
    this.current = { ...this.current, failures: 0, lastError: undefined, resourceVersion: result.resourceVersion };
    this.changes.fire({ type: 'SYNC' });
    return result.resourceVersion;
  }

  /** Watches until the server ends the stream; returns the last resourceVersion seen. */
  private async watchFrom(resourceVersion: string, generation: number): Promise<string> {
    let last = resourceVersion;
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 240 + Math.floor(Math.random() * 120);
    const query = { watch: 1, resourceVersion, allowWatchBookmarks: true, timeoutSeconds, labelSelector: this.options.labelSelector };
    this.current = { ...this.current, state: 'watching' };
    const stream = this.http.stream(collectionPath(this.type, this.namespace), query, (value) => {
      if (!this.live(generation)) return;
      last = this.apply(value as WatchEvent) ?? last;
      this.current.resourceVersion = last;
    }, (timeoutSeconds + 60) * 1000);
    this.stream = stream;
    await stream.done;
    return last;
  }

  /** Applies one watch event to the cache; returns its resourceVersion. Throws the server's Status on ERROR. */
  private apply(event: WatchEvent): string | undefined {
    if (event.type === 'ERROR') {
      const status = event.object as KubeStatus;
      throw new KubeApiError(`watch ${this.type.plural}: ${status.message ?? 'error'}`, 'other', status.code, status.reason, status.message);
    }
    const object = event.object as T;
    const version = object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') return version;
    object.apiVersion = this.type.apiVersion;
    object.kind = this.type.kind;
    if (event.type === 'DELETED') this.objects.delete(objectKey(object));
    else this.objects.set(objectKey(object), object);
    this.changes.fire({ type: event.type as ChangeType, object });
    return version;
  }

  private backoff(err: Error, generation: number): Promise<void> {
    const failures = this.current.failures + 1;
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const delay = Math.round(Math.min(max, min * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5));
    this.current = { ...this.current, state: 'backoff', failures, lastError: err, retryInMs: delay };
    this.errors.fire(err, this.status);
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done(): void { clearTimeout(timer); resolve(); }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
      if (this.live(generation)) this.current = { ...this.current, retryInMs: undefined };
    });
  }
}
