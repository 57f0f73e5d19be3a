// The report from its two sources, the audit log and (when a cluster was asked for) the shared state:
// merged, with the caveats the data carries. The CLI and the editor's report view both go through this.
import type { AuditRecord } from '../model/audit';
import { computeReport, mergeRecords } from './compute';
import type { RemediationReport } from './types';

export interface ReportSources {
  audit: readonly AuditRecord[];
  /** The shared state's records for the runbooks named (empty when it was not read). */
  shared: readonly AuditRecord[];
  /** Whether the shared state was asked for (a cluster is configured), even if it held nothing. */
  sharedAsked: boolean;
  now: Date;
  since?: Date;
  runbook?: string;
  /** How this front end asks for another runbook (default: the CLI's flag). */
  otherRunbookHint?: string;
}

/** The runbooks whose shared state is read: the one asked for, else every runbook the audit log names. */
export function sharedStateRunbooks(audit: readonly AuditRecord[], runbook?: string): string[] {
  return runbook !== undefined ? [runbook] : [...new Set(audit.map((r) => r.runbook))].sort();
}

export function reportFromSources(s: ReportSources): { report: RemediationReport; records: AuditRecord[] } {
  const { records, fromShared } = mergeRecords(s.audit, s.shared);
  const notes: string[] = [];
  if (s.shared.length > 0 || s.sharedAsked) {
    notes.push('the shared state keeps each runbook\'s last 24 hours (at most 200 records) without verdicts: its extra records count for outcomes, not for blocks by guardrail');
    if (s.runbook === undefined) notes.push(`the shared state was read for the runbooks named in the audit log; ${s.otherRunbookHint ?? 'pass --runbook NAME'} for another one`);
  }
  const report = computeReport({
    records, now: s.now, ...(s.since ? { since: s.since } : {}), ...(s.runbook !== undefined ? { runbook: s.runbook } : {}),
    sources: { auditRecords: s.audit.length, sharedStateRecords: fromShared, notes },
  });
  return { report, records };
}
