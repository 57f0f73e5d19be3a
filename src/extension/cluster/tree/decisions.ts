// Would-be decisions of a namespace's marked pods, for the workloads tree: the informer snapshot, the
// shared history and the engine settings go to core's markedPodDecisions (the same engine, incident and
// inputs a dry run uses), through a PodDecisionCache per namespace so a change decides again only the
// controller it touched. Computed once per namespace change, then reused by every row of the namespace.
import { runbooksForAlert } from '../../../core/alerts/match';
import type { Alert } from '../../../core/alerts/payload';
import { alertDecisions, type AlertDecisions } from '../../../core/engine/alertDecisions';
import { PodDecisionCache } from '../../../core/engine/podDecisionCache';
import type { PodDecision } from '../../../core/engine/podDecisions';
import type { ClusterSnapshot } from '../../../core/k8s/types';
import type { AuditRecord } from '../../../core/model/audit';
import type { WorkspaceRunbooks } from '../runbooks';
import type { ClusterSession } from '../session';
import { engineSettings } from '../settings';
import type { WorkloadsModel } from './model';

export interface NamespaceDecisions {
  /** By podKey (namespace/name). */
  pods: Map<string, PodDecision[]>;
  /** Firing alerts' decisions (remediator.alertmanager.url), by workloadKey and podKey. */
  alerts?: AlertDecisions;
  /** Why there are none although pods are marked (the shared history could not be read). */
  problem?: string;
}

export class TreeDecisions {
  private readonly cache = new Map<string, Promise<NamespaceDecisions>>();
  private readonly incremental = new Map<string, PodDecisionCache>();

  constructor(private readonly session: ClusterSession, private readonly runbooks: WorkspaceRunbooks, private readonly model: WorkloadsModel,
    private readonly alerts: () => readonly Alert[] = () => []) {}

  /** Forget what was decided (a namespace changed, or everything: runbooks, settings, reconnect). */
  invalidate(namespaces?: Iterable<string>): void {
    if (namespaces) {
      for (const ns of namespaces) this.cache.delete(ns);
      return;
    }
    this.cache.clear();
    this.incremental.clear();
  }

  forNamespace(namespace: string, snapshot: ClusterSnapshot): Promise<NamespaceDecisions> {
    let found = this.cache.get(namespace);
    if (!found) {
      found = this.compute(namespace, snapshot);
      this.cache.set(namespace, found);
      // A failed read is not kept: the next look tries again.
      found.catch(() => this.cache.delete(namespace));
    }
    return found;
  }

  private async compute(namespace: string, snapshot: ClusterSnapshot): Promise<NamespaceDecisions> {
    const all = (await this.runbooks.all()).map((r) => r.runbook);
    const runbooks = all.filter((r) => r.spec.scope.allowedNamespaces.includes(namespace));
    // Alerts of this namespace are matched against every runbook, as serve matches them (a runbook
    // scoped elsewhere then decides abort, as it would in serve).
    const alerts = this.alerts().filter((a) => Object.prototype.hasOwnProperty.call(a.labels, 'namespace') && a.labels.namespace.trim() === namespace);
    const answering = alerts.length === 0 ? [] : all.filter((r) => alerts.some((a) => runbooksForAlert([r], a).length > 0));
    const read = [...new Set([...runbooks, ...answering])];
    if (read.length === 0) return { pods: new Map() };
    const { state } = this.session.deps();
    const history = new Map<string, AuditRecord[]>();
    try {
      await Promise.all(read.map(async (r) => { history.set(r.metadata.name, await state.history(r.metadata.name)); }));
    } catch (err) {
      return { pods: new Map(), problem: `the shared history could not be read: ${(err as Error).message}` };
    }
    // The Namespace object too, as a dry run reads it (its blocking annotations count).
    const ns = this.model.namespaceObject(namespace);
    const withNamespace = ns ? { ...snapshot, namespaces: [ns] } : snapshot;
    const common = { snapshot: withNamespace, history: (name: string) => history.get(name) ?? [], now: new Date(), settings: engineSettings(this.session.settings), namespaces: [namespace] };
    let incremental = this.incremental.get(namespace);
    if (!incremental) this.incremental.set(namespace, incremental = new PodDecisionCache());
    return {
      pods: runbooks.length === 0 ? new Map() : incremental.decide({ ...common, runbooks }),
      ...(answering.length > 0 ? { alerts: alertDecisions({ ...common, runbooks: all, alerts }) } : {}),
    };
  }
}
