// Deciding a pending approval, shared by the CLI verbs and the editor's Pending Approvals view. Approving
// takes the decision first (compare-and-swap: of two approvers, one runs the pipeline), then runs the
// whole pipeline again with the approval: a fresh snapshot, every guardrail, the re-check under the Lease
// and the server-side dry run, so an approval never acts on a plan the cluster no longer supports.
import { executePlan, type ExecuteResult, type PipelineDeps } from '../pipeline/execute';
import { runbookFromText } from '../runbook/fromText';
import type { AuditRecord } from '../model/audit';
import type { Runbook } from '../model/runbook';
import type { ApprovalStore } from '../ports';
import { decide, statusAt, type Approval } from './approval';
import { approvalDecisionRecord } from './record';

export type Loaded = { approval: Approval; version: string };

/** Why a decision was not taken; `missing` and `unreadable` are the caller's input problems. */
export type NotDecided =
  | { kind: 'missing'; message: string }
  | { kind: 'unreadable'; message: string }
  | { kind: 'invalidRunbook'; message: string }
  | { kind: 'notPending'; message: string; expired: boolean }
  | { kind: 'declined'; message: string }
  | { kind: 'lostRace'; message: string };

export type ApproveResult = { ok: true; approval: Approval; result: ExecuteResult } | ({ ok: false } & NotDecided);
export type RejectResult = { ok: true; approval: Approval; record: AuditRecord } | ({ ok: false } & NotDecided);

/** Asked once the approval is known to be decidable, before anything is written; false: nothing done. */
export type Confirm = (approval: Approval) => Promise<boolean>;

export async function loadApproval(store: ApprovalStore, id: string): Promise<Loaded | ({ ok: false } & NotDecided)> {
  const got = await store.get(id);
  if (got === undefined) return { ok: false, kind: 'missing', message: `no approval ${id} in the state namespace` };
  if ('problem' in got) return { ok: false, kind: 'unreadable', message: `${got.problem}; not acted on` };
  return got;
}

function runbookOf(a: Approval): Runbook | undefined {
  const read = runbookFromText(a.runbookText);
  return read.ok ? read.runbook : undefined;
}

async function audit(deps: PipelineDeps, record: AuditRecord): Promise<void> {
  // Sink failures must not undo a decision already written; each sink is tried.
  for (const sink of deps.audit) await sink.write(record).catch(() => undefined);
  await deps.state.record(record).catch(() => undefined);
}

/** Writes the expiry of a pending approval found expired (once: the CAS keeps it single) and audits it. */
async function expire(store: ApprovalStore, deps: PipelineDeps, got: Loaded, actor: string): Promise<void> {
  const done = decide(got.approval, 'expired', actor, deps.clock.now());
  if (!done.ok || !(await store.update(done.approval, got.version))) return;
  await audit(deps, approvalDecisionRecord(done.approval, runbookOf(done.approval), { actor, time: deps.clock.now(), message: `approval expired at ${got.approval.expiresAt} undecided; nothing done` }));
}

async function notPending(store: ApprovalStore, deps: PipelineDeps, got: Loaded, actor: string, why: string): Promise<{ ok: false } & NotDecided> {
  const expired = statusAt(got.approval, deps.clock.now()) === 'expired';
  if (expired) await expire(store, deps, got, actor);
  return { ok: false, kind: 'notPending', message: why, expired };
}

export async function approvePending(store: ApprovalStore, deps: PipelineDeps, id: string, actor: string, confirm?: Confirm): Promise<ApproveResult> {
  const got = await loadApproval(store, id);
  if ('ok' in got) return got;
  const runbook = runbookOf(got.approval);
  if (!runbook) return { ok: false, kind: 'invalidRunbook', message: `approval ${id}: the runbook stored with it is no longer valid; not acted on` };
  const decided = decide(got.approval, 'approved', actor, deps.clock.now());
  if (!decided.ok) return notPending(store, deps, got, actor, decided.why);
  if (confirm && !(await confirm(got.approval))) return { ok: false, kind: 'declined', message: 'not approved; nothing done' };
  if (!(await store.update(decided.approval, got.version))) {
    return { ok: false, kind: 'lostRace', message: `approval ${id} was decided by someone else first; nothing done` };
  }
  const result = await executePlan({
    runbook, target: got.approval.target, incident: got.approval.incident, execute: true, approved: true,
    expectedIdentity: got.approval.identity ?? '', runbookText: got.approval.runbookText,
  }, deps);
  return { ok: true, approval: decided.approval, result };
}

export async function rejectPending(store: ApprovalStore, deps: PipelineDeps, id: string, actor: string, reason?: string): Promise<RejectResult> {
  const got = await loadApproval(store, id);
  if ('ok' in got) return got;
  const now = deps.clock.now();
  const decided = decide(got.approval, 'rejected', actor, now, reason);
  if (!decided.ok) return notPending(store, deps, got, actor, decided.why);
  if (!(await store.update(decided.approval, got.version))) {
    return { ok: false, kind: 'lostRace', message: `approval ${id} was decided by someone else first` };
  }
  const record = approvalDecisionRecord(decided.approval, runbookOf(got.approval), { actor, time: now, message: `approval rejected by ${actor}${reason ? `: ${reason}` : ''}; nothing done` });
  await audit(deps, record);
  return { ok: true, approval: decided.approval, record };
}

/** The approvals still pending now, soonest to expire first. */
export async function pendingApprovals(store: ApprovalStore, now: Date): Promise<{ approvals: Approval[]; problems: string[] }> {
  const { approvals, problems } = await store.list();
  const pending = approvals.filter((a) => statusAt(a, now) === 'pending').sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  return { approvals: pending, problems };
}
