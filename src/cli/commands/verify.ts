import { recordMetricRows } from '../../core/metrics/checkRows';
import { reverifyAndRecord, storedVerification } from '../../core/pipeline/reverify';
import { metricTableLines } from '../metricTable';
import { parseArgs, required } from '../args';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_OK, InputError, type Command } from '../io';
import { LIVE_VALUES, openLive } from '../live';
import { readAuditLog } from './audit';
import { exitFor } from './execute';

export const VERIFY_HELP = `Usage: remediator verify --audit-id ID [--json] [--kubeconfig FILE] [--context NAME] [--audit-file FILE]
       [--prometheus-url URL] [--prometheus-token-file FILE] [--prometheus-ca-file FILE]

Checks again, against the live cluster, the verification of an earlier remediation (the "executed" record
with that id), waits up to the runbook's timeout, and appends the result to the audit log. Its verification
metrics are sampled again on the Prometheus at --prometheus-url (or REMEDIATOR_PROMETHEUS_URL), compared
with the baselines recorded at decision time.
Exit: 0 verified, 1 no such record or an unreadable audit log, 2 usage, 4 verification failed or inconclusive,
5 cluster error (including a cluster that could not be observed until the deadline).
`;

export const verifyCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['audit-id', ...LIVE_VALUES], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(VERIFY_HELP); return EXIT_OK; }
  const id = required(args, 'audit-id');
  const json = args.booleans.has('json');
  const live = openLive(args, io, { json });
  const log = readAuditLog(io, live.auditFile);
  const executed = log.records.find((r) => r.id === id && storedVerification(r));
  if (!executed) {
    const skipped = log.skipped.length > 0 ? ` (${log.skipped.length} unreadable line(s) skipped, listed above)` : '';
    throw new InputError(`${e(live.auditFile)}: no executed remediation with id ${id}${skipped}`);
  }
  // Like the pipeline: one sink failing (an Event the cluster refuses) must not hide the result from the others.
  const { record, warnings } = await reverifyAndRecord(executed, live.deps);
  for (const warning of warnings) io.stderr(`warning: ${e(warning)}\n`);
  const rows = recordMetricRows(record, executed);
  if (json) io.stdout(JSON.stringify(rows.length > 0 ? { ...record, metricChecks: rows } : record, null, 2) + '\n');
  else if (rows.length > 0) io.stdout(['  metric checks (sampled again now):', ...metricTableLines(rows, '    ')].join('\n') + '\n');
  return exitFor(record.outcome);
};
