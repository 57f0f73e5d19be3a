// The TreeDataProvider of remediator.workloads: context → namespaces → Deployments/StatefulSets → pods.
// It only turns the model's state into nodes; the model owns informers and change batching.
import * as vscode from 'vscode';
import { controllerOf, isPodReady } from '../../../core/k8s/pods';
import { SnapshotIndex } from '../../../core/k8s/snapshotIndex';
import type { ClusterSnapshot, Deployment } from '../../../core/k8s/types';
import { isClusterError } from '../../../core/ports';
import { Disposable } from '../lifecycle';
import type { WorkspaceRunbooks } from '../runbooks';
import type { ClusterSession } from '../session';
import { podEligibility, workloadEligibility, type Eligibility } from './eligibility';
import type { NamespaceFilter } from './filter';
import type { WorkloadsModel } from './model';
import { treeItemFor, type ContextNode, type MessageNode, type NamespaceNode, type PodNode, type WorkloadNode, type WorkloadTreeNode } from './nodes';

export type WorkloadsState = 'ready' | 'error' | 'noKubeconfig';
export const STATE_CONTEXT_KEY = 'remediator.workloads.state';

export class WorkloadsTreeDataProvider extends Disposable implements vscode.TreeDataProvider<WorkloadTreeNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<WorkloadTreeNode | WorkloadTreeNode[] | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private readonly _onDidChangeState = this._register(new vscode.EventEmitter<{ state: WorkloadsState; message?: string }>());
  readonly onDidChangeState = this._onDidChangeState.event;
  /** Stable namespace nodes, so a change fires the node VS Code already holds. */
  private readonly namespaceNodes = new Map<string, NamespaceNode>();
  /**
   * Workload and pod nodes are kept too and updated in place: VS Code maps element objects to its tree
   * handles, and a namespace refresh that hands back new objects while a row is expanding leaves that
   * row open and empty ("No tree item with id ... found").
   */
  private readonly stableNodes = new Map<string, WorkloadNode | PodNode>();
  private contextNode: ContextNode | undefined;
  state: WorkloadsState | undefined;
  stateMessage: string | undefined;

  constructor(private readonly model: WorkloadsModel, private readonly session: ClusterSession,
    private readonly runbooks: WorkspaceRunbooks, private readonly filter: NamespaceFilter) {
    super();
    this._register(model.onDidChange((change) => {
      if (change.reset || !this.contextNode) {
        this.namespaceNodes.clear();
        this.stableNodes.clear();
        this._onDidChangeTreeData.fire(undefined);
        return;
      }
      // Only what changed: the context node when namespaces come or go, and the namespaces that changed.
      const changed: WorkloadTreeNode[] = change.namespaceList ? [this.contextNode] : [];
      for (const ns of change.namespaces) {
        const node = this.namespaceNodes.get(ns);
        if (node) changed.push(node);
      }
      if (changed.length > 0) this._onDidChangeTreeData.fire(changed);
    }));
    this._register(runbooks.onDidChange(() => this._onDidChangeTreeData.fire([...this.namespaceNodes.values()])));
    this._register(filter.onDidChange(() => this._onDidChangeTreeData.fire(this.contextNode)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('remediator.labels')) this._onDidChangeTreeData.fire([...this.namespaceNodes.values()]);
    }));
  }

  getTreeItem(node: WorkloadTreeNode): vscode.TreeItem {
    return treeItemFor(node);
  }

  async getChildren(node?: WorkloadTreeNode): Promise<WorkloadTreeNode[]> {
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
        this.namespaceNodes.clear();
        this.contextNode = { type: 'context', name: connection.currentContext, server: connection.server };
      }
      return [this.contextNode];
    } catch (err) {
      const noConfig = isClusterError(err, 'config');
      this.setState(noConfig ? 'noKubeconfig' : 'error', (err as Error).message);
      return [];
    }
  }

  private async namespaceChildren(context: string): Promise<WorkloadTreeNode[]> {
    const names = this.filter.apply(context, await this.model.namespaces());
    if (names.length === 0) return [message('no-namespaces', 'No namespaces match the filter')];
    return names.map((name) => {
      let n = this.namespaceNodes.get(name);
      if (!n) this.namespaceNodes.set(name, n = { type: 'namespace', name });
      return n;
    });
  }

  private async workloadChildren(namespace: string): Promise<WorkloadTreeNode[]> {
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await this.model.snapshot(namespace);
    } catch (err) {
      return [message(`error/${namespace}`, `Cannot read ${namespace}: ${(err as Error).message}`, true)];
    }
    const nodes: WorkloadTreeNode[] = await this.workloads(namespace, snapshot);
    const broken = this.model.namespaceError(namespace);
    if (broken) nodes.unshift(message(`watch/${namespace}`, `Watch interrupted, retrying: ${broken.message}`, true));
    return nodes.length > 0 ? nodes : [message(`empty/${namespace}`, 'No Deployments or StatefulSets')];
  }

  /** Deployments and StatefulSets of a namespace with their eligibility (also used by commands). */
  async workloads(namespace: string, snapshot?: ClusterSnapshot): Promise<WorkloadNode[]> {
    const state = snapshot ?? await this.model.snapshot(namespace);
    const runbooks = (await this.runbooks.all()).map((r) => r.runbook);
    const { optInLabel } = this.session.settings;
    const nodes: WorkloadNode[] = [
      ...state.deployments.map((d) => ({ kind: 'Deployment' as const, object: d, desired: d.spec?.replicas ?? 1, ready: d.status?.readyReplicas ?? 0 })),
      ...(state.statefulSets ?? []).map((s) => ({ kind: 'StatefulSet' as const, object: s, desired: s.spec?.replicas ?? 1, ready: s.status?.readyReplicas ?? 0 })),
    ].map((w) => ({
      type: 'workload' as const, namespace, name: w.object.metadata.name, kind: w.kind, object: w.object, ready: w.ready, desired: w.desired,
      eligibility: workloadEligibility(w.object, namespace, runbooks, optInLabel, w.ready),
    }));
    return nodes.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind))
      .map((n) => this.stable(`workload/${n.namespace}/${n.kind}/${n.name}`, n));
  }

  private stable<T extends WorkloadNode | PodNode>(id: string, fresh: T): T {
    const known = this.stableNodes.get(id) as T | undefined;
    if (!known) {
      this.stableNodes.set(id, fresh);
      return fresh;
    }
    return Object.assign(known, fresh);
  }

  private async podChildren(workload: WorkloadNode): Promise<WorkloadTreeNode[]> {
    const pods = await this.pods(workload);
    return pods.length > 0 ? pods : [message(`nopods/${workload.namespace}/${workload.name}`, 'No pods')];
  }

  /** The pods a workload controls, with eligibility (restart mark + the workload's). */
  async pods(workload: WorkloadNode): Promise<PodNode[]> {
    const index = new SnapshotIndex(await this.model.snapshot(workload.namespace));
    const owned = workload.kind === 'Deployment'
      ? index.podsOfDeployment(workload.object as Deployment)
      : index.podsInNamespace(workload.namespace).filter((p) => {
        const o = controllerOf(p.metadata);
        return o?.kind === 'StatefulSet' && o.name === workload.name;
      });
    const { restartLabel } = this.session.settings;
    return owned
      .sort((a, b) => Number(isPodReady(b)) - Number(isPodReady(a)) || a.metadata.name.localeCompare(b.metadata.name))
      .map((pod) => this.stable(`pod/${workload.namespace}/${pod.metadata.name}`, {
        type: 'pod' as const, namespace: workload.namespace, name: pod.metadata.name, object: pod,
        workload: { kind: workload.kind, name: workload.name },
        eligibility: podEligibility(pod, workload.eligibility, restartLabel),
      }));
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

function message(id: string, text: string, error = false): MessageNode {
  return { type: 'message', id, text, error };
}

export type { Eligibility };
