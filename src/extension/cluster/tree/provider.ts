// The TreeDataProvider of remediator.workloads: context → namespaces → Deployments/StatefulSets → pods.
// It only turns the model's state into nodes; the model owns informers and change batching.
import * as vscode from 'vscode';
import { controllerOf, isPodReady } from '../../../core/k8s/pods';
import { SnapshotIndex } from '../../../core/k8s/snapshotIndex';
import type { ClusterSnapshot, Deployment, Pod } from '../../../core/k8s/types';
import { markedPodsSummary, podKey } from '../../../core/engine/podDecisions';
import { workloadKey } from '../../../core/engine/alertDecisions';
import { releaseOfObject } from '../../../core/helm/release';
import { isClusterError } from '../../../core/ports';
import { Disposable } from '../lifecycle';
import { restartMark } from '../settings';
import type { WorkspaceRunbooks } from '../runbooks';
import type { ClusterSession } from '../session';
import { TreeAlerts } from './alerts';
import { TreeDecisions } from './decisions';
import { TreeHelmReleases } from './helmReleases';
import { podEligibility, workloadEligibility, type Eligibility } from '../../../core/engine/eligibility';
import type { NamespaceFilter } from './filter';
import type { WorkloadsModel } from './model';
import { itemKey, nodeId, treeItemFor, type ContextNode, type MessageNode, type PodNode, type WorkloadNode, type WorkloadTreeNode } from './nodes';
import { ShownTree, type ShownChild } from './shown';

export type WorkloadsState = 'ready' | 'error' | 'noKubeconfig';
export const STATE_CONTEXT_KEY = 'remediator.workloads.state';

/** What to look at again; requests arriving while a look is running are merged into the next one. */
interface RefreshRequest {
  reset: boolean;
  /** The namespace list or the filter changed: the context node's children may differ. */
  namespaceList: boolean;
  namespaces: Set<string>;
  /** Runbooks or label settings changed: every namespace VS Code shows may render differently. */
  allNamespaces: boolean;
}

const noRequest = (): RefreshRequest => ({ reset: false, namespaceList: false, namespaces: new Set(), allNamespaces: false });
const isEmpty = (p: RefreshRequest) => !p.reset && !p.namespaceList && !p.allNamespaces && p.namespaces.size === 0;

export class WorkloadsTreeDataProvider extends Disposable implements vscode.TreeDataProvider<WorkloadTreeNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<WorkloadTreeNode | WorkloadTreeNode[] | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly _onDidChangeState = this._register(new vscode.EventEmitter<{ state: WorkloadsState; message?: string }>());
  readonly onDidChangeState = this._onDidChangeState.event;
  /**
   * One object per node id, updated in place: VS Code maps element objects to its tree handles, so a
   * changed pod must stay the object VS Code holds (see shown.ts for what a refresh drops).
   */
  private readonly stableNodes = new Map<string, WorkloadTreeNode>();
  /** What VS Code was handed and still holds: only those nodes are refreshed. */
  private readonly shown = new ShownTree();
  private contextNode: ContextNode | undefined;
  private pending = noRequest();
  private running: Promise<void> | undefined;
  private readonly decisions: TreeDecisions;
  /** The current revision of the releases workloads belong to, filled in after the rows are drawn. */
  readonly helmReleases: TreeHelmReleases;
  /** Alertmanager's active alerts (remediator.alertmanager.url), read while the view is visible. */
  readonly alerts: TreeAlerts;
  state: WorkloadsState | undefined;
  stateMessage: string | undefined;
  /** Refresh events fired, and how many of them refreshed the whole tree or the context node (tests, logs). */
  readonly fired = { events: 0, whole: 0, context: 0, nodes: 0 };

  constructor(private readonly model: WorkloadsModel, private readonly session: ClusterSession,
    private readonly runbooks: WorkspaceRunbooks, private readonly filter: NamespaceFilter) {
    super();
    this.alerts = this._register(new TreeAlerts(session, () => {
      // A read problem shows on the context row; the alerts change what every namespace decides.
      this.request({ allNamespaces: true });
      const context = this.contextNode;
      if (!context || context.alertsProblem === this.alerts.state.problem) return;
      if (this.alerts.state.problem !== undefined) context.alertsProblem = this.alerts.state.problem;
      else delete context.alertsProblem;
      if (this.shown.holds(nodeId(context))) this.fire([context]);
    }));
    this.decisions = new TreeDecisions(session, runbooks, model, () => this.alerts.state.alerts);
    // A release read that landed changes how the namespace's rows look, not what is decided there.
    this.helmReleases = this._register(new TreeHelmReleases(session, (ns) => this.request({ namespaces: [ns] }, false)));
    this._register(model.onDidChange((change) => {
      this.helmReleases.invalidate(change.reset ? undefined : change.namespaces);
      this.request({ reset: change.reset, namespaceList: change.namespaceList, namespaces: change.namespaces });
    }));
    this._register(runbooks.onDidChange(() => this.request({ allNamespaces: true })));
    this._register(filter.onDidChange(() => this.request({ namespaceList: true })));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('remediator.labels')) this.request({ allNamespaces: true });
      if (e.affectsConfiguration('remediator.alertmanager')) void this.alerts.refresh();
    }));
  }

  /** Settles once every change requested so far was compared and fired (tests). */
  async whenRefreshed(): Promise<void> {
    while (this.running) await this.running;
  }

  private request(what: { reset?: boolean; namespaceList?: boolean; namespaces?: readonly string[]; allNamespaces?: boolean }, stateChanged = true): void {
    // What is decided from the changed state is stale from now on.
    if (stateChanged && (what.reset || what.allNamespaces)) this.decisions.invalidate();
    else if (stateChanged) this.decisions.invalidate(what.namespaces ?? []);
    const p = this.pending;
    p.reset ||= Boolean(what.reset);
    p.namespaceList ||= Boolean(what.namespaceList);
    p.allNamespaces ||= Boolean(what.allNamespaces);
    for (const ns of what.namespaces ?? []) p.namespaces.add(ns);
    this.kick();
  }

  private kick(): void {
    if (this.running || isEmpty(this.pending)) return;
    // Cleared after the drain settles; a request that came in between starts the next one.
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  /** One comparison at a time; what arrives meanwhile is merged and compared next (coalesced). */
  private async drain(): Promise<void> {
    while (!isEmpty(this.pending)) {
      const p = this.pending;
      this.pending = noRequest();
      let changed: WorkloadTreeNode[] | 'all';
      try {
        changed = await this.changedNodes(p);
      } catch {
        // Cannot compare (the cluster went away): start over; root() reports the state.
        changed = 'all';
      }
      this.fire(changed);
    }
  }

  private fire(changed: WorkloadTreeNode[] | 'all'): void {
    if (changed === 'all') {
      this.stableNodes.clear();
      this.shown.reset();
      this.fired.events++;
      this.fired.whole++;
      this._onDidChangeTreeData.fire(undefined);
      return;
    }
    if (changed.length === 0) return;
    for (const node of changed) this.shown.refreshed(nodeId(node), itemKey(treeItemFor(node)));
    this.fired.events++;
    this.fired.nodes += changed.length;
    if (changed.some((n) => n.type === 'context')) this.fired.context++;
    this._onDidChangeTreeData.fire(changed);
  }

  /** The deepest nodes VS Code holds whose item or children changed. */
  private async changedNodes(p: RefreshRequest): Promise<WorkloadTreeNode[] | 'all'> {
    const context = this.contextNode;
    if (p.reset || !context) return 'all';
    const contextId = nodeId(context);
    if (p.namespaceList && this.shown.resolved(contextId)) {
      const diff = this.shown.diff(contextId, (await this.childrenOf(context)).map(shownChild));
      // Namespaces came or went among those shown: the context node is re-read whole.
      if (diff.kind === 'structure') return [context];
    }
    const names = p.allNamespaces ? this.shown.childrenOf(contextId).filter((id) => id.startsWith('namespace/')).map((id) => id.slice('namespace/'.length))
      : [...p.namespaces];
    const fresh = async (id: string) => {
      const node = this.stableNodes.get(id);
      return node ? (await this.childrenOf(node)).map(shownChild) : [];
    };
    const changed: string[] = [];
    for (const name of names) {
      const id = `namespace/${name}`;
      if (this.shown.holds(id)) changed.push(...await this.shown.changedBelow(id, fresh));
    }
    // Every id handed out has its stable node (childrenOf just made or updated it).
    return changed.map((id) => this.stableNodes.get(id)).filter((n): n is WorkloadTreeNode => n !== undefined);
  }

  getTreeItem(node: WorkloadTreeNode): vscode.TreeItem {
    return treeItemFor(node);
  }

  async getChildren(node?: WorkloadTreeNode): Promise<WorkloadTreeNode[]> {
    const children = await this.childrenOf(node);
    this.shown.gave(node && nodeId(node), children.map(shownChild));
    return children;
  }

  private async childrenOf(node?: WorkloadTreeNode): Promise<WorkloadTreeNode[]> {
    if (!node) return this.root();
    switch (node.type) {
      case 'context': return this.namespaceChildren(node.name);
      case 'namespace': return this.workloadChildren(node.name);
      case 'workload': return this.podChildren(node);
      default: return [];
    }
  }

  private setState(state: WorkloadsState, message?: string): void {
    if (state === this.state && message === this.stateMessage) return;
    this.state = state;
    this.stateMessage = message;
    this._onDidChangeState.fire({ state, message });
  }

  private async root(): Promise<WorkloadTreeNode[]> {
    try {
      const { connection } = this.session.open().adapters;
      await this.model.namespaces();
      this.setState('ready');
      if (this.contextNode?.name !== connection.currentContext || this.contextNode.server !== connection.server) {
        this.stableNodes.clear();
        this.contextNode = { type: 'context', name: connection.currentContext, server: connection.server };
      }
      if (this.alerts.state.problem !== undefined) this.contextNode.alertsProblem = this.alerts.state.problem;
      else delete this.contextNode.alertsProblem;
      return [this.contextNode];
    } catch (err) {
      const noConfig = isClusterError(err, 'config');
      this.setState(noConfig ? 'noKubeconfig' : 'error', (err as Error).message);
      return [];
    }
  }

  private async namespaceChildren(context: string): Promise<WorkloadTreeNode[]> {
    const names = this.filter.apply(context, await this.model.namespaces());
    if (names.length === 0) return [this.message('no-namespaces', 'No namespaces match the filter')];
    return names.map((name) => this.stable({ type: 'namespace', name }));
  }

  private async workloadChildren(namespace: string): Promise<WorkloadTreeNode[]> {
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await this.model.snapshot(namespace);
    } catch (err) {
      return [this.message(`error/${namespace}`, `Cannot read ${namespace}: ${(err as Error).message}`, true)];
    }
    const nodes: WorkloadTreeNode[] = await this.workloads(namespace, snapshot);
    const broken = this.model.namespaceError(namespace);
    if (broken) nodes.unshift(this.message(`watch/${namespace}`, `Watch interrupted, retrying: ${broken.message}`, true));
    return nodes.length > 0 ? nodes : [this.message(`empty/${namespace}`, 'No Deployments or StatefulSets')];
  }

  /** Deployments and StatefulSets of a namespace with their eligibility and marked pods' decisions (also used by commands). */
  async workloads(namespace: string, snapshot?: ClusterSnapshot): Promise<WorkloadNode[]> {
    const state = snapshot ?? await this.model.snapshot(namespace);
    const runbooks = (await this.runbooks.all()).map((r) => r.runbook);
    const decided = await this.decisions.forNamespace(namespace, state);
    const index = new SnapshotIndex(state);
    const { optInLabel } = this.session.settings;
    const nodes: WorkloadNode[] = [
      ...state.deployments.map((d) => ({ kind: 'Deployment' as const, object: d, desired: d.spec?.replicas ?? 1, ready: d.status?.readyReplicas ?? 0 })),
      ...(state.statefulSets ?? []).map((s) => ({ kind: 'StatefulSet' as const, object: s, desired: s.spec?.replicas ?? 1, ready: s.status?.readyReplicas ?? 0 })),
    ].map((w) => ({
      type: 'workload' as const, namespace, name: w.object.metadata.name, kind: w.kind, object: w.object, ready: w.ready, desired: w.desired,
      eligibility: workloadEligibility(w.object, namespace, runbooks, optInLabel),
      markedDecisions: markedPodsSummary(ownedPods(index, namespace, w.kind, w.object).map((p) => decided.pods.get(podKey(namespace, p.metadata.name)))),
      alertDecisions: decided.alerts?.workloads.get(workloadKey(w.kind, namespace, w.object.metadata.name)),
      helmRelease: this.helmRelease(namespace, w.object),
    }));
    return nodes.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind)).map((n) => this.stable(n));
  }

  /** What is known of the workload's Helm release now (never waits: a read lands later and refreshes). */
  private helmRelease(namespace: string, object: WorkloadNode['object']): WorkloadNode['helmRelease'] {
    const ref = releaseOfObject(object.metadata);
    return ref ? this.helmReleases.current(namespace, ref) : undefined;
  }

  /** The node object VS Code already holds for this id, updated in place, or the fresh one. */
  private stable<T extends WorkloadTreeNode>(fresh: T): T {
    const id = nodeId(fresh);
    const known = this.stableNodes.get(id) as T | undefined;
    if (!known) {
      this.stableNodes.set(id, fresh);
      return fresh;
    }
    return Object.assign(known, fresh);
  }

  private message(id: string, text: string, error = false): MessageNode {
    return this.stable({ type: 'message', id, text, error });
  }

  private async podChildren(workload: WorkloadNode): Promise<WorkloadTreeNode[]> {
    const pods = await this.pods(workload);
    return pods.length > 0 ? pods : [this.message(`nopods/${workload.namespace}/${workload.name}`, 'No pods')];
  }

  /** The pods a workload controls, with eligibility (restart mark + the workload's) and, when marked, the would-be decisions. */
  async pods(workload: WorkloadNode): Promise<PodNode[]> {
    const snapshot = await this.model.snapshot(workload.namespace);
    const decided = await this.decisions.forNamespace(workload.namespace, snapshot);
    const restartLabel = restartMark(this.session.settings);
    return ownedPods(new SnapshotIndex(snapshot), workload.namespace, workload.kind, workload.object)
      .sort((a, b) => Number(isPodReady(b)) - Number(isPodReady(a)) || a.metadata.name.localeCompare(b.metadata.name))
      .map((pod) => {
        const eligibility = podEligibility(pod, workload.eligibility, restartLabel);
        return this.stable({
          type: 'pod' as const, namespace: workload.namespace, name: pod.metadata.name, object: pod,
          workload: { kind: workload.kind, name: workload.name }, eligibility,
          decisions: decided.pods.get(podKey(workload.namespace, pod.metadata.name)),
          alertDecisions: decided.alerts?.pods.get(podKey(workload.namespace, pod.metadata.name)),
          decisionProblem: eligibility.marked ? decided.problem : undefined,
        });
      });
  }

  /** Eligibility of one pod by name (the dry-run command prefills from it). */
  async podByName(namespace: string, name: string): Promise<PodNode | undefined> {
    for (const w of await this.workloads(namespace)) {
      const pod = (await this.pods(w)).find((p) => p.name === name);
      if (pod) return pod;
    }
    return undefined;
  }
}

function ownedPods(index: SnapshotIndex, namespace: string, kind: WorkloadNode['kind'], object: WorkloadNode['object']): Pod[] {
  if (kind === 'Deployment') return index.podsOfDeployment(object as Deployment);
  return index.podsInNamespace(namespace).filter((p) => {
    const o = controllerOf(p.metadata);
    return o?.kind === 'StatefulSet' && o.name === object.metadata.name;
  });
}

function shownChild(node: WorkloadTreeNode): ShownChild {
  return { id: nodeId(node), key: itemKey(treeItemFor(node)) };
}

export type { Eligibility };
