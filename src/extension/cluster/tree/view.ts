// The remediator.workloads TreeView: informers run only while it is visible; the welcome view (keyed on
// remediator.workloads.state) says why nothing is listed. VS Code hides the welcome view while the tree
// has a message, so the error text is behind the welcome's "Show Error" link and in the audit channel.
import * as vscode from 'vscode';
import type { AuditChannel } from '../auditChannel';
import { Disposable } from '../lifecycle';
import type { WorkloadsModel } from './model';
import { STATE_CONTEXT_KEY, type WorkloadsTreeDataProvider } from './provider';
import type { WorkloadTreeNode } from './nodes';

export const WORKLOADS_VIEW_ID = 'remediator.workloads';

export class WorkloadsView extends Disposable {
  readonly treeView: vscode.TreeView<WorkloadTreeNode>;

  constructor(provider: WorkloadsTreeDataProvider, model: WorkloadsModel, audit: AuditChannel) {
    super();
    this.treeView = this._register(vscode.window.createTreeView(WORKLOADS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true }));
    this._register(this.treeView.onDidChangeVisibility((e) => {
      model.setVisible(e.visible);
      provider.alerts.setVisible(e.visible);
    }));
    model.setVisible(this.treeView.visible);
    provider.alerts.setVisible(this.treeView.visible);
    this._register(provider.onDidChangeState(({ state, message }) => {
      void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, state);
      if (state !== 'ready' && message) audit.channel.warn(`workloads view: ${message}`);
    }));
  }
}
