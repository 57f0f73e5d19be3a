import { auditLine } from '../../core/audit/record';
import { filterAudit } from '../../core/audit/filter';
import { OUTCOMES } from '../../core/model/audit';
import { readAuditFile } from '../../adapters/audit/jsonlFile';
import { parseArgs, single } from '../args';
import { auditFilePath } from '../paths';
import { EXIT_OK, UsageError, type Command } from '../io';

export const AUDIT_HELP = `Usage: remediator audit [--incident ID] [--runbook NAME] [--service APP] [--outcome OUTCOME] [--id ATTEMPT]
                       [--audit-file FILE] [--json]

Lists audit records from the JSONL audit log (default: $REMEDIATOR_AUDIT_FILE or ~/.remediator/audit.jsonl).
`;

export const auditCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['incident', 'runbook', 'service', 'outcome', 'id', 'audit-file'], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(AUDIT_HELP); return EXIT_OK; }
  const outcome = single(args, 'outcome');
  if (outcome && !(OUTCOMES as readonly string[]).includes(outcome)) throw new UsageError(`--outcome must be one of ${OUTCOMES.join(', ')}`);
  const file = auditFilePath(io, single(args, 'audit-file'));
  const { records, skipped } = readAuditFile(file);
  const picked = filterAudit(records, {
    incident: single(args, 'incident'), runbook: single(args, 'runbook'), service: single(args, 'service'), outcome, id: single(args, 'id'),
  });
  for (const s of skipped) io.stderr(`${file}:${s.line}: skipped unreadable line (${s.reason})\n`);
  if (args.booleans.has('json')) io.stdout(JSON.stringify(picked, null, 2) + '\n');
  else if (picked.length === 0) io.stdout(`No audit records match in ${file}.\n`);
  else io.stdout(picked.map(auditLine).join('\n') + '\n');
  return EXIT_OK;
};
