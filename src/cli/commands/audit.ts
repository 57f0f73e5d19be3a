import { auditListing, auditListingJson, auditListingLines } from '../../core/audit/attemptListing';
import { skippedLineText, type AuditParse } from '../../core/audit/jsonl';
import { OUTCOMES } from '../../core/model/audit';
import { AuditFileError, readAuditFile } from '../../adapters/audit/jsonlFile';
import { parseArgs, single, type ParsedArgs } from '../args';
import { auditFilePath } from '../paths';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_OK, InputError, UsageError, type CliIO, type Command } from '../io';

export const AUDIT_HELP = `Usage: remediator audit [--incident ID] [--runbook NAME] [--service APP] [--outcome OUTCOME] [--id ATTEMPT]
                       [--audit-file FILE] [--json] [--decisions-only]

Lists audit records from the JSONL audit log (default: $REMEDIATOR_AUDIT_FILE or ~/.remediator/audit.jsonl).
Each incident's notification delivery attempts (channel, attempt, outcome, HTTP status or error, next
retry) follow its last listed record, indented; attempts of an incident with no record in the log come
last (left out when --runbook, --service, --outcome or --id is given). With --json they are elements of
the array with "type": "notification_attempt", as in the log. --decisions-only lists the records alone.
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
  const args = parseArgs(argv, { values: ['incident', 'runbook', 'service', 'outcome', 'id', 'audit-file'], booleans: ['json', 'decisions-only', 'help'] });
  if (args.booleans.has('help')) { io.stdout(AUDIT_HELP); return EXIT_OK; }
  const outcome = single(args, 'outcome');
  if (outcome && !(OUTCOMES as readonly string[]).includes(outcome)) throw new UsageError(`--outcome must be one of ${OUTCOMES.join(', ')}`);
  const file = auditFilePath(io, single(args, 'audit-file'));
  const { records, attempts } = readAuditLog(io, file);
  const listing = auditListing(records, args.booleans.has('decisions-only') ? [] : attempts, {
    incident: single(args, 'incident'), runbook: single(args, 'runbook'), service: single(args, 'service'), outcome, id: single(args, 'id'),
  });
  if (args.booleans.has('json')) io.stdout(JSON.stringify(auditListingJson(listing), null, 2) + '\n');
  else if (listing.entries.length === 0) io.stdout(`No audit records match in ${e(file)}.\n`);
  else io.stdout(auditListingLines(listing).map(e).join('\n') + '\n');
  return EXIT_OK;
};
