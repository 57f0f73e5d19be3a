// Audit records for what serve decides without a plan: an alert no runbook answers (manual), an alert
// resolved before any action, an action interrupted by a crash. Same shape as every other record.
import type { AlertStep } from '../alerts/intake';
import type { AuditRecord, Outcome, PlanMode } from '../model/audit';
import type { Verdict } from '../model/verdict';

export interface AlertRecordFields {
  id: string;
  runbook: string;
  outcome: Outcome;
  mode: PlanMode;
  actor: string;
  time: Date;
  message: string;
}

export function alertRecord(step: AlertStep, f: AlertRecordFields): AuditRecord {
  const d = step.derived;
  // Without a workload label the record names the alert itself (namespace/alert/<alertname>).
  const target = d.target ?? { namespace: d.namespace ?? '', kind: 'Alert', name: d.alertname ?? '' };
  return {
    id: f.id, time: f.time.toISOString(), incidentId: d.incident.id, runbook: f.runbook, target, mode: f.mode,
    outcome: f.outcome, verdicts: [], action: { type: 'none' }, actor: f.actor,
    message: d.notes.length > 0 ? `${f.message} (${d.notes.join('; ')})` : f.message,
  };
}

/** The guardrails that stopped a decision: failed, or could not be evaluated (never counted as passed). */
export function blockingGuardrails(verdicts: readonly Verdict[]): string[] {
  return verdicts.filter((v) => v.status === 'fail' || v.status === 'error').map((v) => v.guardrail);
}
