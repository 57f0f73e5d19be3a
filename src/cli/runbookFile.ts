import type { Runbook } from '../core/model/runbook';
import { runbookFromText } from '../core/runbook/fromText';
import { RUNBOOK_INPUT, readInput } from './inputs';
import { InputError, type CliIO } from './io';

/** Reads and validates one runbook; the first error becomes "file:line:col: message". */
export function loadRunbook(io: CliIO, file: string): Runbook {
  return loadRunbookText(io, file).runbook;
}

/**
 * The runbook and the exact text it was parsed from, read once with the runbook limit: a caller that
 * embeds the text (export-job's ConfigMap) embeds what was validated, not a second read of the file.
 */
export function loadRunbookText(io: CliIO, file: string): { runbook: Runbook; text: string } {
  const text = readInput(io, file, RUNBOOK_INPUT);
  const read = runbookFromText(text);
  if (read.ok) return { runbook: read.runbook, text };
  const more = read.moreErrors > 0 ? ` (and ${read.moreErrors} more; run "remediator validate ${file}")` : '';
  throw new InputError(`${file}:${read.line}:${read.col}: ${read.message}${more}`);
}
