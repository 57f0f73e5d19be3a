// Pending approvals: an approval_required decision is kept, with everything a human needs to decide
// (the decision sentence, the action, the guardrail verdicts: the plan's approval payload), until a
// human approves or rejects it, the incident resolves, or it expires (default 30 minutes). Approving runs
// the whole pipeline again with the fresh re-check right before acting: an approval says "this plan, if
// it still holds", never "act on what was true half an hour ago".
import type { ApprovalPayload, Plan } from '../engine/plan';
import type { TargetRef } from '../model/audit';
import type { Incident } from '../model/incident';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'cancelled';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected', 'expired', 'cancelled'];

export const DEFAULT_APPROVAL_TTL_SECONDS = 30 * 60;
/** An approval can wait at most a day: a plan older than that describes another cluster. */
export const MAX_APPROVAL_TTL_SECONDS = 24 * 3600;
/** The runbook text kept with an approval (the runbook read limit). */
export const MAX_APPROVAL_RUNBOOK_BYTES = 1024 * 1024;

export interface Approval {
  /** The id of the attempt whose record said approval_pending. */
  id: string;
  runbook: string;
  /** The exact runbook text that was decided, so the approver's run uses the same contract. */
  runbookText: string;
  target: TargetRef;
  incident: Incident;
  /** The target's uid when decided: a different object at approval time is stale. */
  identity?: string;
  sentence: string;
  action: string;
  payload?: ApprovalPayload;
  requestedAt: string;
  expiresAt: string;
  requestedBy: string;
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

/** What makes a plan the same decision later: the target's uid, and for a Helm rollback both revisions. */
export function planIdentity(plan: Plan): string | undefined {
  const uid = plan.action.preconditions?.uid ?? (plan.verdicts.find((v) => v.guardrail === 'targetExists')?.evidence?.uid as string | undefined);
  // A Helm release that moved to another revision since the plan was shown is another decision.
  const helm = plan.action.helm;
  return helm ? `${uid ?? ''}|helm ${helm.namespace}/${helm.release}@${helm.fromRevision ?? '?'}->${plan.action.toRevision ?? '?'}` : uid;
}

export function approvalFor(plan: Plan, o: { id: string; runbookText: string; requestedBy: string; now: Date; ttlSeconds?: number }): Approval {
  const ttl = Math.min(MAX_APPROVAL_TTL_SECONDS, Math.max(1, Math.floor(o.ttlSeconds ?? DEFAULT_APPROVAL_TTL_SECONDS)));
  const identity = planIdentity(plan);
  return {
    id: o.id, runbook: plan.runbook, runbookText: o.runbookText, target: plan.target, incident: plan.incident,
    ...(identity ? { identity } : {}),
    sentence: plan.sentence, action: plan.action.description, ...(plan.approval ? { payload: plan.approval } : {}),
    requestedAt: o.now.toISOString(), expiresAt: new Date(o.now.getTime() + ttl * 1000).toISOString(), requestedBy: o.requestedBy,
    status: 'pending',
  };
}

/** The status as of now: a pending approval past its expiry is expired (an unreadable expiry too: fail closed). */
export function statusAt(a: Approval, now: Date): ApprovalStatus {
  if (a.status !== 'pending') return a.status;
  const expires = Date.parse(a.expiresAt);
  return Number.isNaN(expires) || expires <= now.getTime() ? 'expired' : 'pending';
}

export type Decision = 'approved' | 'rejected' | 'cancelled' | 'expired';

/** The approval after a decision, or why it cannot be decided (only a pending, unexpired one can). */
export function decide(a: Approval, decision: Decision, by: string, now: Date, reason?: string): { ok: true; approval: Approval } | { ok: false; why: string } {
  const status = statusAt(a, now);
  if (decision === 'expired') {
    if (a.status !== 'pending') return { ok: false, why: `approval ${a.id} is already ${a.status}` };
    return { ok: true, approval: { ...a, status: 'expired', decidedBy: by, decidedAt: now.toISOString(), reason: reason ?? `not decided by ${a.expiresAt}` } };
  }
  if (status === 'expired') return { ok: false, why: `approval ${a.id} expired at ${a.expiresAt}; nothing done` };
  if (status !== 'pending') return { ok: false, why: `approval ${a.id} is already ${status}${a.decidedBy ? ` (by ${a.decidedBy} at ${a.decidedAt})` : ''}; nothing done` };
  return { ok: true, approval: { ...a, status: decision, decidedBy: by, decidedAt: now.toISOString(), ...(reason ? { reason } : {}) } };
}
