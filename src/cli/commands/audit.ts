import { auditLine } from '../../core/audit/record';
import { filterAudit } from '../../core/audit/filter';
import { skippedLineText, type AuditParse } from '../../core/audit/jsonl';
import { OUTCOMES } from '../../core/model/audit';
import { AuditFileError, readAuditFile } from '../../adapters/audit/jsonlFile';
import { parseArgs, single, type ParsedArgs } from '../args';
import { auditFilePath } from '../paths';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_OK, InputError, UsageError, type CliIO, type Command } from '../io';

export const AUDIT_HELP = `Usage: remediator audit [--incident ID] [--runbook NAME] [--service APP] [--outcome OUTCOME] [--id ATTEMPT]
                       [--audit-file FILE] [--json]

Lists audit records from the JSONL audit log (default: $REMEDIATOR_AUDIT_FILE or ~/.remediator/audit.jsonl).
`;

/** The audit log through the one reader: skipped lines are reported on stderr by number; an unreadable file is an input error. */
export function readAuditLog(io: CliIO, file: string): AuditParse {
  let read: AuditParse;
  try {
    read = readAuditFile(file);
  } catch (err) {
    if (err instanceof AuditFileError) throw new InputError(err.message);
    throw err;
  }
  for (const s of read.skipped) io.stderr(`${e(skippedLineText(file, s))}\n`);
  return read;
}

/** --audit FILE, or --audit-file FILE as the other verbs spell it; not both. */
export function auditFlag(args: ParsedArgs): string | undefined {
  const a = single(args, 'audit');
  const b = single(args, 'audit-file');
  if (a !== undefined && b !== undefined) throw new UsageError('give --audit or --audit-file, not both');
  return a ?? b;
}

export const auditCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['incident', 'runbook', 'service', 'outcome', 'id', 'audit-file'], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(AUDIT_HELP); return EXIT_OK; }
  const outcome = single(args, 'outcome');
  if (outcome && !(OUTCOMES as readonly string[]).includes(outcome)) throw new UsageError(`--outcome must be one of ${OUTCOMES.join(', ')}`);
  const file = auditFilePath(io, single(args, 'audit-file'));
  const { records } = readAuditLog(io, file);
  const picked = filterAudit(records, {
    incident: single(args, 'incident'), runbook: single(args, 'runbook'), service: single(args, 'service'), outcome, id: single(args, 'id'),
  });
  if (args.booleans.has('json')) io.stdout(JSON.stringify(picked, null, 2) + '\n');
  else if (picked.length === 0) io.stdout(`No audit records match in ${e(file)}.\n`);
  else io.stdout(picked.map((r) => e(auditLine(r))).join('\n') + '\n');
  return EXIT_OK;
};
