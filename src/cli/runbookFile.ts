import type { Runbook } from '../core/model/runbook';
import { runbookFromText } from '../core/runbook/fromText';
import { RUNBOOK_INPUT, readInput } from './inputs';
import { InputError, type CliIO } from './io';

/** Reads and validates one runbook; the first error becomes "file:line:col: message". */
export function loadRunbook(io: CliIO, file: string): Runbook {
  const read = runbookFromText(readInput(io, file, RUNBOOK_INPUT));
  if (read.ok) return read.runbook;
  const more = read.moreErrors > 0 ? ` (and ${read.moreErrors} more; run "remediator validate ${file}")` : '';
  throw new InputError(`${file}:${read.line}:${read.col}: ${read.message}${more}`);
}
