// remediator convert FILE [-o OUT]: turns a self-healing `remediation_policy:` (incident_type, confidence_threshold, ...) into a RemediationRunbook.
import * as fs from 'fs';
import * as path from 'path';
import { convertPolicy } from '../../core/runbook/convert';
import { escapeText as e } from '../../core/text/escape';
import { parseArgs, single } from '../args';
import { RUNBOOK_INPUT, readInput } from '../inputs';
import { EXIT_INVALID, EXIT_OK, InputError, UsageError, type Command } from '../io';

const HELP = [
  'Usage: remediator convert FILE [-o OUT]',
  '',
  'Converts a remediation_policy (the self-healing lesson\'s shape) into a RemediationRunbook.',
  'The runbook YAML goes to stdout (or OUT), with a comment on every mapped field; notes go to stderr.',
  'Fields the policy lacks (owner, risk, scope) are left as null placeholders marked FILL IN:',
  '"remediator validate" fails until a human fills them in.',
  '',
].join('\n');

export const convertCommand: Command = async (argv, io) => {
  const args = parseArgs(argv.map((arg) => (arg === '-o' ? '--output' : arg)), { values: ['output'], booleans: ['help'] });
  if (args.booleans.has('help')) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (args.positionals.length !== 1) throw new UsageError('name exactly one policy file');
  const [file] = args.positionals;
  const result = convertPolicy(readInput(io, file, RUNBOOK_INPUT));
  for (const d of result.diagnostics) {
    io.stderr(`${e(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${e(d.message)} [${d.code}]\n`);
  }
  if (!result.yaml) return EXIT_INVALID;
  const output = single(args, 'output');
  if (output) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, output), result.yaml);
    } catch (err) {
      throw new InputError(`${output}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  } else {
    io.stdout(result.yaml);
  }
  io.stderr(`${result.notes.map((note) => `note: ${note}`).join('\n')}\n`);
  return result.diagnostics.some((d) => d.severity === 'error') ? EXIT_INVALID : EXIT_OK;
};
