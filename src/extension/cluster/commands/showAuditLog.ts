import * as vscode from 'vscode';
import { auditLine } from '../../../core/audit/record';
import { filterAudit, type AuditFilter } from '../../../core/audit/filter';
import { skippedLineText } from '../../../core/audit/jsonl';
import type { AuditRecord } from '../../../core/model/audit';
import type { ClusterCommand } from './command';

const ANY = '(any)';

async function pickFilter(records: AuditRecord[]): Promise<AuditFilter | undefined> {
  const filter: AuditFilter = {};
  const steps: [keyof AuditFilter, string, (r: AuditRecord) => string | undefined][] = [
    ['incident', 'incident', (r) => r.incidentId],
    ['runbook', 'runbook', (r) => r.runbook],
    ['service', 'service (app or workload)', (r) => r.target.app ?? r.target.name],
    ['outcome', 'outcome', (r) => r.outcome],
  ];
  for (const [key, what, value] of steps) {
    const remaining = filterAudit(records, filter);
    const values = [...new Set(remaining.map(value).filter((v): v is string => Boolean(v)))].sort();
    const picked = await vscode.window.showQuickPick([ANY, ...values], { title: `Remediator audit log: ${what}`, placeHolder: `${remaining.length} record(s)` });
    if (picked === undefined) return undefined;
    if (picked !== ANY) filter[key] = picked;
  }
  return filter;
}

/** Filters the JSONL audit log (incident, runbook, service, outcome) and shows the matching lines. */
export const showAuditLog: ClusterCommand = {
  id: 'remediator.showAuditLog',
  async run(s, arg) {
    // The audit file is a setting: no cluster needed to read it.
    const file = s.session.auditFile;
    const { records, skipped } = s.session.readAudit(file);
    // Skipped lines (torn or unreadable) are named by number in the audit channel, as the CLI does on stderr.
    for (const line of skipped) s.audit.note(skippedLineText(file, line));
    const filter = typeof arg === 'object' && arg !== null ? arg as AuditFilter : await pickFilter(records);
    if (!filter) return undefined;
    const lines = filterAudit(records, filter).map(auditLine);
    const header = `# ${file}: ${lines.length} of ${records.length} record(s)${skipped.length ? `, ${skipped.length} unreadable line(s) skipped` : ''}`
      + ` — filter ${JSON.stringify(filter)}`;
    const doc = await vscode.workspace.openTextDocument({ content: [header, ...lines].join('\n') + '\n', language: 'log' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return { file, lines };
  },
};
