// Done incidents many to a ConfigMap, and serve's index of the whole incident ledger. Most alerts end in a
// decision that changed nothing (a guardrail blocked it, a suggestion): such an incident never needs a
// claim, only a record that it was handled, so a re-sent copy does nothing. One ConfigMap per incident
// made that two API writes per alert; pages hold up to PAGE_ENTRIES done entries written together (group
// commit: the entries that arrive while a page is being written go out in the next one), each page written
// once and deleted whole when its entries are past retention. A page entry is compact (no alert, no
// executed record: a done incident is never picked up or recovered).
//
// The index (an informer over the ledger's ConfigMaps, label-selected) tells which incidents have an
// entry of their own and which are done in a page, so serve looks an alert up without a read. This
// process's own writes enter the index at once; another replica's a watch event later (milliseconds).
// Until the index has listed and while it is not watching, the ledger refuses (the alert stays in the
// intake journal and is tried again): deciding without it could decide a handled incident again.
// Memory: the index keeps each done incident within the retention (a few hundred bytes each; 10,000 new
// incidents a day for the default 7 days is some 30 MB).
import { randomBytes } from 'node:crypto';
import type { IncidentEntry } from '../../core/serve/ledger';
import { lastReferred } from '../../core/serve/retention';
import { readIncidentEntry } from '../../core/serve/ledgerRecord';
import { ClusterError } from '../../core/ports';
import type { KubeHttp } from './http';
import { ListWatch, type InformerOptions } from './informer';
import { CONFIG_MAPS, collectionPath, type KubeObject } from './resources';
import { type ConfigMap, MANAGED_BY_LABELS } from './support';

export const INCIDENT_LABEL = 'remediator.kubedojo.io/incident-ledger';
export const PAGE_LABEL = 'remediator.kubedojo.io/incident-page';
/** Entries a page holds at most, and the bytes of entry text (a ConfigMap holds at most 1 MiB). */
export const PAGE_ENTRIES = 500;
const PAGE_BYTES = 700 * 1024;
const PAGE_VERSION = 'page/';

/** The version of an entry read from a page (`page/<ConfigMap name>`): replacing it writes a newer copy. */
export function pageVersion(page: string): string {
  return `${PAGE_VERSION}${page}`;
}

export function pageOf(version: string | undefined): string | undefined {
  return version?.startsWith(PAGE_VERSION) ? version.slice(PAGE_VERSION.length) : undefined;
}

/** What a page keeps of a done entry. */
function compact(entry: IncidentEntry): IncidentEntry {
  const kept = { ...entry };
  delete kept.alert;
  delete kept.executed;
  delete kept.version;
  return kept;
}

type LedgerObject = ConfigMap & KubeObject;

interface Paged { page: string; entry: IncidentEntry }

export interface LedgerIndexOptions {
  /** How long a call waits for the index's first list before refusing (default 15 s). */
  firstSyncWaitMs?: number;
  watch?: InformerOptions;
}

export class LedgerIndex {
  private readonly informer: ListWatch<LedgerObject>;
  /** Names of the per-incident ConfigMaps that exist. */
  private readonly entries = new Set<string>();
  /** The newest page copy of each done incident, by its per-incident name. */
  private readonly paged = new Map<string, Paged>();
  /** Per page: the names the index takes from it, and its resourceVersion. */
  private readonly pages = new Map<string, { names: Set<string>; version?: string }>();
  private firstSync?: Promise<void>;

  constructor(http: KubeHttp, readonly namespace: string, private readonly options: LedgerIndexOptions = {}) {
    this.informer = new ListWatch<LedgerObject>(http, CONFIG_MAPS, namespace, { ...options.watch, labelSelector: `${INCIDENT_LABEL}=true` });
    this.informer.changes.add((change) => {
      if (change.type === 'SYNC') this.rebuild();
      else if (change.object) this.apply(change.type === 'DELETED', change.object);
    });
  }

  start(): void {
    this.informer.start();
  }

  stop(): void {
    this.informer.stop();
  }

  /** Resolves once the index can answer; a ClusterError when it has not listed in time or is not watching. */
  async ready(): Promise<void> {
    if (!this.informer.synced) {
      this.firstSync ??= new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.options.firstSyncWaitMs ?? 15_000);
        const off = this.informer.changes.add((c) => { if (c.type === 'SYNC') done(); });
        function done(): void { clearTimeout(timer); off(); resolve(); }
      });
      await this.firstSync;
    }
    const why = this.problem();
    if (why !== undefined) throw new ClusterError(`incident ledger in ${this.namespace}: ${why}; the alert is tried again later`, 'unreachable');
  }

  /** Why the index cannot answer now (serve's /readyz says it), or undefined. */
  problem(): string | undefined {
    const status = this.informer.status;
    if (this.informer.synced && status.state !== 'backoff' && status.state !== 'stopped') return undefined;
    return `its index is ${this.informer.synced ? status.state : 'not listed yet'}${status.lastError ? `: ${status.lastError.message}` : ''}`;
  }

  hasEntry(name: string): boolean {
    return this.entries.has(name);
  }

  pagedEntry(name: string): IncidentEntry | undefined {
    const p = this.paged.get(name);
    return p ? { ...p.entry, version: pageVersion(p.page) } : undefined;
  }

  /** Every done entry in pages (the newest copy of each). */
  pagedEntries(): IncidentEntry[] {
    return [...this.paged.values()].map((p) => ({ ...p.entry, version: pageVersion(p.page) }));
  }

  /** This process created or deleted a per-incident ConfigMap. */
  noteEntry(name: string, exists: boolean): void {
    if (exists) this.entries.add(name);
    else this.entries.delete(name);
  }

  /** This process wrote a page. */
  notePage(page: LedgerObject): void {
    this.apply(false, page);
  }

  /** Takes one incident's page copy out of the index (retention); true when its page has no other entry left. */
  drop(name: string, page: string): boolean {
    if (this.paged.get(name)?.page === page) this.paged.delete(name);
    const p = this.pages.get(page);
    p?.names.delete(name);
    return (p?.names.size ?? 0) === 0;
  }

  /** Pages none of whose entries the index takes any more (each was copied to a newer page), with their versions. */
  emptyPages(): { name: string; version?: string }[] {
    return [...this.pages.entries()].filter(([, p]) => p.names.size === 0).map(([name, p]) => ({ name, version: p.version }));
  }

  forgetPage(page: string): void {
    const p = this.pages.get(page);
    for (const name of p?.names ?? []) if (this.paged.get(name)?.page === page) this.paged.delete(name);
    this.pages.delete(page);
  }

  private rebuild(): void {
    this.entries.clear();
    this.paged.clear();
    this.pages.clear();
    for (const o of this.informer.list()) this.apply(false, o);
  }

  private apply(deleted: boolean, o: LedgerObject): void {
    const name = o.metadata.name;
    if (o.metadata.labels?.[PAGE_LABEL] !== 'true') {
      this.noteEntry(name, !deleted);
      return;
    }
    if (deleted) {
      this.forgetPage(name);
      return;
    }
    const page = { names: new Set<string>(), version: o.metadata.resourceVersion };
    this.pages.set(name, page);
    for (const [entryName, text] of Object.entries(o.data ?? {})) {
      let read;
      try { read = readIncidentEntry(JSON.parse(text)); } catch { continue; } // an edited, unreadable copy counts as absent
      if (!read.ok || read.entry.phase !== 'done') continue;
      const current = this.paged.get(entryName);
      if (current && current.page !== name && !(lastReferred(read.entry) >= lastReferred(current.entry))) continue;
      if (current && current.page !== name) this.pages.get(current.page)?.names.delete(entryName);
      this.paged.set(entryName, { page: name, entry: read.entry });
      page.names.add(entryName);
    }
    // Indexed: the informer's copy of the page need not keep the text too (memory is one entry per incident).
    delete o.data;
  }
}

interface Waiting { name: string; entry: IncidentEntry; done(err: unknown, written?: IncidentEntry): void }

/** Writes done entries into new pages, many to a write (group commit); each caller resolves once its page exists. */
export class PageWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly http: KubeHttp, private readonly index: LedgerIndex, private readonly ensureNamespace: () => Promise<void>) {}

  write(name: string, entry: IncidentEntry): Promise<IncidentEntry> {
    return new Promise<IncidentEntry>((resolve, reject) => {
      this.waiting.push({ name, entry: compact(entry), done: (err, written) => (err === undefined ? resolve(written!) : reject(err)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch: Waiting[] = [];
        const data: Record<string, string> = {};
        let bytes = 0;
        while (this.waiting.length > 0 && batch.length < PAGE_ENTRIES) {
          const next = this.waiting[0];
          const text = JSON.stringify(next.entry);
          if (batch.length > 0 && bytes + text.length > PAGE_BYTES) break;
          this.waiting.shift();
          batch.push(next);
          data[next.name] = text; // a second copy of one incident in a batch: the later one stands
          bytes += text.length + next.name.length;
        }
        try {
          const page = await this.post(data);
          this.index.notePage(page);
          for (const w of batch) w.done(undefined, { ...w.entry, version: pageVersion(page.metadata.name) });
        } catch (err) {
          for (const w of batch) w.done(err);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async post(data: Record<string, string>): Promise<LedgerObject> {
    await this.ensureNamespace();
    const body: ConfigMap = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: `remediator-incidents-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`, namespace: this.index.namespace,
        labels: { ...MANAGED_BY_LABELS, [INCIDENT_LABEL]: 'true', [PAGE_LABEL]: 'true' },
      },
      data,
    };
    return this.http.request<LedgerObject>('POST', collectionPath(CONFIG_MAPS, this.index.namespace), { body });
  }
}
