// The words of a replay, shared by `remediator replay` (text) and the editor's replay view (the same
// lines, laid out as a table), so both say the same thing about each decision.
import { formatTargetRef } from '../engine/targets';
import { escapeText as e } from '../text/escape';
import type { ReplayEntry, ReplayReport } from './types';

/** When, what and which incident a replayed record is about. */
export function replayWhere(entry: ReplayEntry): string {
  const r = entry.record;
  return `${r.time} ${formatTargetRef(r.target)} (incident ${r.incidentId}${r.id ? `, attempt ${r.id}` : ''})`;
}

export interface ReplayEntryText {
  status: 'CHANGED' | 'UNCHANGED' | 'NOT REPLAYABLE';
  where: string;
  before?: string;
  after?: string;
  why: string;
  notes: string[];
}

/** One entry's words (escaped: names and reasons come from the audit log). */
export function replayEntryText(entry: ReplayEntry): ReplayEntryText {
  if (entry.status === 'not_replayable') return { status: 'NOT REPLAYABLE', where: e(replayWhere(entry)), why: e(entry.reason), notes: [] };
  const notes = [
    ...(entry.truncated ? [`the recorded state was cut to its limits (${e(entry.truncated)}); the change may come from what was left out`] : []),
    ...(entry.notes ?? []).map((n) => e(n)),
  ];
  return {
    status: entry.status === 'changed' ? 'CHANGED' : 'UNCHANGED',
    where: e(replayWhere(entry)),
    before: `${entry.before.mode} (recorded ${entry.record.outcome})${entry.before.action ? `: ${e(entry.before.action)}` : ''}`,
    after: `${entry.after.mode}${entry.after.action ? `: ${e(entry.after.action)}` : ''}`,
    why: e(entry.reason),
    notes,
  };
}

/** The first line and, when nothing was recorded for the runbook, the second. `otherRunbookHint`: how to pick another recorded runbook. */
export function replayHeadline(report: ReplayReport, file: string, otherRunbookHint = 'see --recorded-runbook'): string[] {
  const s = report.summary;
  const whose = report.recordedRunbook === report.runbook ? e(report.runbook) : `${e(report.recordedRunbook)} (as ${e(report.runbook)})`;
  const head = `Replayed ${s.decisions} decision${s.decisions === 1 ? '' : 's'} of ${whose} from ${e(file)}: `
    + `${s.changed} would change, ${s.unchanged} unchanged, ${s.notReplayable} not replayable.`;
  if (s.decisions > 0) return [head];
  return [head, `No decisions of runbook ${e(report.recordedRunbook)} are recorded there${s.otherRunbooks > 0 ? ` (${s.otherRunbooks} of other runbooks; ${otherRunbookHint})` : ''}.`];
}

function entryLines(entry: ReplayEntry): string[] {
  const t = replayEntryText(entry);
  if (t.status === 'NOT REPLAYABLE') return [`NOT REPLAYABLE ${t.where}`, `  why:    ${t.why}`];
  return [`${t.status} ${t.where}`, `  before: ${t.before}`, `  after:  ${t.after}`, `  why:    ${t.why}`, ...t.notes.map((n) => `  note:   ${n}`)];
}

/** The CLI's text: the headline, then each changed (with `all`, every) entry. */
export function replayText(report: ReplayReport, file: string, all: boolean): string {
  const lines = replayHeadline(report, file);
  for (const entry of report.entries) {
    if (entry.status === 'unchanged' && !all) continue;
    lines.push('', ...entryLines(entry));
  }
  return `${lines.join('\n')}\n`;
}
