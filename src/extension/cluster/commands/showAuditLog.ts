import * as vscode from 'vscode';
import { auditListing, auditListingRows } from '../../../core/audit/attemptListing';
import { filterAudit, type AuditFilter } from '../../../core/audit/filter';
import { skippedLineText } from '../../../core/audit/jsonl';
import type { NotificationAttemptRecord } from '../../../core/audit/notificationAttempt';
import type { AuditRecord } from '../../../core/model/audit';
import type { ClusterCommand } from './command';

const ANY = '(any)';

async function pickFilter(records: AuditRecord[], attempts: NotificationAttemptRecord[]): Promise<AuditFilter | undefined> {
  const filter: AuditFilter = {};
  const steps: [keyof AuditFilter, string, (r: AuditRecord) => string | undefined][] = [
    ['incident', 'incident', (r) => r.incidentId],
    ['runbook', 'runbook', (r) => r.runbook],
    ['service', 'service (app or workload)', (r) => r.target.app ?? r.target.name],
    ['outcome', 'outcome', (r) => r.outcome],
  ];
  for (const [key, what, value] of steps) {
    const remaining = filterAudit(records, filter);
    // An incident known only from its notification attempts can be picked too.
    const found = [...remaining.map(value), ...(key === 'incident' ? attempts.map((a) => a.incidentId) : [])];
    const values = [...new Set(found.filter((v): v is string => Boolean(v)))].sort();
    const picked = await vscode.window.showQuickPick([ANY, ...values], { title: `Remediator audit log: ${what}`, placeHolder: `${remaining.length} record(s)` });
    if (picked === undefined) return undefined;
    if (picked !== ANY) filter[key] = picked;
  }
  return filter;
}

/**
 * Filters the JSONL audit log (incident, runbook, service, outcome) and shows the matching lines, each
 * incident's notification delivery attempts indented under its last record (core's audit listing), with
 * a hover on each attempt row.
 */
export const showAuditLog: ClusterCommand = {
  id: 'remediator.showAuditLog',
  async run(s, arg) {
    // The audit file is a setting: no cluster needed to read it.
    const file = s.session.auditFile;
    const { records, attempts, skipped } = s.session.readAudit(file);
    // Skipped lines (torn or unreadable) are named by number in the audit channel, as the CLI does on stderr.
    for (const line of skipped) s.audit.note(skippedLineText(file, line));
    const filter = typeof arg === 'object' && arg !== null ? arg as AuditFilter : await pickFilter(records, attempts);
    if (!filter) return undefined;
    const listing = auditListing(records, attempts, filter);
    const rows = auditListingRows(listing);
    const header = `# ${file}: ${listing.records} of ${records.length} record(s), ${listing.attempts} notification attempt(s)`
      + `${skipped.length ? `, ${skipped.length} unreadable line(s) skipped` : ''} — filter ${JSON.stringify(filter)}`;
    // A read-only document whose attempt rows have a hover with every field of the attempt.
    const uri = s.auditLog.add(header, rows);
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'log');
    await vscode.window.showTextDocument(doc, { preview: true });
    return { file, lines: rows.map((r) => r.line), uri };
  },
};
