// StateStore in the cluster: one ConfigMap per runbook (`remediator-state-<hash>`) whose data key holds
// compact audit records as JSON lines: action records for the longest cooldown, other decisions as the
// newest few (src/core/audit/retention.ts), so blocked decisions never push an action out. Appends are
// read-modify-write with the ConfigMap's resourceVersion; a 409 means another actor appended first,
// so read again and retry (a few times, jittered), so no record is lost.
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
}

export class KubeStateStore implements StateStore {
  private readonly clock: Clock;
  private readonly namespaceReady = new Once();

  /** `namespace`: where the ConfigMaps live (created when missing and allowed). */
  constructor(private readonly http: KubeHttp, readonly namespace = DEFAULT_STATE_NAMESPACE, private readonly options: StateStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  static configMapName(runbook: string): string {
    return hashedName('remediator-state', runbook);
  }

  async history(runbook: string): Promise<AuditRecord[]> {
    const cm = await this.read(runbook);
    return cm ? this.trim(parseLines(cm.data?.[HISTORY_KEY], this.where(runbook))) : [];
  }

  async record(entry: AuditRecord): Promise<void> {
    await this.namespaceReady.run(this.namespace, () => ensureNamespace(this.http, this.namespace));
    const attempts = this.options.attempts ?? 8;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (await this.tryAppend(entry)) return;
      await jitter(attempt);
    }
    throw new ClusterError(`${this.where(entry.runbook)}: gave up after ${attempts} attempts; other actors kept writing at the same time`, 'conflict', 409);
  }

  /** One read-modify-write; false when another writer got there first. */
  private async tryAppend(entry: AuditRecord): Promise<boolean> {
    const cm = await this.read(entry.runbook);
    const records = this.trim([...parseLines(cm?.data?.[HISTORY_KEY], this.where(entry.runbook)), compactRecord(entry)]);
    const data = { [HISTORY_KEY]: records.map((r) => JSON.stringify(r)).join('\n') + '\n' };
    try {
      if (cm) await this.http.request('PUT', objectPath(CONFIG_MAPS, this.namespace, cm.metadata.name), { body: { ...cm, data } });
      else await this.http.request('POST', collectionPath(CONFIG_MAPS, this.namespace), { body: this.fresh(entry.runbook, data) });
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
    try {
      return await this.http.get<ConfigMap>(objectPath(CONFIG_MAPS, this.namespace, KubeStateStore.configMapName(runbook)));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
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
