// The audit record of a decision on a pending approval that did not run the pipeline (rejected, expired,
// cancelled): the approval's own id, so the request and its end read as one attempt.
import type { AuditRecord } from '../model/audit';
import type { Runbook } from '../model/runbook';
import type { Approval } from './approval';

export function approvalDecisionRecord(a: Approval, runbook: Runbook | undefined, o: { actor: string; time: Date; message: string }): AuditRecord {
  return {
    id: a.id,
    time: o.time.toISOString(),
    incidentId: a.incident.id,
    runbook: a.runbook,
    target: a.target,
    mode: 'approval_required',
    outcome: 'blocked',
    verdicts: [],
    action: { type: runbook?.spec.action.type ?? 'collectEvidence', description: a.action },
    actor: o.actor,
    message: o.message,
  };
}
