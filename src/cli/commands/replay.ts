// remediator replay: the recorded decisions of a runbook decided again with another version of it, on the
// state each record carries. The computation is src/core/replay; this file reads, prints and exits.
import { replayDecisions } from '../../core/replay/replay';
import { replayText } from '../../core/replay/text';
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

export const replayCommand: Command = async (argv: string[], io: CliIO) => {
  const args = parseArgs(argv, { values: ['runbook', 'audit', 'audit-file', 'recorded-runbook'], booleans: ['json', 'all', 'help'] });
  if (args.booleans.has('help')) { io.stdout(REPLAY_HELP); return EXIT_OK; }
  const runbook = loadRunbook(io, required(args, 'runbook'));
  const file = auditFilePath(io, auditFlag(args));
  const { records } = readAuditLog(io, file);
  const report = replayDecisions({ runbook, records, recordedRunbook: single(args, 'recorded-runbook') });
  if (args.booleans.has('json')) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(replayText(report, file, args.booleans.has('all')));
  return EXIT_OK;
};
