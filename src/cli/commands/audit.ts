import { auditLine } from '../../core/audit/record';
import { filterAudit } from '../../core/audit/filter';
import { OUTCOMES } from '../../core/model/audit';
import { readAuditFile } from '../../adapters/audit/jsonlFile';
import { parseArgs, single } from '../args';
import { auditFilePath } from '../paths';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_OK, InputError, UsageError, type Command } from '../io';

export const AUDIT_HELP = `Usage: remediator audit [--incident ID] [--runbook NAME] [--service APP] [--outcome OUTCOME] [--id ATTEMPT]
                       [--audit-file FILE] [--json]

Lists audit records from the JSONL audit log (default: $REMEDIATOR_AUDIT_FILE or ~/.remediator/audit.jsonl).
`;

/** The audit log, or one clear line naming it when it cannot be read (a directory, no permission). */
export function readAudit(file: string): ReturnType<typeof readAuditFile> {
  try {
    return readAuditFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code ?? (err as Error).message;
    throw new InputError(`${file}: cannot read the audit log (${why})`);
  }
}

export const auditCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['incident', 'runbook', 'service', 'outcome', 'id', 'audit-file'], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(AUDIT_HELP); return EXIT_OK; }
  const outcome = single(args, 'outcome');
  if (outcome && !(OUTCOMES as readonly string[]).includes(outcome)) throw new UsageError(`--outcome must be one of ${OUTCOMES.join(', ')}`);
  const file = auditFilePath(io, single(args, 'audit-file'));
  const { records, skipped } = readAudit(file);
  const picked = filterAudit(records, {
    incident: single(args, 'incident'), runbook: single(args, 'runbook'), service: single(args, 'service'), outcome, id: single(args, 'id'),
  });
  for (const s of skipped) io.stderr(`${e(file)}:${s.line}: skipped unreadable line (${e(s.reason)})\n`);
  if (args.booleans.has('json')) io.stdout(JSON.stringify(picked, null, 2) + '\n');
  else if (picked.length === 0) io.stdout(`No audit records match in ${e(file)}.\n`);
  else io.stdout(picked.map((r) => e(auditLine(r))).join('\n') + '\n');
  return EXIT_OK;
};
