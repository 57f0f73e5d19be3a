// Tree nodes and how each looks: ThemeIcons coloured by eligibility and decision, "Ready x/y" descriptions,
// a marked pod's would-be decision ("Ready · marked · abort: replica floor 2", worded by core), escaped
// Markdown tooltips, and contextValues like `remediator:pod:eligible:marked` for menus.
import * as vscode from 'vscode';
import { isPodReady, podProblem, restartCount } from '../../../core/k8s/pods';
import type { Deployment, Pod, StatefulSet } from '../../../core/k8s/types';
import { podDecisionText, type PodDecision } from '../../../core/engine/podDecisions';
import { alertDecisionLine, alertDecisionText, type AlertDecision } from '../../../core/engine/alertDecisions';
import { helmReleaseText, helmRevisionFacts, helmRevisionText, type CurrentRevisionView } from '../../../core/helm/describe';
import type { Eligibility } from '../../../core/engine/eligibility';

export interface ContextNode {
  type: 'context';
  name: string;
  server: string;
  /** Why Alertmanager's alerts could not be read (remediator.alertmanager.url). */
  alertsProblem?: string;
}
export interface NamespaceNode { type: 'namespace'; name: string }
export interface WorkloadNode {
  type: 'workload';
  namespace: string;
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  object: Deployment | StatefulSet;
  ready: number;
  desired: number;
  eligibility: Eligibility;
  /** Its marked pods' decisions: "1 marked: abort: replica floor 2". */
  markedDecisions: string | undefined;
  /** Firing alerts naming it or one of its pods that a runbook answers: what serve would decide. */
  alertDecisions?: AlertDecision[];
  /** Its Helm release's current revision as last read (undefined: no release, or not read yet). */
  helmRelease?: CurrentRevisionView;
}
export interface PodNode {
  type: 'pod';
  namespace: string;
  name: string;
  object: Pod;
  workload?: { kind: string; name: string };
  eligibility: Eligibility;
  /** Marked pods: what a dry run of each runbook of the namespace would decide. */
  decisions: PodDecision[] | undefined;
  /** Marked pods: why there is no decision (the shared history could not be read). */
  decisionProblem: string | undefined;
  /** Firing alerts naming this pod that a runbook answers: what serve would decide. */
  alertDecisions?: AlertDecision[];
}
export interface MessageNode { type: 'message'; id: string; text: string; error?: boolean }
export type WorkloadTreeNode = ContextNode | NamespaceNode | WorkloadNode | PodNode | MessageNode;

function eligibilityIcon(e: Eligibility, fallback: string, decisions?: readonly PodDecision[]): vscode.ThemeIcon {
  // A marked pod: would anything act on it? (Decided by the engine when there are decisions.)
  const acts = decisions ? decisions.some((d) => d.mode === 'auto_execute' || d.mode === 'approval_required') : e.eligible;
  if (e.marked && acts) return new vscode.ThemeIcon('debug-restart', new vscode.ThemeColor('charts.orange'));
  if (e.marked) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if (e.eligible) return new vscode.ThemeIcon(fallback, new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
}

function tooltip(title: string, facts: string[], e: Eligibility, pod?: PodNode, alerts?: readonly AlertDecision[]): vscode.MarkdownString {
  // appendText escapes Markdown: names and labels come from the cluster.
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(title).appendMarkdown('**\n\n');
  for (const f of facts) md.appendMarkdown('- ').appendText(f).appendMarkdown('\n');
  md.appendMarkdown(`\n**${e.eligible ? 'Eligible' : 'Not eligible'}** for remediation from this workspace:\n\n`);
  for (const r of e.reasons) md.appendMarkdown('- ').appendText(r).appendMarkdown('\n');
  if (pod?.decisions || pod?.decisionProblem) {
    md.appendMarkdown('\n**Would-be decision** (a dry run of this pod, from the watched state):\n\n');
    if (pod.decisionProblem) md.appendMarkdown('- ').appendText(pod.decisionProblem).appendMarkdown('\n');
    for (const d of pod.decisions ?? []) md.appendMarkdown('- ').appendText(`${d.runbook}: ${d.summary}: ${d.modeReason}`).appendMarkdown('\n');
  }
  if (alerts && alerts.length > 0) {
    md.appendMarkdown('\n**Firing alerts** (what `remediator serve` would decide, from the watched state):\n\n');
    for (const d of alerts) md.appendMarkdown('- ').appendText(alertDecisionLine(d)).appendMarkdown('\n');
  }
  return md;
}

export function podStatusText(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  return podProblem(pod) ?? (isPodReady(pod) ? 'Ready' : pod.status?.phase ?? 'Unknown');
}

/** The node's id: its tree item's id, and the key of the provider's stable node objects. */
export function nodeId(node: WorkloadTreeNode): string {
  switch (node.type) {
    case 'context': return `context/${node.name}`;
    case 'namespace': return `namespace/${node.name}`;
    case 'workload': return `workload/${node.namespace}/${node.kind}/${node.name}`;
    case 'pod': return `pod/${node.namespace}/${node.name}`;
    case 'message': return `message/${node.id}`;
  }
}

/** Everything VS Code renders of a node's item, as one string: equal keys, nothing to refresh. */
export function itemKey(item: vscode.TreeItem): string {
  // A ThemeIcon serialises as its id and colour id.
  const icon = item.iconPath instanceof vscode.ThemeIcon ? JSON.stringify(item.iconPath) : undefined;
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
  return JSON.stringify([item.label, item.description, item.contextValue, item.collapsibleState, icon, tooltip]);
}

export function treeItemFor(node: WorkloadTreeNode): vscode.TreeItem {
  const item = treeItemWithoutId(node);
  item.id = nodeId(node);
  return item;
}

function treeItemWithoutId(node: WorkloadTreeNode): vscode.TreeItem {
  switch (node.type) {
    case 'context': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.server;
      item.iconPath = new vscode.ThemeIcon('plug');
      item.contextValue = 'remediator:context';
      item.tooltip = new vscode.MarkdownString().appendText(`Kube context ${node.name} (${node.server})`);
      if (node.alertsProblem !== undefined) {
        item.description = `${node.server} · alerts unavailable`;
        item.tooltip.appendMarkdown('\n\n').appendText(`Alerts unavailable: ${node.alertsProblem}`);
      }
      return item;
    }
    case 'namespace': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'remediator:namespace';
      return item;
    }
    case 'workload': {
      const e = node.eligibility;
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      const name = helmReleaseText(node.object.metadata);
      const release = name && `${name}${helmRevisionText(node.helmRelease)}`;
      item.description = [`Ready ${node.ready}/${node.desired}`, release, e.eligible ? 'eligible' : 'not eligible', node.markedDecisions, alertDecisionText(node.alertDecisions)].filter(Boolean).join(' · ');
      item.iconPath = eligibilityIcon(e, node.kind === 'Deployment' ? 'layers' : 'database');
      item.contextValue = `remediator:${node.kind.toLowerCase()}:${e.eligible ? 'eligible' : 'notEligible'}:${e.optedIn ? 'optedIn' : 'optedOut'}`;
      item.tooltip = tooltip(`${node.kind} ${node.namespace}/${node.name}`, [`Ready ${node.ready} of ${node.desired}`, ...(name ? [`Managed by ${name}`, ...helmRevisionFacts(node.helmRelease)] : [])], e, undefined, node.alertDecisions);
      return item;
    }
    case 'pod': {
      const e = node.eligibility;
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      const status = podStatusText(node.object);
      // Marked: the engine's decision replaces "eligible" (which only says the scope and opt-in allow it).
      const decision = podDecisionText(node.decisions) ?? (node.decisionProblem ? 'decision unavailable' : undefined);
      item.description = [status, e.marked ? 'marked' : undefined, e.marked && decision ? decision : e.eligible ? 'eligible' : 'not eligible', alertDecisionText(node.alertDecisions)].filter(Boolean).join(' · ');
      item.iconPath = eligibilityIcon(e, 'pass', node.decisions);
      item.contextValue = `remediator:pod:${e.eligible ? 'eligible' : 'notEligible'}:${e.marked ? 'marked' : 'unmarked'}`;
      const facts = [`Status ${status}`, `Restarts ${restartCount(node.object)}`];
      if (node.workload) facts.push(`Owned by ${node.workload.kind} ${node.workload.name}`);
      item.tooltip = tooltip(`Pod ${node.namespace}/${node.name}`, facts, e, node, node.alertDecisions);
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info', node.error ? new vscode.ThemeColor('errorForeground') : undefined);
      item.contextValue = 'remediator:message';
      return item;
    }
  }
}
