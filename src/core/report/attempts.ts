// Audit records folded into what the report counts: attempts (the records of one remediation attempt,
// sharing an id) and incidents (the attempts of one runbook for one incident id). Pure.
import { ACTED_OUTCOMES, type AuditRecord, type PlanMode } from '../model/audit';
import type { GuardrailId } from '../model/verdict';

export type VerificationResult = 'verified' | 'failed' | 'inconclusive' | 'unfinished';

export interface Attempt {
  runbook: string;
  service: string;
  incidentKey: string;
  mode: PlanMode;
  /** When the attempt began (startedAt of its first record, else its time), epoch ms. */
  start: number;
  /** Only dry runs: a preview, not a decision that counts. */
  preview: boolean;
  /** Time of the first record that changed the cluster, when it did. */
  actedAt?: number;
  /** Time of the first record (the decision). */
  decidedAt: number;
  verifiedAt?: number;
  /** Set when it acted. */
  verification?: VerificationResult;
  rolledBack: boolean;
  rollbackFailed: boolean;
  unobservable: boolean;
  /** Aborted on guardrails: the ones that failed or could not be evaluated (empty when the record lists no verdicts). */
  blockedBy?: GuardrailId[];
}

export interface IncidentSummary {
  runbook: string;
  service: string;
  key: string;
  start: number;
  attempts: Attempt[];
  /** Not only previews. */
  handled: boolean;
  decidedAt?: number;
  restoredAt?: number;
  approvalRequested: boolean;
  approvalAccepted: boolean;
}

/** The app label, else the Deployment (the target, or the workload verification checks), else the object name. */
export function serviceOf(r: AuditRecord): string {
  if (r.target.app) return r.target.app;
  if (r.target.kind === 'Deployment') return r.target.name;
  return r.verification?.workload?.name ?? r.target.name;
}

function timeOf(r: AuditRecord): number {
  return Date.parse(r.time);
}

function attemptOf(records: AuditRecord[]): Attempt {
  const first = records[0];
  const outcomes = new Set(records.map((r) => r.outcome));
  const acted = records.find((r) => ACTED_OUTCOMES.includes(r.outcome));
  const verified = records.find((r) => r.outcome === 'verified');
  const failed = outcomes.has('verification_failed') || outcomes.has('rolled_back');
  const afterFailure = records.findIndex((r) => r.outcome === 'verification_failed');
  const rollbackFailed = afterFailure >= 0 && records.slice(afterFailure + 1).some((r) => r.outcome === 'error');
  // An error after acting is verification that could not observe the cluster or the metrics (or a rollback that failed).
  const unobservable = acted !== undefined && !verified && !failed && records.some((r) => r.outcome === 'error' && timeOf(r) >= timeOf(acted));
  const verification: VerificationResult | undefined = !acted ? undefined
    : verified ? 'verified' : failed ? 'failed'
      : outcomes.has('verification_inconclusive') || unobservable ? 'inconclusive' : 'unfinished';
  const started = Math.min(...records.map((r) => Date.parse(r.startedAt ?? r.time)).filter(Number.isFinite));
  const blockedBy = first.mode === 'abort'
    ? first.verdicts.filter((v) => v.status === 'fail' || v.status === 'error').map((v) => v.guardrail) : undefined;
  return {
    runbook: first.runbook, service: serviceOf(first),
    incidentKey: first.incidentId === 'none' ? `attempt:${first.id ?? first.time}` : first.incidentId,
    mode: first.mode, start: Number.isFinite(started) ? started : timeOf(first),
    preview: records.every((r) => r.outcome === 'dry_run'),
    ...(acted ? { actedAt: timeOf(acted) } : {}),
    decidedAt: timeOf(first),
    ...(verified ? { verifiedAt: timeOf(verified) } : {}),
    ...(verification ? { verification } : {}),
    rolledBack: outcomes.has('rolled_back'), rollbackFailed, unobservable,
    ...(blockedBy ? { blockedBy } : {}),
  };
}

/** Attempts in order of their first record; a record without an id is an attempt of its own. */
export function attemptsOf(records: readonly AuditRecord[]): Attempt[] {
  const byId = new Map<string, AuditRecord[]>();
  const groups: AuditRecord[][] = [];
  for (const r of records) {
    if (!r.id) { groups.push([r]); continue; }
    const g = byId.get(r.id);
    if (g) g.push(r);
    else { const fresh = [r]; byId.set(r.id, fresh); groups.push(fresh); }
  }
  return groups.map((g) => attemptOf([...g].sort((a, b) => timeOf(a) - timeOf(b))));
}

/** Attempts grouped by runbook and incident. */
export function incidentsOf(attempts: readonly Attempt[]): IncidentSummary[] {
  const byKey = new Map<string, Attempt[]>();
  for (const a of attempts) {
    const k = `${a.runbook}\u0000${a.incidentKey}`;
    const list = byKey.get(k);
    if (list) list.push(a); else byKey.set(k, [a]);
  }
  return [...byKey.values()].map((list) => {
    const decisions = list.filter((a) => !a.preview);
    const acted = decisions.filter((a) => a.actedAt !== undefined).sort((a, b) => a.actedAt! - b.actedAt!);
    const verified = decisions.filter((a) => a.verifiedAt !== undefined).sort((a, b) => a.verifiedAt! - b.verifiedAt!);
    const asked = decisions.filter((a) => a.mode === 'approval_required');
    const decidedAt = acted[0]?.actedAt ?? (decisions.length > 0 ? Math.min(...decisions.map((a) => a.decidedAt)) : undefined);
    return {
      runbook: list[0].runbook, service: list[0].service, key: list[0].incidentKey,
      start: Math.min(...list.map((a) => a.start)), attempts: list, handled: decisions.length > 0,
      ...(decidedAt !== undefined ? { decidedAt } : {}),
      ...(verified[0] ? { restoredAt: verified[0].verifiedAt } : {}),
      approvalRequested: asked.length > 0,
      approvalAccepted: asked.some((a) => a.actedAt !== undefined),
    };
  });
}
