import { approvalsCommand, approveCommand, rejectCommand } from './commands/approvals';
import { auditCommand } from './commands/audit';
import { convertCommand } from './commands/convert';
import { dryRunCommand, executeCommand } from './commands/execute';
import { exportJobCommand } from './commands/exportJob';
import { exportServeCommand } from './commands/exportServe';
import { replayCommand } from './commands/replay';
import { reportCommand } from './commands/report';
import { scanCommand } from './commands/scan';
import { serveCommand } from './commands/serve';
import { verifyCommand } from './commands/verify';
import { simulateCommand } from './commands/simulate';
import { testCommand } from './commands/test';
import { validateCommand } from './commands/validate';
import type { Command } from './io';

/**
 * Every CLI verb, one module each under ./commands. Looked up by what the user typed: no prototype, so
 * "remediator constructor" is an unknown command rather than Object.prototype.constructor.
 */
export const commands: Record<string, Command> = Object.assign(Object.create(null) as Record<string, Command>, {
  validate: validateCommand,
  convert: convertCommand,
  simulate: simulateCommand,
  test: testCommand,
  'dry-run': dryRunCommand,
  execute: executeCommand,
  scan: scanCommand,
  verify: verifyCommand,
  approvals: approvalsCommand,
  approve: approveCommand,
  reject: rejectCommand,
  audit: auditCommand,
  'export-job': exportJobCommand,
  'export-serve': exportServeCommand,
  replay: replayCommand,
  report: reportCommand,
  serve: serveCommand,
});

export function usage(): string {
  return [
    'Usage: remediator <command> [options]',
    '',
    'Commands:',
    '  validate FILE... [--json]             check runbooks against the schema and lint rules',
    '  convert FILE [-o OUT]                 turn a remediation_policy into a RemediationRunbook',
    '  simulate --runbook F --state F [...]  decide offline from a saved cluster state',
    '  test PATH... [--junit F] [--json]     run runbook tests (*.runbook-test.yaml): expected decisions',
    '  dry-run --runbook F --target NS/KIND/NAME   decide against the live cluster + server-side dry run',
    '  execute --runbook F --target NS/KIND/NAME [--yes] [--approve]   act, verify, audit',
    '  scan --runbook F [--namespace NS] [--execute --yes]   every pod marked for restart (the seed Job)',
    '  verify --audit-id ID                  re-verify an earlier remediation',
    '  approvals | approve ID | reject ID    list and decide pending approvals (approve re-checks, then acts)',
    '  audit [--incident ID] [--runbook N] [--service APP] [--outcome O]   list audit records',
    '  export-job --runbook F [--namespace NS]  print the least-privilege CronJob that runs scan',
    '  export-serve --runbooks DIR --namespace NS   print the in-cluster Alertmanager receiver (serve)',
    '  replay --runbook F [--audit F]        recorded decisions decided again with F: what would change',
    '  report [--audit F] [--since 7d] [--runbook N]   what automation achieved, per runbook and service',
    '  serve --runbooks DIR --listen HOST:PORT --token-file F   Alertmanager receiver: act on alerts, escalate',
    '',
    'Run "remediator <command> --help" for the options of a command.',
    '',
  ].join('\n');
}
