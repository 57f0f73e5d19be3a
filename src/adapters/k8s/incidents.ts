// The incident ledger in the cluster: one ConfigMap per incident (`remediator-incident-<hash>`) in the
// state namespace. Creating it is the claim: the API server lets exactly one create succeed (409 for the
// others), so two serve replicas receiving the same alert act once. Updates carry the resourceVersion.
// The phase is also a label, so the leader lists only the open entries and retention only the done ones.
// With an index (serve), an incident decided without any change is written done into a page shared with
// others (see ledgerPages.ts), and lookups read the index instead of the API server.
import type { CreateResult, IncidentEntry, IncidentLedger, IncidentPhase } from '../../core/serve/ledger';
import { readIncidentEntry } from '../../core/serve/ledgerRecord';
import { ClusterError } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { INCIDENT_LABEL, LedgerIndex, PageWriter, pageOf, type LedgerIndexOptions } from './ledgerPages';
import { CONFIG_MAPS, collectionPath, listAll, objectPath, type KubeObject } from './resources';
import { type ConfigMap, DEFAULT_STATE_NAMESPACE, ensureNamespace, hashedName, KEY_ANNOTATION, MANAGED_BY_LABELS, Once } from './support';

export { INCIDENT_LABEL } from './ledgerPages';
export const ENTRY_KEY = 'entry.json';
export const PHASE_LABEL = 'remediator.kubedojo.io/incident-phase';

export interface IncidentLedgerOptions {
  /** Index the ledger (an informer) and write decisions that changed nothing into shared pages (serve). */
  index?: boolean | LedgerIndexOptions;
}

export class KubeIncidentLedger implements IncidentLedger {
  private readonly namespaceReady = new Once();
  private readonly index?: LedgerIndex;
  private readonly pages?: PageWriter;

  constructor(private readonly http: KubeHttp, readonly namespace = DEFAULT_STATE_NAMESPACE, options: IncidentLedgerOptions = {}) {
    if (options.index) {
      this.index = new LedgerIndex(http, namespace, options.index === true ? {} : options.index);
      this.pages = new PageWriter(http, this.index, () => this.ensureNamespace());
    }
  }

  /** Starts the index (with `index`); lookups wait for its first list. */
  start(): void {
    this.index?.start();
  }

  stop(): void {
    this.index?.stop();
  }

  /** Why lookups are refused now (the index has not listed, or is backing off), or undefined. */
  problem(): string | undefined {
    const why = this.index?.problem();
    return why === undefined ? undefined : `incident ledger in ${this.namespace}: ${why}`;
  }

  private ensureNamespace(): Promise<void> {
    return this.namespaceReady.run(this.namespace, () => ensureNamespace(this.http, this.namespace));
  }

  static configMapName(key: string): string {
    return hashedName('remediator-incident', key);
  }

  async create(entry: IncidentEntry): Promise<CreateResult> {
    const name = KubeIncidentLedger.configMapName(entry.key);
    if (this.index && this.pages) {
      await this.index.ready();
      if (!this.index.hasEntry(name)) {
        const paged = this.index.pagedEntry(name);
        if (paged) return { created: false, entry: paged };
        if (entry.phase === 'done') return { created: true, entry: await this.pages.write(name, entry) };
      }
    }
    await this.ensureNamespace();
    // A 409 and then a 404 means the entry was deleted in between: try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const cm = await this.http.request<ConfigMap>('POST', collectionPath(CONFIG_MAPS, this.namespace), { body: this.configMap(entry) });
        this.index?.noteEntry(name, true);
        return { created: true, entry: this.entryOf(cm) };
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
      // Read it, whatever the index says: another replica's create may not have reached this index yet.
      const existing = await this.read(name);
      if (existing) {
        this.index?.noteEntry(name, true);
        return { created: false, entry: existing };
      }
    }
    throw new ClusterError(`${this.where(entry.key)}: created and deleted by others repeatedly`, 'conflict', 409);
  }

  async get(key: string): Promise<IncidentEntry | undefined> {
    const name = KubeIncidentLedger.configMapName(key);
    if (!this.index) return this.read(name);
    await this.index.ready();
    const paged = this.index.pagedEntry(name);
    if (!this.index.hasEntry(name)) return paged;
    const own = await this.read(name);
    if (!own) this.index.noteEntry(name, false);
    // A standby's `received` record of an incident already done in a page is a leftover: done wins.
    return own && !(paged && own.phase === 'received') ? own : paged;
  }

  private async read(name: string): Promise<IncidentEntry | undefined> {
    try {
      return this.entryOf(await this.http.get<ConfigMap>(objectPath(CONFIG_MAPS, this.namespace, name)));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async replace(entry: IncidentEntry): Promise<IncidentEntry | undefined> {
    // A page copy is never rewritten: the newer one goes into a new page, and the index takes it.
    if (pageOf(entry.version) !== undefined && this.pages) return this.pages.write(KubeIncidentLedger.configMapName(entry.key), entry);
    const cm = this.configMap(entry);
    cm.metadata.resourceVersion = entry.version;
    try {
      return this.entryOf(await this.http.request<ConfigMap>('PUT', objectPath(CONFIG_MAPS, this.namespace, cm.metadata.name), { body: cm }));
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 404) return undefined;
      throw err;
    }
  }

  async list(phases: readonly IncidentPhase[]): Promise<IncidentEntry[]> {
    if (phases.length === 0) return [];
    let items: ConfigMap[];
    try {
      items = (await listAll<KubeObject>(this.http, CONFIG_MAPS, this.namespace, { labelSelector: `${INCIDENT_LABEL}=true,${PHASE_LABEL} in (${phases.join(',')})` })).items as unknown as ConfigMap[];
    } catch (err) {
      // No state namespace yet: nothing was ever recorded.
      if (statusOf(err) === 404) return [];
      throw err;
    }
    const entries: IncidentEntry[] = [];
    for (const cm of items) {
      // One unreadable entry (edited by hand) must not hide the others; reading it by key reports it.
      try { entries.push(this.entryOf(cm)); } catch { /* skipped */ }
    }
    if (!this.index) return entries;
    await this.index.ready();
    const own: IncidentEntry[] = [];
    for (const e of entries) {
      const paged = e.phase === 'received' ? this.index.pagedEntry(KubeIncidentLedger.configMapName(e.key)) : undefined;
      if (!paged) own.push(e);
      // A standby recorded it while the leader decided it without a change: the record turns done, as its page says.
      else await this.replace({ ...paged, version: e.version }).catch(() => undefined);
    }
    if (!phases.includes('done')) return own;
    await this.dropEmptyPages();
    return [...own, ...this.index.pagedEntries()];
  }

  /** Pages whose every entry has a newer copy elsewhere are deleted (compare-and-swap). */
  private async dropEmptyPages(): Promise<void> {
    for (const page of this.index?.emptyPages() ?? []) await this.deletePage(page.name, page.version);
  }

  private async deletePage(name: string, version: string | undefined): Promise<boolean> {
    const deleted = await this.deleteUnchanged(name, version);
    if (deleted) this.index?.forgetPage(name);
    return deleted;
  }

  /** Deletes the ConfigMap if it is still at `version` (any version without one); false when it changed or is gone. */
  private async deleteUnchanged(name: string, version: string | undefined): Promise<boolean> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...(version ? { preconditions: { resourceVersion: version } } : {}) };
    try {
      await this.http.request('DELETE', objectPath(CONFIG_MAPS, this.namespace, name), { body });
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 404) return false;
      throw err;
    }
  }

  async remove(entry: IncidentEntry): Promise<boolean> {
    if (entry.version === undefined) return false;
    const page = pageOf(entry.version);
    if (page !== undefined) {
      // A page goes whole, once none of its entries is kept (they are done within a moment of each other).
      if (!this.index?.drop(KubeIncidentLedger.configMapName(entry.key), page)) return true;
      await this.deletePage(page, this.index.emptyPages().find((p) => p.name === page)?.version);
      return true;
    }
    const name = KubeIncidentLedger.configMapName(entry.key);
    const deleted = await this.deleteUnchanged(name, entry.version);
    if (deleted) this.index?.noteEntry(name, false);
    return deleted;
  }

  private configMap(entry: IncidentEntry): ConfigMap {
    const stored: Partial<IncidentEntry> = { ...entry };
    delete stored.version;
    return {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: KubeIncidentLedger.configMapName(entry.key), namespace: this.namespace,
        labels: { ...MANAGED_BY_LABELS, [INCIDENT_LABEL]: 'true', [PHASE_LABEL]: entry.phase }, annotations: { [KEY_ANNOTATION]: entry.key.slice(0, 1000) },
      },
      data: { [ENTRY_KEY]: JSON.stringify(stored) },
    };
  }

  private entryOf(cm: ConfigMap): IncidentEntry {
    const text = cm.data?.[ENTRY_KEY];
    let value: unknown;
    try {
      value = JSON.parse(text ?? '');
    } catch {
      throw new ClusterError(`${this.where(cm.metadata.name)}: ${ENTRY_KEY} is not JSON`, 'invalid');
    }
    const read = readIncidentEntry(value);
    if (!read.ok) throw new ClusterError(`${this.where(cm.metadata.name)}: ${read.reason}`, 'invalid');
    return { ...read.entry, ...(cm.metadata.resourceVersion ? { version: cm.metadata.resourceVersion } : {}) };
  }

  private where(what: string): string {
    return `incident ledger ConfigMap in ${this.namespace} (${what})`;
  }
}
