// Cluster side of the editor: workloads tree, dry-run panel, execute/verify, audit channel.
// Wiring only: no kubeconfig read and no cluster call happens here (the session opens on first use).
import * as vscode from 'vscode';
import { APPROVALS_VIEW_ID, PendingApprovalsProvider } from './approvals/provider';
import { AuditChannel } from './auditChannel';
import { AUDIT_LOG_SCHEME, AuditLogDocuments } from './auditLogDocuments';
import { registerClusterCommands } from './commands';
import { FROM_PANEL } from './commands/execute';
import { HELM_DOCUMENT_SCHEME, HelmRevisionDocuments } from './helmDocuments';
import { LiveCodeLensProvider, LiveValidation } from './live/liveValidation';
import { PlanPanel } from './panel/planPanel';
import { ScriptedPrompts } from './commands/testHooks';
import { Prompts } from './prompts';
import { ReplayCodeLensProvider } from './report/replayCodeLens';
import { ReplayController } from './report/replayController';
import { ReportController } from './report/reportController';
import { YAML_DOCUMENTS } from '../language/runbookDocuments';
import { WorkspaceRunbooks } from './runbooks';
import type { ClusterServices } from './services';
import { ClusterSession } from './session';
import { NamespaceFilter } from './tree/filter';
import { WorkloadsModel } from './tree/model';
import { WorkloadsTreeDataProvider } from './tree/provider';
import { WorkloadsView } from './tree/view';

export function registerClusterFeatures(context: vscode.ExtensionContext): void {
  const started = performance.now();
  // Test hooks: only in the test build (REMEDIATOR_TEST_HOOKS, a build-time constant), and there only
  // when VS Code runs the extension for its tests.
  const testHooks = REMEDIATOR_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test;
  const audit = new AuditChannel();
  const session = new ClusterSession(audit);
  const runbooks = new WorkspaceRunbooks();
  const filter = new NamespaceFilter(context.workspaceState);
  const model = new WorkloadsModel(session);
  const tree = new WorkloadsTreeDataProvider(model, session, runbooks, filter);
  const approvals = new PendingApprovalsProvider(session);
  const panel = new PlanPanel(context.extensionUri, {
    execute: () => void vscode.commands.executeCommand('remediator.execute', FROM_PANEL),
    compareRevisions: () => void vscode.commands.executeCommand('remediator.compareHelmRevisions'),
    refresh: () => {
      const shown = services.shown;
      if (shown?.source === 'live') {
        void vscode.commands.executeCommand('remediator.dryRun', { target: shown.target, runbook: shown.runbook.metadata.name, incident: shown.incident });
      }
    },
  });
  const helmDocuments = new HelmRevisionDocuments();
  const auditLog = new AuditLogDocuments();
  const report = new ReportController(context.extensionUri, session);
  const replay = new ReplayController(context.extensionUri, session);
  const services: ClusterServices = {
    extensionUri: context.extensionUri, workspaceState: context.workspaceState,
    session, audit, runbooks, model, tree, filter, panel, approvals, helmDocuments, auditLog, report, replay, prompts: REMEDIATOR_TEST_HOOKS && testHooks ? new ScriptedPrompts() : new Prompts(),
  };
  const view = new WorkloadsView(tree, model, audit);
  const approvalsView = vscode.window.createTreeView(APPROVALS_VIEW_ID, { treeDataProvider: approvals });
  // Cluster-aware runbook diagnostics and the scope's workload count, while editing (through the session).
  const live = new LiveValidation(session);
  services.live = live;
  context.subscriptions.push(audit, session, runbooks, filter, model, tree, panel, view, approvals, approvalsView, report, replay,
    vscode.languages.registerCodeLensProvider(YAML_DOCUMENTS, new ReplayCodeLensProvider()),
    vscode.workspace.registerTextDocumentContentProvider(HELM_DOCUMENT_SCHEME, helmDocuments), ...registerClusterCommands(services, testHooks),
    vscode.workspace.registerTextDocumentContentProvider(AUDIT_LOG_SCHEME, auditLog), vscode.languages.registerHoverProvider({ scheme: AUDIT_LOG_SCHEME }, auditLog),
    live, vscode.languages.registerCodeLensProvider(YAML_DOCUMENTS, new LiveCodeLensProvider(live)));
  services.activationMs = performance.now() - started;
}
