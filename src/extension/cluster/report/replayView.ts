// ReplayReport (src/core/replay) → the replay webview's display model, in the CLI's words (the same
// src/core/replay/text.ts makes both). Pure: no vscode.
import { replayEntryText, replayHeadline } from '../../../core/replay/text';
import type { ReplayReport } from '../../../core/replay/types';
import { escapeText as e } from '../../../core/text/escape';
import type { ReplayView } from '../../../protocol/report';

export function replayView(report: ReplayReport, o: { runbookFile: string; auditFile: string; problems: string[] }): ReplayView {
  return {
    runbook: e(report.runbook), runbookFile: e(o.runbookFile), auditFile: e(o.auditFile),
    headline: replayHeadline(report, o.auditFile, 'replay them with remediator replay --recorded-runbook NAME'),
    summary: { ...report.summary }, problems: o.problems.map((p) => e(p)),
    entries: report.entries.map((entry) => {
      const t = replayEntryText(entry);
      return {
        status: entry.status, where: t.where, why: t.why, notes: t.notes,
        ...(t.before !== undefined ? { before: t.before } : {}), ...(t.after !== undefined ? { after: t.after } : {}),
      };
    }),
  };
}
