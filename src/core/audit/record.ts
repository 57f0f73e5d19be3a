import type { Plan } from '../engine/plan';
import type { AuditRecord, AuditVerification, Outcome } from '../model/audit';
import type { DecisionInput } from '../model/decisionInput';

export interface RecordExtras {
  id: string;
  actor: string;
  time: Date;
  startedAt?: Date;
  message?: string;
  verification?: AuditVerification;
  details?: Record<string, unknown>;
  /** What the decision read (the first record of a decision only). */
  decisionInput?: DecisionInput;
}

/** One audit record for a plan and what happened to it (every decision, including "did nothing"). */
export function auditRecordFor(plan: Plan, outcome: Outcome, extras: RecordExtras): AuditRecord {
  return {
    id: extras.id,
    time: extras.time.toISOString(),
    incidentId: plan.incident.id,
    runbook: plan.runbook,
    target: { ...plan.target, ...(plan.app ? { app: plan.app } : {}) },
    mode: plan.mode,
    outcome,
    verdicts: plan.verdicts,
    action: { type: plan.action.type, description: plan.action.description, ...(extras.details ? { details: extras.details } : {}) },
    actor: extras.actor,
    ...(extras.startedAt ? { startedAt: extras.startedAt.toISOString(), endedAt: extras.time.toISOString() } : {}),
    ...(extras.verification !== undefined ? { verification: extras.verification } : {}),
    message: extras.message ?? plan.modeReason,
    ...(extras.decisionInput ? { decisionInput: extras.decisionInput } : {}),
  };
}

/** One readable line per record (CLI stdout, the editor's output channel). */
export function auditLine(r: AuditRecord): string {
  const target = `${r.target.namespace}/${r.target.kind.toLowerCase()}/${r.target.name}`;
  return `${r.time} ${r.outcome.toUpperCase()} ${r.runbook} ${target} mode=${r.mode} by ${r.actor}: ${r.message ?? ''}`.trimEnd();
}

/** The uid of the target object the decision saw (the targetExists verdict's evidence), when it saw one. */
export function targetUidOf(r: Pick<AuditRecord, 'verdicts'>): string | undefined {
  const uid = (Array.isArray(r.verdicts) ? r.verdicts : []).find((v) => v.guardrail === 'targetExists')?.evidence?.uid;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}
