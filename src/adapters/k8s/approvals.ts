// ApprovalStore in the cluster: one ConfigMap per pending approval (`remediator-approval-<hash>`) in the
// state namespace, labelled so a list finds them all; every decision is a PUT carrying the
// resourceVersion read, so two approvers (or an approver and the expiry) never both win.
import { readApproval } from '../../core/approvals/read';
import type { Approval } from '../../core/approvals/approval';
import type { ApprovalStore } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { CONFIG_MAPS, collectionPath, objectPath } from './resources';
import { type ConfigMap, DEFAULT_STATE_NAMESPACE, ensureNamespace, hashedName, KEY_ANNOTATION, MANAGED_BY_LABELS, Once } from './support';

export const APPROVAL_LABEL = 'remediations.kubedojo.io/approval';
const DATA_KEY = 'approval.json';
/** A list returns at most this many approvals (the newest are what a human acts on). */
export const MAX_LISTED_APPROVALS = 500;

export class KubeApprovalStore implements ApprovalStore {
  private readonly namespaceReady = new Once();

  constructor(private readonly http: KubeHttp, readonly namespace = DEFAULT_STATE_NAMESPACE) {}

  static configMapName(id: string): string {
    return hashedName('remediator-approval', id);
  }

  async create(approval: Approval): Promise<void> {
    await this.namespaceReady.run(this.namespace, () => ensureNamespace(this.http, this.namespace));
    await this.http.request('POST', collectionPath(CONFIG_MAPS, this.namespace), { body: this.configMap(approval) });
  }

  private configMap(approval: Approval, resourceVersion?: string): ConfigMap {
    return {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: KubeApprovalStore.configMapName(approval.id), namespace: this.namespace, ...(resourceVersion !== undefined ? { resourceVersion } : {}),
        labels: { ...MANAGED_BY_LABELS, [APPROVAL_LABEL]: 'true' }, annotations: { [KEY_ANNOTATION]: approval.id.slice(0, 1000) },
      },
      data: { [DATA_KEY]: JSON.stringify(approval) },
    };
  }

  async get(id: string): Promise<{ approval: Approval; version: string } | { problem: string } | undefined> {
    let cm: ConfigMap;
    try {
      cm = await this.http.get<ConfigMap>(objectPath(CONFIG_MAPS, this.namespace, KubeApprovalStore.configMapName(id)));
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
    const read = this.read(cm);
    if ('problem' in read) return read;
    // The name is a hash of the id: an approval stored under another id's name is not this one.
    if (read.approval.id !== id) return { problem: `${this.where(cm)}: holds approval ${read.approval.id}, not ${id}` };
    return read;
  }

  async list(): Promise<{ approvals: Approval[]; problems: string[] }> {
    const list = await this.http.get<{ items?: ConfigMap[] }>(collectionPath(CONFIG_MAPS, this.namespace), { labelSelector: `${APPROVAL_LABEL}=true`, limit: String(MAX_LISTED_APPROVALS) })
      .catch((err: unknown) => {
        if (statusOf(err) === 404) return { items: [] };
        throw err;
      });
    const approvals: Approval[] = [];
    const problems: string[] = [];
    for (const cm of list.items ?? []) {
      const read = this.read(cm);
      if ('problem' in read) problems.push(read.problem);
      else approvals.push(read.approval);
    }
    approvals.sort((a, b) => Date.parse(b.requestedAt) - Date.parse(a.requestedAt));
    return { approvals, problems };
  }

  async update(next: Approval, version: string): Promise<boolean> {
    // The PUT carries the resourceVersion that was read: the API server refuses it (409) if anyone wrote since.
    if (version === '') return false;
    try {
      await this.http.request('PUT', objectPath(CONFIG_MAPS, this.namespace, KubeApprovalStore.configMapName(next.id)), { body: this.configMap(next, version) });
      return true;
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 404) return false;
      throw err;
    }
  }

  private read(cm: ConfigMap): { approval: Approval; version: string } | { problem: string } {
    const text = cm.data?.[DATA_KEY];
    if (typeof text !== 'string') return { problem: `${this.where(cm)}: no ${DATA_KEY}` };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { problem: `${this.where(cm)}: ${DATA_KEY} is not JSON` };
    }
    const read = readApproval(value);
    if (!read.ok) return { problem: `${this.where(cm)}: ${read.reason}` };
    return { approval: read.approval, version: cm.metadata.resourceVersion ?? '' };
  }

  private where(cm: ConfigMap): string {
    return `approval ConfigMap ${this.namespace}/${cm.metadata.name}`;
  }
}
