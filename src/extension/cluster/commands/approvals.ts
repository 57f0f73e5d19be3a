// Pending Approvals view commands: refresh, approve, reject. Deciding is the core flow (the same as
// "remediator approve/reject"): approving takes the decision first, then runs the whole pipeline again
// with the re-check right before acting. These handlers only ask, wire the session's ports and report.
import * as vscode from 'vscode';
import type { Approval } from '../../../core/approvals/approval';
import { approvePending, rejectPending, type NotDecided } from '../../../core/approvals/flow';
import { formatTargetRef } from '../../../core/engine/targets';
import type { ApprovalStore } from '../../../core/ports';
import type { ApprovalNode } from '../approvals/provider';
import { Cancelled } from '../flows';
import { notificationText } from '../notificationText';
import { requireTrust } from '../prompts';
import type { ClusterServices } from '../services';
import { requiresTypedConfirmation } from '../settings';
import type { ClusterCommand } from './command';

function store(s: ClusterServices): ApprovalStore {
  const approvals = s.session.open().deps.approvals;
  if (!approvals) throw new Error('approvals live in the cluster\'s state namespace; this connection has none');
  return approvals;
}

/** A view node, an approval id (tests, other commands), or nothing (palette: pick one). */
async function approvalId(s: ClusterServices, arg: unknown): Promise<string> {
  if (typeof arg === 'string' && arg) return arg;
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as Partial<ApprovalNode> & { id?: unknown };
    if (node.type === 'approval' && node.approval) return node.approval.id;
    if (typeof node.id === 'string' && node.id) return node.id;
  }
  const pending = await s.approvals.load();
  if (pending.length === 0) throw new Error('no pending approvals');
  const picked = await vscode.window.showQuickPick(pending.map((a) => ({ label: `${a.runbook} · ${formatTargetRef(a.target)}`, description: `by ${a.requestedBy}`, detail: a.sentence, id: a.id })),
    { title: 'Remediator: pick a pending approval', ignoreFocusOut: true, matchOnDetail: true });
  if (!picked) throw new Cancelled();
  return picked.id;
}

function detail(a: Approval): string {
  return [
    a.sentence, '',
    `Action: ${a.action}`,
    `Requested ${a.requestedAt} by ${a.requestedBy}; expires ${a.expiresAt}`,
    'The decision is taken again right before acting: if the cluster no longer supports this plan, nothing is done.',
  ].join('\n');
}

/** Declining is quiet; anything else not decided is said once. */
function report(r: NotDecided): undefined {
  if (r.kind !== 'declined') void vscode.window.showWarningMessage(notificationText(r.message));
  return undefined;
}

export const refreshApprovals: ClusterCommand = {
  id: 'remediator.approvals.refresh',
  run: (s) => s.approvals.refresh(),
};

export const approveApproval: ClusterCommand = {
  id: 'remediator.approvals.approve',
  async run(s, arg) {
    if (!requireTrust('approving a pending approval')) return undefined;
    const id = await approvalId(s, arg);
    const approvals = store(s);
    const context = s.session.contextName;
    const confirm = async (a: Approval): Promise<boolean> => {
      if (!(await s.prompts.confirm(`Approve and execute "${a.action}" on ${formatTargetRef(a.target)} in context ${context}?`, detail(a), 'Approve and Execute'))) return false;
      if (!requiresTypedConfirmation(s.session.settings, context)) return true;
      return s.prompts.typed(`Context ${context} has a safety profile: type the target name ${a.target.name} to execute`, a.target.name);
    };
    const done = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Remediator: approval ${id}` }, async (progress) => {
      const deps = s.session.deps((text) => progress.report({ message: text }));
      return approvePending(approvals, deps, id, await deps.access.whoAmI(), confirm);
    });
    s.approvals.refresh();
    if (!done.ok) return report(done);
    const { result } = done;
    const message = result.records.at(-1)?.message ?? result.outcome;
    const text = notificationText(`${formatTargetRef(result.plan.target)} ${result.outcome}: ${message}`);
    const show = result.outcome === 'verified' ? vscode.window.showInformationMessage
      : result.outcome === 'blocked' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(text, 'Show Audit Log').then((choice) => { if (choice) s.audit.channel.show(true); });
    for (const w of result.warnings) s.audit.channel.warn(w);
    return { outcome: result.outcome, approval: done.approval, plan: result.plan, records: result.records };
  },
};

export const rejectApproval: ClusterCommand = {
  id: 'remediator.approvals.reject',
  async run(s, arg) {
    if (!requireTrust('rejecting a pending approval')) return undefined;
    const id = await approvalId(s, arg);
    const approvals = store(s);
    const reason = await s.prompts.text(`Reject approval ${id}: reason (optional; Escape cancels)`, 'why this plan must not run');
    if (reason === undefined) return undefined;
    const deps = s.session.deps();
    const done = await rejectPending(approvals, deps, id, await deps.access.whoAmI(), reason.trim() || undefined);
    s.approvals.refresh();
    if (!done.ok) return report(done);
    void vscode.window.showInformationMessage(notificationText(`rejected ${id}: nothing done`));
    return { outcome: 'rejected', approval: done.approval, record: done.record };
  },
};

export const APPROVAL_COMMANDS: readonly ClusterCommand[] = [refreshApprovals, approveApproval, rejectApproval];
