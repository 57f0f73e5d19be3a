// remediator replay: the recorded decisions of a runbook decided again with another version of it, on the
// state each record carries. The computation is src/core/replay; this file reads, prints and exits.
import { formatTargetRef } from '../../core/engine/targets';
import { replayDecisions } from '../../core/replay/replay';
import type { ReplayEntry, ReplayReport } from '../../core/replay/types';
import { escapeText as e } from '../../core/text/escape';
import { parseArgs, required, single } from '../args';
import { EXIT_OK, type CliIO, type Command } from '../io';
import { auditFilePath } from '../paths';
import { loadRunbook } from '../runbookFile';
import { auditFlag, readAuditLog } from './audit';

export const REPLAY_HELP = `Usage: remediator replay --runbook FILE [--audit FILE] [--recorded-runbook NAME] [--all] [--json]

Decides every recorded decision of the runbook again with FILE, on the state slice, clock, incident and
metric values its audit record carries, and prints the decisions that would change (before -> after, with
the guardrail verdicts that changed). Nothing touches a cluster.
  --audit FILE              the JSONL audit log (--audit-file FILE works too) (default: $REMEDIATOR_AUDIT_FILE or ~/.remediator/audit.jsonl)
  --recorded-runbook NAME   replay the decisions recorded for NAME (default: the runbook's metadata.name)
  --all                     print unchanged decisions too
  --json                    print one JSON document (every decision; see docs/replay.md)
Records without a state slice (older records) are listed as not replayable, with why.
Exit: 0 replayed (whether or not decisions change), 1 invalid input, 2 usage.
`;

function where(entry: ReplayEntry): string {
  const r = entry.record;
  return `${r.time} ${formatTargetRef(r.target)} (incident ${r.incidentId}${r.id ? `, attempt ${r.id}` : ''})`;
}

function entryLines(entry: ReplayEntry): string[] {
  if (entry.status === 'not_replayable') return [`NOT REPLAYABLE ${e(where(entry))}`, `  why:    ${e(entry.reason)}`];
  const lines = [
    `${entry.status === 'changed' ? 'CHANGED' : 'UNCHANGED'} ${e(where(entry))}`,
    `  before: ${entry.before.mode} (recorded ${entry.record.outcome})${entry.before.action ? `: ${e(entry.before.action)}` : ''}`,
    `  after:  ${entry.after.mode}${entry.after.action ? `: ${e(entry.after.action)}` : ''}`,
    `  why:    ${e(entry.reason)}`,
  ];
  if (entry.truncated) lines.push(`  note:   the recorded state was cut to its limits (${e(entry.truncated)}); the change may come from what was left out`);
  for (const n of entry.notes ?? []) lines.push(`  note:   ${e(n)}`);
  return lines;
}

function render(report: ReplayReport, file: string, all: boolean): string {
  const s = report.summary;
  const whose = report.recordedRunbook === report.runbook ? e(report.runbook) : `${e(report.recordedRunbook)} (as ${e(report.runbook)})`;
  const head = `Replayed ${s.decisions} decision${s.decisions === 1 ? '' : 's'} of ${whose} from ${e(file)}: `
    + `${s.changed} would change, ${s.unchanged} unchanged, ${s.notReplayable} not replayable.`;
  const lines = [head];
  if (s.decisions === 0) lines.push(`No decisions of runbook ${e(report.recordedRunbook)} are recorded there${s.otherRunbooks > 0 ? ` (${s.otherRunbooks} of other runbooks; see --recorded-runbook)` : ''}.`);
  for (const entry of report.entries) {
    if (entry.status === 'unchanged' && !all) continue;
    lines.push('', ...entryLines(entry));
  }
  return `${lines.join('\n')}\n`;
}

export const replayCommand: Command = async (argv: string[], io: CliIO) => {
  const args = parseArgs(argv, { values: ['runbook', 'audit', 'audit-file', 'recorded-runbook'], booleans: ['json', 'all', 'help'] });
  if (args.booleans.has('help')) { io.stdout(REPLAY_HELP); return EXIT_OK; }
  const runbook = loadRunbook(io, required(args, 'runbook'));
  const file = auditFilePath(io, auditFlag(args));
  const { records } = readAuditLog(io, file);
  const report = replayDecisions({ runbook, records, recordedRunbook: single(args, 'recorded-runbook') });
  if (args.booleans.has('json')) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(render(report, file, args.booleans.has('all')));
  return EXIT_OK;
};
