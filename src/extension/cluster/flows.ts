// The steps dry-run and execute share: read the command's argument, pick a runbook and a target,
// ask for the incident (prefilled from the pod), decide through the pipeline, show the panel.
import * as vscode from 'vscode';
import { podProblem } from '../../core/k8s/pods';
import { formatTargetRef } from '../../core/engine/targets';
import { executePlan, type ExecuteResult } from '../../core/pipeline/execute';
import type { TargetRef } from '../../core/model/audit';
import type { Incident } from '../../core/model/incident';
import { isMarkedForRestart, suggestedIncident } from '../../core/engine/incident';
import { actionTargetKind, actionTargetKinds } from '../../core/actions';
import type { Runbook } from '../../core/model/runbook';
import type { Pod } from '../../core/k8s/types';
import type { MetricCheckView } from '../../protocol/messages';
import { metricCheckViews } from './panel/metricViews';
import { planView } from './panel/planView';
import { restartMark } from './settings';
import type { WorkspaceRunbook } from './runbooks';
import type { ClusterServices, ShownDecision } from './services';
import type { WorkloadTreeNode } from './tree/nodes';

/** What a command was asked to act on; any part missing is asked for. */
export interface RemediationRequest {
  target?: TargetRef;
  /** A runbook by metadata.name, or the file it is in. */
  runbook?: string;
  runbookUri?: vscode.Uri;
  incident?: Incident;
}

/** Cancelled by the user (Escape): the command ends quietly. */
export class Cancelled extends Error {
  constructor() { super('cancelled'); }
}

function isTreeNode(arg: unknown): arg is WorkloadTreeNode {
  return typeof arg === 'object' && arg !== null && typeof (arg as { type?: unknown }).type === 'string';
}

/** A tree node, a runbook URI (CodeLens), an options object (tests, other commands), or nothing (palette). */
export function requestFrom(arg: unknown): RemediationRequest {
  if (arg instanceof vscode.Uri) return { runbookUri: arg };
  if (isTreeNode(arg)) {
    if (arg.type === 'pod') return { target: { namespace: arg.namespace, kind: 'Pod', name: arg.name } };
    if (arg.type === 'workload') return { target: { namespace: arg.namespace, kind: arg.kind, name: arg.name } };
    return {};
  }
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as RemediationRequest & { runbookUri?: vscode.Uri | string };
    const uri = typeof o.runbookUri === 'string' ? vscode.Uri.parse(o.runbookUri) : o.runbookUri;
    return { target: o.target, runbook: o.runbook, runbookUri: uri, incident: o.incident };
  }
  return {};
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

export async function pickRunbook(s: ClusterServices, req: RemediationRequest): Promise<Runbook> {
  const all: WorkspaceRunbook[] = req.runbookUri ? await s.runbooks.inFile(req.runbookUri) : await s.runbooks.all();
  let candidates = req.runbook ? all.filter((r) => r.runbook.metadata.name === req.runbook) : all;
  if (candidates.length === 0) {
    throw new Error(req.runbook ? `no valid runbook named ${req.runbook} in the workspace` : 'no valid runbook in the workspace (*.runbook.yaml or runbooks/**/*.yaml)');
  }
  if (req.target) {
    const ns = req.target.namespace;
    const matching = candidates.filter((r) => r.runbook.spec.scope.allowedNamespaces.includes(ns));
    if (matching.length > 0) candidates = matching;
  }
  if (candidates.length === 1) return candidates[0].runbook;
  const picked = await vscode.window.showQuickPick(candidates.map((r) => ({
    label: r.runbook.metadata.name, description: `${r.runbook.spec.decisionMode} · ${r.runbook.spec.action.type}`,
    detail: `${vscode.workspace.asRelativePath(r.uri)} — ${r.runbook.spec.intent}`, runbook: r.runbook,
  })), { title: 'Remediator: pick a runbook', placeHolder: req.target ? `for ${formatTargetRef(req.target)}` : undefined, ignoreFocusOut: true });
  return required(picked).runbook;
}

/** Pods (for pod actions) or the workloads the action changes (Deployments, StatefulSets) in the runbook's namespaces, from the live cache. */
export async function pickTarget(s: ClusterServices, runbook: Runbook, within?: TargetRef): Promise<TargetRef> {
  const kinds = actionTargetKinds(runbook.spec.action.type);
  const wantPods = kinds[0] === 'Pod';
  const namespaces = within ? [within.namespace] : runbook.spec.scope.allowedNamespaces;
  const items: (vscode.QuickPickItem & { ref: TargetRef })[] = [];
  const restartLabel = restartMark(s.session.settings);
  for (const ns of namespaces) {
    const workloads = await s.tree.workloads(ns).catch(() => []);
    for (const w of workloads) {
      if (within && !(w.kind === within.kind && w.name === within.name)) continue;
      if (!wantPods) {
        if (kinds.includes(w.kind)) items.push({ label: w.name, description: `${ns} · ${w.kind} · Ready ${w.ready}/${w.desired}`, ref: { namespace: ns, kind: w.kind, name: w.name } });
        continue;
      }
      for (const p of await s.tree.pods(w)) {
        const marked = isMarkedForRestart(p.object, restartLabel);
        items.push({ label: p.name, description: `${ns} · ${w.name}${marked ? ' · marked' : ''}`, detail: podProblem(p.object), ref: { namespace: ns, kind: 'Pod', name: p.name } });
      }
    }
  }
  if (items.length === 0) throw new Error(`no ${wantPods ? 'pods' : kinds.map((k) => `${k}s`).join(' or ')} found in ${namespaces.join(', ')}`);
  const picked = await vscode.window.showQuickPick(items, { title: `Remediator: pick the target for ${runbook.metadata.name}`, ignoreFocusOut: true, matchOnDescription: true });
  return required(picked).ref;
}

async function findPod(s: ClusterServices, target: TargetRef): Promise<Pod | undefined> {
  if (target.kind !== 'Pod') return undefined;
  const snapshot = await s.model.snapshot(target.namespace).catch(() => undefined);
  return snapshot?.pods.find((p) => p.metadata.name === target.name);
}

export async function askIncident(runbook: Runbook, prefill: Incident): Promise<Incident> {
  const title = 'Remediator: incident';
  const id = required(await vscode.window.showInputBox({ title, prompt: 'Incident id', value: prefill.id, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'an id is required') }));
  const symptoms = [...new Set([prefill.symptom, ...runbook.spec.triggers.symptoms])];
  const symptom = required(await vscode.window.showQuickPick(symptoms, { title, placeHolder: 'Symptom (prefilled from the pod)', ignoreFocusOut: true }));
  const NONE = '(none: matched on symptom only)';
  const causes = [...new Set([...(prefill.probableCause ? [prefill.probableCause] : []), ...runbook.spec.triggers.probableCauses]), NONE];
  const cause = required(await vscode.window.showQuickPick(causes, { title, placeHolder: 'Probable cause', ignoreFocusOut: true }));
  const confidence = required(await vscode.window.showInputBox({
    title, prompt: `Confidence in the diagnosis, 0 to 1 (runbook minimum ${runbook.spec.triggers.minimumConfidence})`, value: String(prefill.confidence), ignoreFocusOut: true,
    validateInput: (v) => (/^\s*(0(\.\d+)?|1(\.0+)?)\s*$/.test(v) ? undefined : 'a number from 0 to 1'),
  }));
  return { id: id.trim(), symptom, ...(cause === NONE ? {} : { probableCause: cause }), confidence: Number(confidence) };
}

/** Fills in whatever the request lacks, asking the user. */
export async function completeRequest(s: ClusterServices, req: RemediationRequest): Promise<{ runbook: Runbook; target: TargetRef; incident: Incident }> {
  const runbook = await pickRunbook(s, req);
  let target = req.target;
  if (!target) target = await pickTarget(s, runbook);
  else if (target.kind !== 'Pod' && actionTargetKind(runbook.spec.action.type) === 'Pod') target = await pickTarget(s, runbook, target);
  const incident = req.incident ?? await askIncident(runbook, suggestedIncident(runbook, await findPod(s, target), restartMark(s.session.settings), new Date()));
  return { runbook, target, incident };
}

/** Decides (and server-side dry-runs) through the same pipeline as execute, with progress; shows the panel. */
export async function dryRun(s: ClusterServices, input: { runbook: Runbook; target: TargetRef; incident?: Incident }): Promise<ExecuteResult & { metrics?: MetricCheckView[] }> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Remediator: dry run of ${input.runbook.metadata.name} on ${formatTargetRef(input.target)}` },
    (progress) => executePlan({ ...input, execute: false }, s.session.deps((text) => progress.report({ message: text }))));
  // The plan carries its metric checks with the values the decision read (baselines included).
  const metrics = metricCheckViews(result.plan.metricChecks);
  const shown: ShownDecision = { source: 'live', ...input, plan: result.plan, access: result.access, outcome: result.outcome, records: result.records, ...(metrics ? { metrics } : {}) };
  showDecision(s, shown, result.records.at(-1)?.message);
  return { ...result, ...(metrics ? { metrics } : {}) };
}

export function showDecision(s: ClusterServices, shown: ShownDecision, outcomeMessage?: string): void {
  s.shown = shown;
  s.panel.show(planView({
    plan: shown.plan, runbook: shown.runbook, source: shown.source, access: shown.access, context: shown.source === 'live' ? s.session.contextName : undefined,
    outcome: shown.outcome, outcomeMessage, trusted: vscode.workspace.isTrusted, ...(shown.metrics ? { metrics: shown.metrics } : {}),
  }));
}
