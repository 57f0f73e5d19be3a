import type { Plan } from './plan';

/** The stable JSON shape of one decision (CLI --json, scan output, tests). */
export function decisionJson(plan: Plan) {
  return {
    target: { namespace: plan.target.namespace, kind: plan.target.kind, name: plan.target.name },
    workload: plan.workload,
    runbook: plan.runbook,
    incident: plan.incident,
    mode: plan.mode,
    modeReason: plan.modeReason,
    verdicts: plan.verdicts.map((v) => ({ guardrail: v.guardrail, status: v.status, reason: v.reason })),
    action: plan.action,
    verification: plan.verification,
    rollback: plan.rollback,
    escalation: plan.escalation,
    currentState: plan.currentState,
    sentence: plan.sentence,
    ...(plan.metricChecks ? { metricChecks: plan.metricChecks } : {}),
    ...(plan.approval ? { approval: plan.approval } : {}),
  };
}
