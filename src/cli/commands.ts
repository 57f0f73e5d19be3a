import { auditCommand } from './commands/audit';
import { exportJobCommand } from './commands/exportJob';
import { simulateCommand } from './commands/simulate';
import type { Command } from './io';

/** Every CLI verb, one module each under ./commands. */
export const commands: Record<string, Command> = {
  simulate: simulateCommand,
  audit: auditCommand,
  'export-job': exportJobCommand,
};

export function usage(): string {
  return [
    'Usage: remediator <command> [options]',
    '',
    'Commands:',
    '  validate FILE...                      check runbooks against the schema and lint rules',
    '  simulate --runbook F --state F [...]  decide offline from a saved cluster state',
    '  audit [--incident ID] [--runbook N] [--service APP] [--outcome O]   list audit records',
    '  export-job --runbook F [--namespace NS]  print the least-privilege CronJob that runs scan',
    '',
    'Run "remediator <command> --help" for the options of a command.',
    '',
  ].join('\n');
}
