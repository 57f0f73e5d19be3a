// What every cluster command gets: the lazily opened session and the long-lived pieces of the UI.
import type * as vscode from 'vscode';
import type { Plan } from '../../core/engine/plan';
import type { AuditRecord, TargetRef } from '../../core/model/audit';
import type { Incident } from '../../core/model/incident';
import type { Runbook } from '../../core/model/runbook';
import type { AccessCheck } from '../../core/ports';
import type { MetricCheckView } from '../../protocol/messages';
import type { PendingApprovalsProvider } from './approvals/provider';
import type { AuditChannel } from './auditChannel';
import type { AuditLogDocuments } from './auditLogDocuments';
import type { HelmRevisionDocuments } from './helmDocuments';
import type { LiveValidation } from './live/liveValidation';
import type { PlanPanel } from './panel/planPanel';
import type { Prompts } from './prompts';
import type { ReplayController } from './report/replayController';
import type { ReportController } from './report/reportController';
import type { WorkspaceRunbooks } from './runbooks';
import type { ClusterSession } from './session';
import type { NamespaceFilter } from './tree/filter';
import type { WorkloadsModel } from './tree/model';
import type { WorkloadsTreeDataProvider } from './tree/provider';

/** A decision shown in the panel: what Execute acts on (the plan is passed as `expected`). */
export interface ShownDecision {
  source: 'live' | 'simulated';
  runbook: Runbook;
  target: TargetRef;
  incident?: Incident;
  plan: Plan;
  access: AccessCheck[];
  outcome?: string;
  records?: AuditRecord[];
  /** The metric checks as shown (live values at decision time, verdicts), when the runbook has any. */
  metrics?: MetricCheckView[];
}

export interface ClusterServices {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  session: ClusterSession;
  audit: AuditChannel;
  runbooks: WorkspaceRunbooks;
  model: WorkloadsModel;
  tree: WorkloadsTreeDataProvider;
  filter: NamespaceFilter;
  panel: PlanPanel;
  prompts: Prompts;
  /** The Pending Approvals view's data. */
  approvals: PendingApprovalsProvider;
  /** The read-only documents "Compare revisions" opens. */
  helmDocuments: HelmRevisionDocuments;
  /** The read-only documents "Show Audit Log" opens. */
  auditLog: AuditLogDocuments;
  /** The Remediation Report webview. */
  report: ReportController;
  /** Replay history against a runbook. */
  replay: ReplayController;
  /** The decision the panel shows now. */
  shown?: ShownDecision;
  /** Live validation of the runbooks shown in editors (cluster-aware diagnostics, the scope CodeLens). */
  live?: LiveValidation;
  /** How long wiring the cluster side took at activation (ms). */
  activationMs?: number;
}
