import * as vscode from 'vscode';
import { formatTargetRef } from '../../../core/engine/targets';
import { mayExecute, type Plan } from '../../../core/engine/plan';
import { executePlan } from '../../../core/pipeline/execute';
import { completeRequest, dryRun, requestFrom } from '../flows';
import { requireTrust } from '../prompts';
import type { ClusterServices, ShownDecision } from '../services';
import { requiresTypedConfirmation } from '../settings';
import { notificationText } from '../notificationText';
import { liveSampleView, metricCheckViews } from '../panel/metricViews';
import type { ClusterCommand } from './command';

/** The argument the panel's Execute button passes. */
export const FROM_PANEL = { fromPanel: true } as const;

function summary(plan: Plan): string {
  const passed = plan.verdicts.filter((v) => v.status === 'pass').length;
  return [
    plan.sentence, '',
    `Action: ${plan.action.description}`,
    `Guardrails: ${passed} passed, ${plan.verdicts.filter((v) => v.status === 'skip').length} not configured`,
    `Verification: ${plan.verification.checks.map((c) => c.description).join('; ')} within ${plan.verification.timeoutSeconds}s`,
    `Rollback: ${plan.rollback.description}`,
  ].join('\n');
}

async function confirmExecution(s: ClusterServices, plan: Plan, context: string): Promise<boolean> {
  const approval = plan.mode === 'approval_required';
  const detail = approval && plan.approval ? `Approval payload:\n${JSON.stringify(plan.approval, null, 2)}` : summary(plan);
  const ok = await s.prompts.confirm(
    `${approval ? 'Approve and execute' : 'Execute'} "${plan.action.description}" in context ${context}?`, detail,
    approval ? 'Approve and Execute' : 'Execute');
  if (!ok) return false;
  if (!requiresTypedConfirmation(s.session.settings, context)) return true;
  return s.prompts.typed(`Context ${context} has a safety profile: type the target name ${plan.target.name} to execute`, plan.target.name);
}

async function decisionToExecute(s: ClusterServices, arg: unknown): Promise<ShownDecision | undefined> {
  if (typeof arg === 'object' && arg !== null && (arg as { fromPanel?: unknown }).fromPanel === true) return s.shown;
  // Palette, tree or options: decide first (the panel shows the plan), then confirm that plan.
  const input = await completeRequest(s, requestFrom(arg));
  const result = await dryRun(s, input);
  return { source: 'live', ...input, plan: result.plan, access: result.access, ...(result.metrics ? { metrics: result.metrics } : {}) };
}

export const execute: ClusterCommand = {
  id: 'remediator.execute',
  async run(s, arg) {
    if (!requireTrust('executing a remediation')) return undefined;
    const shown = await decisionToExecute(s, arg);
    if (!shown) throw new Error('no dry run is shown: run Remediator: Dry-run Runbook first');
    if (shown.source !== 'live') throw new Error('a simulated decision cannot be executed: dry-run against the cluster first');
    const plan = shown.plan;
    if (!mayExecute(plan.mode)) {
      void vscode.window.showInformationMessage(notificationText(`not executed. Mode ${plan.mode}: ${plan.modeReason}`));
      return { outcome: 'not_executed', plan };
    }
    const context = s.session.contextName;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Remediator: ${plan.action.description}` },
      (progress) => executePlan({
        runbook: shown.runbook, target: shown.target, incident: shown.incident, execute: true,
        approved: plan.mode === 'approval_required', expected: plan, confirm: (fresh) => confirmExecution(s, fresh, context),
      }, s.session.deps((text) => { progress.report({ message: text }); s.panel.progress(text); },
        (metric, sample) => s.panel.sample(metric, liveSampleView(sample)))));
    const last = result.records.at(-1);
    const message = last?.message ?? result.outcome;
    // After verification the rows carry each metric's status and samples; otherwise the re-decided plan's rows.
    const metrics = metricCheckViews(result.metricRows ?? result.plan.metricChecks) ?? shown.metrics;
    s.shown = { ...shown, plan: result.plan, outcome: result.outcome, records: result.records, ...(metrics ? { metrics } : {}) };
    s.panel.outcome(result.outcome, message, metrics);
    const text = notificationText(`${formatTargetRef(result.plan.target)} ${result.outcome}: ${message}`);
    const show = result.outcome === 'verified' ? vscode.window.showInformationMessage
      : result.outcome === 'blocked' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(text, 'Show Audit Log').then((choice) => { if (choice) s.audit.channel.show(true); });
    for (const w of result.warnings) s.audit.channel.warn(w);
    return { outcome: result.outcome, plan: result.plan, records: result.records, verification: result.verification, metrics };
  },
};
