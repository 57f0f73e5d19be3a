// remediator validate FILE...: every problem as file:line:col: severity: message [code]; exit 1 on any error.
import * as path from 'path';
import { NotifyConfigError, loadNotifyConfig } from '../../adapters/notify/config';
import { escalationWarnings } from '../../core/notify/route';
import { parseRunbooks } from '../../core/runbook/parse';
import type { Diagnostic } from '../../core/runbook/types';
import { escapeText as e } from '../../core/text/escape';
import { parseArgs } from '../args';
import { tooLargeMessage } from '../../core/k8s/dataText';
import { RUNBOOK_INPUT, readBounded, unreadableReason } from '../inputs';
import { EXIT_INVALID, EXIT_OK, InputError, UsageError, type CliIO, type Command } from '../io';
import { FileTooLargeError } from '../readBounded';

const HELP = [
  'Usage: remediator validate FILE... [--notify-config FILE] [--json]',
  '',
  'Checks RemediationRunbook files against the schema and the lint rules.',
  'Prints file:line:col: severity: message [code] for every problem (or a JSON array with --json).',
  'With --notify-config (serve\'s channels), an escalation name that is not a channel is a warning listing the known ones.',
  'Exit status: 0 when no file has an error (warnings allowed), 1 otherwise.',
  '',
].join('\n');

export interface FileProblem {
  file: string;
  /** 1-based, like editors and compilers print them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  message: string;
  code: string;
  source: Diagnostic['source'] | 'file';
  path?: (string | number)[];
}

function toProblem(file: string, d: Diagnostic): FileProblem {
  return {
    file, line: d.range.start.line + 1, column: d.range.start.character + 1, endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1, severity: d.severity, message: d.message, code: d.code, source: d.source,
    ...(d.path ? { path: d.path } : {}),
  };
}

function fileProblem(file: string, severity: 'error' | 'warning', code: string, message: string): FileProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity, message, code, source: 'file' };
}

/** The same bounded read as every other verb; a problem instead of an exception, so other files are still checked. */
function readText(io: CliIO, file: string): string | FileProblem {
  try {
    return readBounded(io, file, RUNBOOK_INPUT);
  } catch (err) {
    if (err instanceof FileTooLargeError) return fileProblem(file, 'error', 'file-too-large', tooLargeMessage(RUNBOOK_INPUT.maxBytes, RUNBOOK_INPUT.what));
    return fileProblem(file, 'error', 'file-unreadable', `cannot read ${file}: ${unreadableReason(err)}`);
  }
}

/** The line of `field:` inside the document's lines (the escalation names), else the document's first line. */
function fieldLine(lines: readonly string[], from: number, to: number, field: string): number {
  const key = new RegExp(`^\\s*["']?${field}["']?\\s*:`);
  for (let i = from; i <= Math.min(to, lines.length - 1); i++) if (key.test(lines[i])) return i;
  return from;
}

/** Escalation names that are not channels of the notify config: a warning at the name's line each. */
function escalationProblems(file: string, text: string, result: ReturnType<typeof parseRunbooks>, channels: Record<string, unknown>): FileProblem[] {
  const lines = text.split('\n');
  return result.documents.flatMap((d) => (d.runbook ? escalationWarnings([d.runbook], { channels }).map((w) => {
    const line = fieldLine(lines, d.range.start.line, d.range.end.line, w.field);
    const column = Math.max(0, lines[line]?.search(/\S/) ?? 0);
    return { file, line: line + 1, column: column + 1, endLine: line + 1, endColumn: (lines[line]?.length ?? 0) + 1, severity: 'warning' as const, message: w.message, code: 'escalation-channel', source: 'lint' as const };
  }) : []));
}

/** All problems of one file, in position order. */
export function validateFile(io: CliIO, file: string, channels?: Record<string, unknown>): { problems: FileProblem[]; runbooks: number } {
  const text = readText(io, file);
  if (typeof text !== 'string') return { problems: [text], runbooks: 0 };
  const result = parseRunbooks(text);
  const problems = result.diagnostics.map((d) => toProblem(file, d));
  if (channels) problems.push(...escalationProblems(file, text, result, channels));
  const runbooks = result.documents.filter((d) => d.isRunbook).length;
  const isPolicy = result.diagnostics.some((d) => d.code === 'policy-shape');
  if (runbooks === 0 && !isPolicy && problems.length === 0) {
    problems.push(fileProblem(file, 'warning', 'no-runbook', 'no RemediationRunbook in this file (kind: RemediationRunbook)'));
  }
  return { problems, runbooks: result.documents.filter((d) => d.runbook).length };
}

function formatLine(p: FileProblem): string {
  // A message may quote a key or value of the file: escaped, so it cannot start a fake diagnostic line.
  return `${e(p.file)}:${p.line}:${p.column}: ${p.severity}: ${e(p.message)} [${e(p.code)}]`;
}

function count(problems: FileProblem[], severity: FileProblem['severity']): string {
  const n = problems.filter((p) => p.severity === severity).length;
  return `${n} ${severity}${n === 1 ? '' : severity === 'info' ? '' : 's'}`;
}

export const validateCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['notify-config'], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (args.positionals.length === 0) throw new UsageError('name at least one runbook file');
  const notifyFile = args.values.get('notify-config')?.[0];
  let channels: Record<string, unknown> | undefined;
  if (notifyFile !== undefined) {
    try {
      channels = Object.fromEntries([...loadNotifyConfig(path.resolve(io.cwd, notifyFile)).channels.keys()].map((n) => [n, {}]));
    } catch (err) {
      if (err instanceof NotifyConfigError) throw new InputError(err.message);
      throw err;
    }
  }
  const problems: FileProblem[] = [];
  let valid = 0;
  for (const file of args.positionals) {
    const checked = validateFile(io, file, channels);
    problems.push(...checked.problems);
    valid += checked.runbooks;
  }
  if (args.booleans.has('json')) {
    io.stdout(`${JSON.stringify(problems, null, 2)}\n`);
  } else {
    for (const problem of problems) io.stdout(`${formatLine(problem)}\n`);
    const files = args.positionals.length;
    io.stderr(`checked ${files} file${files === 1 ? '' : 's'}: ${valid} valid runbook${valid === 1 ? '' : 's'}, `
      + `${count(problems, 'error')}, ${count(problems, 'warning')}, ${count(problems, 'info')}\n`);
  }
  return problems.some((p) => p.severity === 'error') ? EXIT_INVALID : EXIT_OK;
};
