// The incident ledger in the cluster: one ConfigMap per incident (`remediator-incident-<hash>`) in the
// state namespace. Creating it is the claim: the API server lets exactly one create succeed (409 for the
// others), so two serve replicas receiving the same alert act once. Updates carry the resourceVersion.
// The phase is also a label, so the leader lists only the open entries and retention only the done ones.
import type { CreateResult, IncidentEntry, IncidentLedger, IncidentPhase } from '../../core/serve/ledger';
import { readIncidentEntry } from '../../core/serve/ledgerRecord';
import { ClusterError } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { CONFIG_MAPS, collectionPath, listAll, objectPath, type KubeObject } from './resources';
import { type ConfigMap, DEFAULT_STATE_NAMESPACE, ensureNamespace, hashedName, KEY_ANNOTATION, MANAGED_BY_LABELS, Once } from './support';

export const ENTRY_KEY = 'entry.json';
export const INCIDENT_LABEL = 'remediator.kubedojo.io/incident-ledger';
export const PHASE_LABEL = 'remediator.kubedojo.io/incident-phase';

export class KubeIncidentLedger implements IncidentLedger {
  private readonly namespaceReady = new Once();

  constructor(private readonly http: KubeHttp, readonly namespace = DEFAULT_STATE_NAMESPACE) {}

  static configMapName(key: string): string {
    return hashedName('remediator-incident', key);
  }

  async create(entry: IncidentEntry): Promise<CreateResult> {
    await this.namespaceReady.run(this.namespace, () => ensureNamespace(this.http, this.namespace));
    // A 409 and then a 404 means the entry was deleted in between: try again (bounded).
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const cm = await this.http.request<ConfigMap>('POST', collectionPath(CONFIG_MAPS, this.namespace), { body: this.configMap(entry) });
        return { created: true, entry: this.entryOf(cm) };
      } catch (err) {
        if (statusOf(err) !== 409) throw err;
      }
      const existing = await this.get(entry.key);
      if (existing) return { created: false, entry: existing };
    }
    throw new ClusterError(`${this.where(entry.key)}: created and deleted by others repeatedly`, 'conflict', 409);
  }

  async get(key: string): Promise<IncidentEntry | undefined> {
    try {
      return this.entryOf(await this.http.get<ConfigMap>(objectPath(CONFIG_MAPS, this.namespace, KubeIncidentLedger.configMapName(key))));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async replace(entry: IncidentEntry): Promise<IncidentEntry | undefined> {
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
    return entries;
  }

  async remove(entry: IncidentEntry): Promise<boolean> {
    if (entry.version === undefined) return false;
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: entry.version } };
    try {
      await this.http.request('DELETE', objectPath(CONFIG_MAPS, this.namespace, KubeIncidentLedger.configMapName(entry.key)), { body });
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 404) return false;
      throw err;
    }
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
