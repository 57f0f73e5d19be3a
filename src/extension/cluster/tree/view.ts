// The remediator.workloads TreeView: informers run only while it is visible; the welcome view and
// the view message show why nothing is listed (no kubeconfig, no access).
import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { WorkloadsModel } from './model';
import { STATE_CONTEXT_KEY, type WorkloadsTreeDataProvider } from './provider';
import type { WorkloadTreeNode } from './nodes';

export const WORKLOADS_VIEW_ID = 'remediator.workloads';

export class WorkloadsView extends Disposable {
  readonly treeView: vscode.TreeView<WorkloadTreeNode>;

  constructor(provider: WorkloadsTreeDataProvider, model: WorkloadsModel) {
    super();
    this.treeView = this._register(vscode.window.createTreeView(WORKLOADS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
    this._register(this.treeView.onDidChangeVisibility((e) => model.setVisible(e.visible)));
    model.setVisible(this.treeView.visible);
    this._register(provider.onDidChangeState(({ state, message }) => {
      void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, state);
      this.treeView.message = state === 'ready' ? undefined : message;
    }));
  }
}
