// The remediation report from audit records: per runbook and per service, what automation decided, what
// it achieved and what it broke, and per runbook whether it is ready to move right. Pure (time comes in).
import type { AuditRecord, PlanMode } from '../model/audit';
import { attemptsOf, incidentsOf, type Attempt, type IncidentSummary } from './attempts';
import { readinessOf } from './readiness';
import { REPORT_THRESHOLDS } from './thresholds';
import type { DurationStats, GroupStats, Rate, RemediationReport, RunbookReport } from './types';

export interface ReportInput {
  /** Audit log records and shared-state records (merged with mergeRecords). */
  records: readonly AuditRecord[];
  now: Date;
  /** Leave out records before this. */
  since?: Date;
  /** Only this runbook. */
  runbook?: string;
  sources?: { auditRecords: number; sharedStateRecords: number; notes?: string[] };
}

export function rate(count: number, of: number): Rate {
  return { count, of, rate: of > 0 ? count / of : null };
}

function quantile(sorted: readonly number[], q: number): number {
  // Nearest rank: an observed value, never one interpolated between two incidents.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function durationStats(ms: readonly number[]): DurationStats {
  const s = ms.filter((x) => Number.isFinite(x) && x >= 0).map((x) => x / 1000).sort((a, b) => a - b);
  if (s.length === 0) return { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null };
  return { count: s.length, meanSeconds: s.reduce((a, b) => a + b, 0) / s.length, medianSeconds: quantile(s, 0.5), p90Seconds: quantile(s, 0.9) };
}

/** Recovered incidents that another incident on the same runbook and service followed within the window. */
function repeats(incidents: readonly IncidentSummary[], windowMs: number): Rate {
  const recovered = incidents.filter((i) => i.restoredAt !== undefined);
  let repeated = 0;
  for (const i of recovered) {
    const again = incidents.some((j) => j !== i && j.runbook === i.runbook && j.service === i.service
      && j.start > i.restoredAt! && j.start - i.restoredAt! <= windowMs);
    if (again) repeated++;
  }
  return rate(repeated, recovered.length);
}

export function groupStats(attempts: readonly Attempt[], allIncidents: readonly IncidentSummary[]): GroupStats {
  const decisions = attempts.filter((a) => !a.preview);
  const acted = decisions.filter((a) => a.actedAt !== undefined);
  const incidents = allIncidents.filter((i) => i.handled);
  const aborted = decisions.filter((a) => a.mode === 'abort');
  const byGuardrail = new Map<string, number>();
  for (const a of aborted) for (const g of new Set(a.blockedBy ?? [])) byGuardrail.set(g, (byGuardrail.get(g) ?? 0) + 1);
  const result = (r: Attempt['verification']) => acted.filter((a) => a.verification === r).length;
  const failedVerifications = acted.filter((a) => a.verification === 'failed').length;
  const rollbacks = acted.filter((a) => a.rolledBack).length;
  const rollbackFailures = acted.filter((a) => a.rollbackFailed).length;
  const unobservable = acted.filter((a) => a.unobservable).length;
  const asked = incidents.filter((i) => i.approvalRequested);
  return {
    incidents: incidents.length,
    previews: attempts.length - decisions.length,
    decisions: decisions.length,
    actions: acted.length,
    automatedRecovery: rate(incidents.filter((i) => i.restoredAt !== undefined).length, incidents.length),
    verification: {
      passed: rate(result('verified'), acted.length),
      failed: rate(result('failed'), acted.length),
      inconclusive: rate(result('inconclusive'), acted.length),
      unfinished: result('unfinished'),
    },
    guardrailBlocks: {
      all: rate(aborted.length, decisions.length),
      byGuardrail: [...byGuardrail].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([guardrail, count]) => ({ guardrail, count, rate: rate(count, decisions.length).rate })),
      unattributed: aborted.filter((a) => (a.blockedBy ?? []).length === 0).length,
    },
    approvals: rate(asked.filter((i) => i.approvalAccepted).length, asked.length),
    timeToDecide: durationStats(incidents.filter((i) => i.decidedAt !== undefined).map((i) => i.decidedAt! - i.start)),
    timeToRestore: durationStats(incidents.filter((i) => i.restoredAt !== undefined).map((i) => i.restoredAt! - i.start)),
    repeatedIncidents: repeats(incidents, REPORT_THRESHOLDS.repeatWindowMs),
    automationFailures: { failedVerifications, rollbacks, rollbackFailures, unobservable, total: failedVerifications + rollbackFailures + unobservable },
  };
}

const AUTONOMY: readonly PlanMode[] = ['manual', 'suggest', 'approval_required', 'auto_execute'];

/** The most autonomous mode among the decisions (aborts say nothing about the rung). */
function mostAutonomous(attempts: readonly Attempt[]): PlanMode | undefined {
  let best = -1;
  for (const a of attempts) if (!a.preview) best = Math.max(best, AUTONOMY.indexOf(a.mode));
  return best >= 0 ? AUTONOMY[best] : undefined;
}

function byKey<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = m.get(k);
    if (list) list.push(t); else m.set(k, [t]);
  }
  return m;
}

/** Audit log and shared state together: a record both hold (same attempt and outcome) counts once, the audit log's copy kept. */
export function mergeRecords(audit: readonly AuditRecord[], shared: readonly AuditRecord[]): { records: AuditRecord[]; fromShared: number } {
  const key = (r: AuditRecord) => (r.id ? `${r.id}|${r.outcome}` : `${r.time}|${r.runbook}|${r.target.namespace}/${r.target.kind}/${r.target.name}|${r.outcome}`);
  const seen = new Set(audit.map(key));
  const extra = shared.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { records: [...audit, ...extra], fromShared: extra.length };
}

export function computeReport(input: ReportInput): RemediationReport {
  const since = input.since?.getTime();
  const records = input.records.filter((r) => input.runbook === undefined || r.runbook === input.runbook);
  // The period holds whole attempts (by their start), so an action is never counted without its verification.
  const attempts = attemptsOf(records).filter((a) => since === undefined || a.start >= since);
  const incidents = incidentsOf(attempts);
  const attemptsByRunbook = byKey(attempts, (a) => a.runbook);
  const incidentsByRunbook = byKey(incidents, (i) => i.runbook);
  const runbooks: RunbookReport[] = [...attemptsByRunbook.keys()].sort().map((name) => {
    const own = attemptsByRunbook.get(name) ?? [];
    const ownIncidents = incidentsByRunbook.get(name) ?? [];
    const stats = groupStats(own, ownIncidents);
    const services = byKey(own, (a) => a.service);
    const serviceIncidents = byKey(ownIncidents, (i) => i.service);
    return {
      runbook: name, ...stats, readiness: readinessOf(stats, mostAutonomous(own)),
      services: [...services.keys()].sort().map((service) => ({ service, ...groupStats(services.get(service) ?? [], serviceIncidents.get(service) ?? []) })),
    };
  });
  const notes = [...(input.sources?.notes ?? [])];
  return {
    generatedAt: input.now.toISOString(),
    ...(input.since ? { since: input.since.toISOString() } : {}),
    sources: { auditRecords: input.sources?.auditRecords ?? input.records.length, sharedStateRecords: input.sources?.sharedStateRecords ?? 0, notes },
    thresholds: REPORT_THRESHOLDS,
    runbooks,
  };
}
