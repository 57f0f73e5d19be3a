// StateStore in the cluster: one ConfigMap per runbook (`remediator-state-<hash>`) whose data key holds
// compact audit records as JSON lines: action records for the longest cooldown, other decisions as the
// newest few (src/core/audit/retention.ts), so blocked decisions never push an action out. Appends are
// read-modify-write with the ConfigMap's resourceVersion; a 409 means another actor appended first,
// so read again and retry (a few times, jittered), so no record is lost. Appends made at the same time
// in this process share one write (group commit).
import { retainHistory, type RetentionOptions } from '../../core/audit/retention';
import type { AuditRecord } from '../../core/model/audit';
import { ClusterError, systemClock, type Clock, type StateStore } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { CONFIG_MAPS, collectionPath, objectPath } from './resources';
import { compactRecord, parseLines } from './records';
import { type ConfigMap, DEFAULT_STATE_NAMESPACE, ensureNamespace, hashedName, KEY_ANNOTATION, MANAGED_BY_LABELS, Once } from './support';

export { FileStateStore } from './fileState';

export const HISTORY_KEY = 'history.jsonl';

export interface StateStoreOptions extends RetentionOptions {
  /** Attempts per append when others write at the same time (default 8). */
  attempts?: number;
  clock?: Clock;
  /**
   * With it, `note` keeps a decision that changed nothing for up to this long, to go out with the next
   * write (serve: hundreds of blocked decisions a second would otherwise rewrite the ConfigMap each).
   * Without it, `note` writes at once like `record`, without being awaited.
   */
  noteLingerMs?: number;
  /** A noted record's write failed (it is still in the audit log and the Events); the store carries on. */
  onNoteError?(err: Error, record: AuditRecord): void;
}

interface Waiter { entry: AuditRecord; resolve(): void; reject(err: unknown): void; note?: boolean }

/** How long a trimmed history is reused for the same ConfigMap version (records age by the second). */
const TRIM_REUSE_MS = 1000;

export class KubeStateStore implements StateStore {
  private readonly clock: Clock;
  private readonly namespaceReady = new Once();
  private noteLinger: { lingerMs: number; onError(err: Error, record: AuditRecord): void } | undefined;
  /** Per runbook: the records of the last ConfigMap version read or written, parsed once and trimmed at most every second. */
  private readonly parsed = new Map<string, { rv: string; records: AuditRecord[]; trimmed?: AuditRecord[]; trimmedAt?: number }>();
  /** Per runbook: records waiting for the next write (group commit). */
  private readonly waiting = new Map<string, Waiter[]>();
  /** Runbooks with a write loop running, and that loop. */
  private readonly flushing = new Map<string, Promise<void>>();
  /** Runbooks with a linger timer set for their noted records. */
  private readonly lingering = new Map<string, NodeJS.Timeout>();
  /** Per runbook: the newest ConfigMap seen (read or written) and when, for recentHistory. */
  private readonly recent = new Map<string, { at: number; cm: ConfigMap | undefined }>();
  /** Per runbook: ends the write loop's pause before a batch of notes only (a record() or settle() arrived). */
  private readonly wake = new Map<string, () => void>();
  private settling = false;
  /** Per runbook: a read in flight for recentHistory, shared by its callers. */
  private readonly recentRead = new Map<string, Promise<ConfigMap | undefined>>();

  /** `namespace`: where the ConfigMaps live (created when missing and allowed). */
  constructor(private readonly http: KubeHttp, readonly namespace = DEFAULT_STATE_NAMESPACE, private readonly options: StateStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  static configMapName(runbook: string): string {
    return hashedName('remediator-state', runbook);
  }

  /** Always a fresh read (never one that started before this call): the re-check right before acting relies on it. */
  async history(runbook: string): Promise<AuditRecord[]> {
    return [...this.trimmedOf(runbook, await this.read(runbook))];
  }

  /**
   * The history as of at most `maxAgeMs` ago: the newest version this store read or wrote, else one read
   * shared by everyone asking at the same time. For a first look only (serve decides hundreds of alerts a
   * second); the re-check right before acting reads `history`. Records are only ever added, so an older
   * version can only miss a newer record, which that re-check then sees. The list is frozen and shared.
   */
  async recentHistory(runbook: string, maxAgeMs: number): Promise<AuditRecord[]> {
    const known = this.recent.get(runbook);
    if (known && this.clock.now().getTime() - known.at <= maxAgeMs) return this.trimmedOf(runbook, known.cm);
    let reading = this.recentRead.get(runbook);
    if (!reading) {
      reading = this.read(runbook).finally(() => this.recentRead.delete(runbook));
      this.recentRead.set(runbook, reading);
    }
    return this.trimmedOf(runbook, await reading);
  }

  /**
   * Resolves once the record is in the ConfigMap. Records arriving while a write for the same runbook
   * is in flight go together in the next one (one read-modify-write for many decisions); a failed write
   * fails each of its records' callers, so a write-ahead that did not land is never taken for one.
   */
  async record(entry: AuditRecord): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.enqueue({ entry, resolve, reject });
      this.startFlush(entry.runbook);
      this.wake.get(entry.runbook)?.();
    });
  }

  /** Serve's setting (see noteLingerMs and onNoteError), for a store made before serve knew it would use it. */
  lingerNotes(lingerMs: number, onError: (err: Error, record: AuditRecord) => void): void {
    this.noteLinger = { lingerMs, onError };
  }

  /** Keeps a record no guardrail reads within `noteLingerMs` (see the option); failures go to onNoteError. */
  note(entry: AuditRecord): void {
    const onError = this.noteLinger?.onError ?? this.options.onNoteError;
    const failed = (err: unknown) => onError?.(err instanceof Error ? err : new Error(String(err)), entry);
    this.enqueue({ entry, resolve: () => undefined, reject: failed, note: true });
    const linger = this.lingerMs();
    if (linger === undefined || linger <= 0) {
      this.startFlush(entry.runbook);
      return;
    }
    if (this.flushing.has(entry.runbook) || this.lingering.has(entry.runbook)) return;
    const timer = setTimeout(() => {
      this.lingering.delete(entry.runbook);
      this.startFlush(entry.runbook);
    }, linger);
    timer.unref?.();
    this.lingering.set(entry.runbook, timer);
  }

  /** Writes every waiting record now and resolves when they are written (or failed): before serve exits. */
  async settle(): Promise<void> {
    this.settling = true;
    try {
      while (this.flushing.size > 0 || this.waiting.size > 0) {
        for (const runbook of [...this.waiting.keys()]) this.startFlush(runbook);
        for (const wake of [...this.wake.values()]) wake();
        await Promise.all([...this.flushing.values()]);
      }
    } finally {
      this.settling = false;
    }
  }

  private lingerMs(): number | undefined {
    return this.noteLinger?.lingerMs ?? this.options.noteLingerMs;
  }

  /** Waits up to `ms`, or until a record() or settle() for the runbook ends the wait. */
  private pause(runbook: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => { clearTimeout(timer); this.wake.delete(runbook); resolve(); };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wake.set(runbook, done);
    });
  }

  private enqueue(w: Waiter): void {
    const queued = this.waiting.get(w.entry.runbook);
    if (queued) queued.push(w);
    else this.waiting.set(w.entry.runbook, [w]);
  }

  private startFlush(runbook: string): void {
    if (this.flushing.has(runbook)) return;
    const timer = this.lingering.get(runbook);
    if (timer) {
      clearTimeout(timer);
      this.lingering.delete(runbook);
    }
    this.flushing.set(runbook, this.flush(runbook));
  }

  /**
   * Writes what waits, batch after batch, until nothing does (the loop ends in the same turn it finds
   * nothing). A batch of notes only that arrived during a write waits the linger first, so a stream of
   * notes costs a write per linger, not one after another; a record() ends that wait at once.
   */
  private async flush(runbook: string): Promise<void> {
    await Promise.resolve();
    for (let written = 0; ; written++) {
      const linger = this.lingerMs();
      const next = this.waiting.get(runbook) ?? [];
      if (written > 0 && linger !== undefined && linger > 0 && !this.settling && next.length > 0 && next.every((w) => w.note)) {
        await this.pause(runbook, linger);
      }
      const batch = this.waiting.get(runbook) ?? [];
      this.waiting.delete(runbook);
      if (batch.length === 0) {
        this.flushing.delete(runbook);
        return;
      }
      try {
        await this.namespaceReady.run(this.namespace, () => ensureNamespace(this.http, this.namespace));
        await this.appendAll(runbook, batch.map((w) => w.entry));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  }

  private async appendAll(runbook: string, entries: readonly AuditRecord[]): Promise<void> {
    const attempts = this.options.attempts ?? 8;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (await this.tryAppend(runbook, entries)) return;
      await jitter(attempt);
    }
    throw new ClusterError(`${this.where(runbook)}: gave up after ${attempts} attempts; other actors kept writing at the same time`, 'conflict', 409);
  }

  /** One read-modify-write; false when another writer got there first. */
  private async tryAppend(runbook: string, entries: readonly AuditRecord[]): Promise<boolean> {
    const cm = await this.read(runbook);
    const records = this.trim([...this.recordsOf(runbook, cm), ...entries.map(compactRecord)]);
    const data = { [HISTORY_KEY]: records.map((r) => JSON.stringify(r)).join('\n') + '\n' };
    try {
      const written = cm
        ? await this.http.request<ConfigMap>('PUT', objectPath(CONFIG_MAPS, this.namespace, cm.metadata.name), { body: { ...cm, data } })
        : await this.http.request<ConfigMap>('POST', collectionPath(CONFIG_MAPS, this.namespace), { body: this.fresh(runbook, data) });
      if (written?.metadata?.resourceVersion) {
        this.parsed.set(runbook, { rv: written.metadata.resourceVersion, records });
        this.remember(runbook, written);
      }
      return true;
    } catch (err) {
      if (statusOf(err) === 409) return false;
      throw err;
    }
  }

  private fresh(runbook: string, data: Record<string, string>): ConfigMap {
    return {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: KubeStateStore.configMapName(runbook), namespace: this.namespace, labels: MANAGED_BY_LABELS, annotations: { [KEY_ANNOTATION]: runbook } },
      data,
    };
  }

  private async read(runbook: string): Promise<ConfigMap | undefined> {
    let cm: ConfigMap | undefined;
    try {
      cm = await this.http.get<ConfigMap>(objectPath(CONFIG_MAPS, this.namespace, KubeStateStore.configMapName(runbook)));
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
    this.remember(runbook, cm);
    return cm;
  }

  private remember(runbook: string, cm: ConfigMap | undefined): void {
    this.recent.set(runbook, { at: this.clock.now().getTime(), cm });
  }

  /** The ConfigMap's records, parsed once per version (a broken line throws every time, never cached). */
  private recordsOf(runbook: string, cm: ConfigMap | undefined): AuditRecord[] {
    if (!cm) return [];
    const rv = cm.metadata.resourceVersion;
    const known = this.parsed.get(runbook);
    if (rv && known?.rv === rv) return known.records;
    const records = parseLines(cm.data?.[HISTORY_KEY], this.where(runbook));
    if (rv) this.parsed.set(runbook, { rv, records });
    return records;
  }

  /**
   * What is kept of the ConfigMap's records: one frozen list per version and second, shared by every
   * caller of recentHistory (so the engine's view of it is built once, see HistoryView.of).
   */
  private trimmedOf(runbook: string, cm: ConfigMap | undefined): AuditRecord[] {
    const records = this.recordsOf(runbook, cm);
    const known = cm ? this.parsed.get(runbook) : undefined;
    const now = this.clock.now().getTime();
    if (known && known.records === records) {
      if (known.trimmed && known.trimmedAt !== undefined && Math.abs(now - known.trimmedAt) < TRIM_REUSE_MS) return known.trimmed;
      known.trimmed = Object.freeze(this.trim(records)) as AuditRecord[];
      known.trimmedAt = now;
      return known.trimmed;
    }
    return Object.freeze(this.trim(records)) as AuditRecord[];
  }

  /** What is kept, oldest first (see retainHistory). */
  private trim(records: AuditRecord[]): AuditRecord[] {
    return retainHistory(records, this.clock.now().getTime(), this.options).records;
  }

  private where(runbook: string): string {
    return `state ConfigMap ${this.namespace}/${KubeStateStore.configMapName(runbook)} (runbook ${runbook})`;
  }
}

/** A short random pause before retrying a lost race, so writers do not collide again in lockstep. */
function jitter(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
}
