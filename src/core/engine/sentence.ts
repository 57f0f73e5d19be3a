import { actionSentence } from '../actions';
import type { Runbook } from '../model/runbook';
import type { Verdict } from '../model/verdict';
import { fmt } from './mode';
import type { Plan } from './plan';

function orList(items: readonly string[]): string {
  if (items.length === 0) return '(none)';
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function andList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const CHECK_TEXT: Record<string, string> = {
  available_replicas_equal_desired_replicas: 'available replicas equal desired replicas',
  replacement_pod_ready_within_timeout: 'the replacement pod is Ready',
  rollout_complete: 'the rollout completes',
  no_pods_remain: 'no pods remain',
};

function configuredGuardrails(runbook: Runbook): string[] {
  const g = runbook.spec.guardrails;
  const names = ['allowedNamespaces'];
  if (runbook.spec.scope.requiredLabels && Object.keys(runbook.spec.scope.requiredLabels).length > 0) names.push('requiredLabels');
  for (const [k, v] of Object.entries(g)) if (v !== undefined) names.push(k);
  return names;
}

/** The runbook as one decision sentence: shown on hover and in reviews. */
export function runbookSentence(runbook: Runbook): string {
  const s = runbook.spec;
  const action = s.actionCommand ?? actionSentence(s.action);
  const checks = andList(s.verification.checks.map((c) => CHECK_TEXT[c] ?? c));
  return `When symptom ${orList(s.triggers.symptoms)} appears, and root cause ${orList(s.triggers.probableCauses)} `
    + `has confidence above ${fmt(s.triggers.minimumConfidence)}, and guardrails ${andList(configuredGuardrails(runbook))} pass, `
    + `execute ${action}, then verify ${checks || 'nothing (no checks defined)'} within ${s.verification.timeoutSeconds}s.`;
}

function guardrailClause(verdicts: readonly Verdict[]): string {
  const evaluated = verdicts.filter((v) => v.status !== 'skip').map((v) => v.guardrail);
  return evaluated.length > 0 ? andList(evaluated) : '(none)';
}

/** The same sentence for one concrete plan. */
export function planSentence(plan: Omit<Plan, 'sentence'>, runbook: Runbook): string {
  const cause = plan.incident.probableCause ?? '(none given; matched on symptom)';
  const checks = andList(plan.verification.checks.map((c) => CHECK_TEXT[c.check] ?? c.check));
  return `When symptom ${plan.incident.symptom} appears, and root cause ${cause} has confidence ${fmt(plan.incident.confidence)} `
    + `(minimum ${fmt(runbook.spec.triggers.minimumConfidence)}), and guardrails ${guardrailClause(plan.verdicts)} pass, `
    + `execute ${plan.action.description}, then verify ${checks || 'nothing (no checks defined)'} within ${plan.verification.timeoutSeconds}s.`
    + (plan.mode === 'auto_execute' || plan.mode === 'approval_required' ? '' : ` Decision: ${plan.mode}, because ${plan.modeReason}.`);
}
