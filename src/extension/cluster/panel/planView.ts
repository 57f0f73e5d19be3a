// Plan (+ access checks, outcome) → the panel's serialisable view. Nothing here recomputes a decision.
import { formatTargetRef } from '../../../core/engine/targets';
import { mayExecute, type Plan } from '../../../core/engine/plan';
import { permissionLabel } from '../../../core/engine/permissions';
import type { AccessCheck } from '../../../core/ports';
import { decisionSummary } from '../../../core/engine/decisionSummary';
import type { Runbook } from '../../../core/model/runbook';
import type { HelmPlanView, MetricCheckView, PlanView } from '../../../protocol/messages';

export interface PlanViewInput {
  plan: Plan;
  /** The runbook decided with (its limits word the decision: "cooldown 10m"). */
  runbook?: Runbook;
  source: 'live' | 'simulated';
  context?: string;
  access?: readonly AccessCheck[];
  outcome?: string;
  outcomeMessage?: string;
  trusted: boolean;
  /** The metric checks with their live values (metricViews.ts); absent when the runbook has none. */
  metrics?: MetricCheckView[];
}

function executeState(input: PlanViewInput): PlanView['execute'] {
  if (input.source !== 'live') return { enabled: false, reason: 'simulated from a saved state: nothing to execute' };
  if (!input.trusted) return { enabled: false, reason: 'untrusted workspace: Remediator is read-only' };
  if (!mayExecute(input.plan.mode)) return { enabled: false, reason: `mode ${input.plan.mode}: this plan never executes` };
  const denied = (input.access ?? []).filter((a) => !a.allowed);
  if (denied.length > 0) return { enabled: false, reason: `missing permission: ${denied.map((d) => permissionLabel(d.permission)).join(', ')}` };
  return { enabled: true };
}

/** The revisions a Helm rollback goes between; absent when no target revision could be chosen. */
export function helmPlanView(plan: Plan): HelmPlanView | undefined {
  const helm = plan.action.helm;
  const c = helm?.comparison;
  if (!helm || !c) return undefined;
  return {
    release: helm.release, namespace: helm.namespace, current: { ...c.current }, proposed: { ...c.proposed },
    values: { added: c.valuesDiff.added, removed: c.valuesDiff.removed },
    manifest: { added: c.manifestDiff.added, removed: c.manifestDiff.removed },
  };
}

export function planView(input: PlanViewInput): PlanView {
  const { plan } = input;
  return {
    source: input.source,
    runbook: plan.runbook,
    target: formatTargetRef(plan.target),
    workload: plan.workload ? formatTargetRef(plan.workload) : undefined,
    context: input.context,
    mode: plan.mode,
    decision: decisionSummary(plan, input.runbook),
    modeReason: plan.modeReason,
    sentence: plan.sentence,
    incident: { id: plan.incident.id, symptom: plan.incident.symptom, probableCause: plan.incident.probableCause, confidence: plan.incident.confidence },
    currentState: plan.currentState.summary,
    verdicts: plan.verdicts.map((v) => ({ guardrail: v.guardrail, status: v.status, reason: v.reason })),
    action: { description: plan.action.description, equivalentCommand: plan.action.equivalentCommand, mutating: plan.action.mutating },
    verification: { checks: plan.verification.checks.map((c) => c.description), timeoutSeconds: plan.verification.timeoutSeconds },
    ...(input.metrics ? { metrics: input.metrics } : {}),
    rollback: { description: plan.rollback.description, risk: plan.rollback.risk, notes: plan.rollback.notes },
    ...(helmPlanView(plan) ? { helm: helmPlanView(plan) } : {}),
    escalation: [
      `on guardrail failure: ${plan.escalation.onGuardrailFailure}`,
      `on verification failure: ${plan.escalation.onVerificationFailure}`,
      ...(plan.escalation.now ? [`now: ${plan.escalation.now}`] : []),
    ],
    access: (input.access ?? []).map((a) => ({ permission: permissionLabel(a.permission), allowed: a.allowed, reason: a.reason })),
    approval: plan.approval ? JSON.stringify(plan.approval, null, 2) : undefined,
    outcome: input.outcome,
    outcomeMessage: input.outcomeMessage,
    execute: executeState(input),
  };
}
