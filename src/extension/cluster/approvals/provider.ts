// The Pending Approvals view: the approvals still pending in the state namespace, read when the view is
// shown or refreshed (no watch: an approval lives minutes, and Refresh reads it again before acting
// anyway). Rendering only: listing and deciding are core (src/core/approvals/flow.ts).
import * as vscode from 'vscode';
import type { Approval } from '../../../core/approvals/approval';
import { pendingApprovals } from '../../../core/approvals/flow';
import { formatTargetRef } from '../../../core/engine/targets';
import { safeLine } from '../../../core/text/safe';
import type { ClusterSession } from '../session';

export const APPROVALS_VIEW_ID = 'remediator.approvals';
export const APPROVAL_CONTEXT_VALUE = 'remediator:approval';

export interface ApprovalNode {
  type: 'approval';
  approval: Approval;
}

type Node = ApprovalNode | { type: 'message'; text: string };

/** "in 12 min", "in 45 s", "now": how long until the approval expires. */
export function expiresIn(a: Approval, now: Date): string {
  const ms = Date.parse(a.expiresAt) - now.getTime();
  if (!(ms > 0)) return 'now';
  return ms < 60_000 ? `in ${Math.ceil(ms / 1000)} s` : `in ${Math.round(ms / 60_000)} min`;
}

export class PendingApprovalsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** What the view lists now (tests read it). */
  approvals: Approval[] = [];
  problems: string[] = [];
  private readonly reconnected: vscode.Disposable;

  constructor(private readonly session: ClusterSession) {
    this.reconnected = session.onDidReconnect(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  /** Reads the pending approvals now (also what getChildren shows). */
  async load(): Promise<Approval[]> {
    const store = this.session.open().deps.approvals;
    if (!store) {
      this.approvals = [];
      this.problems = ['approvals live in the cluster\'s state namespace; this connection has none'];
      return [];
    }
    const { approvals, problems } = await pendingApprovals(store, new Date());
    this.approvals = approvals;
    this.problems = problems;
    return approvals;
  }

  async getChildren(element?: Node): Promise<Node[]> {
    if (element) return [];
    try {
      const approvals = await this.load();
      const nodes: Node[] = approvals.map((approval) => ({ type: 'approval', approval }));
      for (const p of this.problems) nodes.push({ type: 'message', text: `cannot read: ${p}` });
      return nodes.length > 0 ? nodes : [{ type: 'message', text: 'No pending approvals' }];
    } catch (err) {
      return [{ type: 'message', text: err instanceof Error ? err.message : String(err) }];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'message') {
      const item = new vscode.TreeItem(safeLine(node.text));
      item.contextValue = 'remediator:approvalMessage';
      return item;
    }
    const a = node.approval;
    const item = new vscode.TreeItem(safeLine(`${a.runbook} · ${formatTargetRef(a.target)}`));
    item.id = `approval:${a.id}`;
    item.description = safeLine(`by ${a.requestedBy} · expires ${expiresIn(a, new Date())}`);
    const tip = new vscode.MarkdownString();
    tip.appendText(`${a.sentence}\n\nAction: ${a.action}\nRequested ${a.requestedAt} by ${a.requestedBy}; expires ${a.expiresAt}\nApproval ${a.id}`);
    item.tooltip = tip;
    item.iconPath = new vscode.ThemeIcon('question');
    item.contextValue = APPROVAL_CONTEXT_VALUE;
    return item;
  }

  dispose(): void {
    this.reconnected.dispose();
    this.changed.dispose();
  }
}
