// Cluster side of the editor: workloads tree, dry-run panel, execute/verify, audit channel.
// Wiring only: no kubeconfig read and no cluster call happens here (the session opens on first use).
import * as vscode from 'vscode';
import { AuditChannel } from './auditChannel';
import { registerClusterCommands } from './commands';
import { FROM_PANEL } from './commands/execute';
import { PlanPanel } from './panel/planPanel';
import { Prompts } from './prompts';
import { WorkspaceRunbooks } from './runbooks';
import type { ClusterServices } from './services';
import { ClusterSession } from './session';
import { NamespaceFilter } from './tree/filter';
import { WorkloadsModel } from './tree/model';
import { WorkloadsTreeDataProvider } from './tree/provider';
import { WorkloadsView } from './tree/view';

export function registerClusterFeatures(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const audit = new AuditChannel();
  const session = new ClusterSession(audit);
  const runbooks = new WorkspaceRunbooks();
  const filter = new NamespaceFilter(context.workspaceState);
  const model = new WorkloadsModel(session);
  const tree = new WorkloadsTreeDataProvider(model, session, runbooks, filter);
  const panel = new PlanPanel(context.extensionUri, {
    execute: () => void vscode.commands.executeCommand('remediator.execute', FROM_PANEL),
    refresh: () => {
      const shown = services.shown;
      if (shown?.source === 'live') {
        void vscode.commands.executeCommand('remediator.dryRun', { target: shown.target, runbook: shown.runbook.metadata.name, incident: shown.incident });
      }
    },
  });
  const services: ClusterServices = {
    extensionUri: context.extensionUri, workspaceState: context.workspaceState,
    session, audit, runbooks, model, tree, filter, panel, prompts: new Prompts(),
  };
  const view = new WorkloadsView(tree, model, audit);
  context.subscriptions.push(audit, session, runbooks, filter, model, tree, panel, view, ...registerClusterCommands(services));
  services.activationMs = performance.now() - started;
}
