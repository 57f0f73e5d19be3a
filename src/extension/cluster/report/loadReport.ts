// Reads what `remediator report` reads (the audit log, and the shared state when a cluster is configured)
// through the same core functions, and builds the report view. Nothing here throws on content: an
// unreadable line, an unreadable file, an unreachable cluster or a bad option becomes a problem shown
// in the view. No vscode import: the sources come in through a narrow interface (the session).
import { skippedLineText, type AuditParse } from '../../../core/audit/jsonl';
import type { AuditRecord } from '../../../core/model/audit';
import { parsePeriod } from '../../../core/report/period';
import { shadowAgreement } from '../../../core/report/shadow';
import { reportFromSources, sharedStateRunbooks } from '../../../core/report/sources';
import type { ReportView } from '../../../protocol/report';
import { reportView } from './reportView';

export interface ReportSourcesReader {
  readAuditLog(): AuditParse & { file: string; exists: boolean };
  readonly clusterConfigured: boolean;
  sharedHistory(runbooks: readonly string[]): Promise<AuditRecord[]>;
}

export interface ReportOptions {
  since?: string;
  runbook?: string;
}

/** At most this many problems are listed one by one (a log of garbage must not make a page of it). */
export const MAX_LISTED_PROBLEMS = 20;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Listed problems, the rest counted in one line. */
export function boundedProblems(problems: readonly string[]): string[] {
  if (problems.length <= MAX_LISTED_PROBLEMS) return [...problems];
  return [...problems.slice(0, MAX_LISTED_PROBLEMS), `… and ${problems.length - MAX_LISTED_PROBLEMS} more`];
}

export function cleanOptions(o: ReportOptions): ReportOptions {
  const since = o.since?.trim();
  const runbook = o.runbook?.trim();
  return { ...(since ? { since } : {}), ...(runbook ? { runbook } : {}) };
}

export async function loadReport(sources: ReportSourcesReader, options: ReportOptions, now: Date = new Date()): Promise<ReportView> {
  const opts = cleanOptions(options);
  const problems: string[] = [];
  let since: Date | undefined;
  if (opts.since !== undefined) {
    const p = parsePeriod(opts.since);
    if (p.ok) since = new Date(now.getTime() - p.seconds * 1000);
    else problems.push(`since: ${p.message}; showing every record`);
  }
  let file = '';
  let exists = false;
  let audit: AuditRecord[] = [];
  try {
    const read = sources.readAuditLog();
    ({ file, exists } = read);
    audit = read.records;
    for (const s of read.skipped) problems.push(skippedLineText(file, s));
  } catch (err) {
    // The file exists but cannot be read (a directory, no permission): said, with its name.
    problems.push(messageOf(err));
    exists = true;
  }
  let shared: AuditRecord[] = [];
  let sharedRead = false;
  if (sources.clusterConfigured) {
    try {
      shared = await sources.sharedHistory(sharedStateRunbooks(audit, opts.runbook));
      sharedRead = true;
    } catch (err) {
      problems.push(`the shared state in the cluster was not read: ${messageOf(err)}`);
    }
  }
  const { report, records } = reportFromSources({
    audit, shared, sharedAsked: sharedRead, now, ...(since ? { since } : {}),
    ...(opts.runbook !== undefined ? { runbook: opts.runbook } : {}), otherRunbookHint: 'pick the runbook above',
  });
  const shadow = shadowAgreement(records.filter((r) => opts.runbook === undefined || r.runbook === opts.runbook), now);
  const runbookNames = [...new Set([...audit, ...shared].map((r) => r.runbook))].sort();
  return reportView({ report, auditFile: file, auditExists: exists, options: opts, runbookNames, problems: boundedProblems(problems), shadow });
}
