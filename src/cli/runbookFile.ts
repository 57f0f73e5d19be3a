import { parseRunbook } from '../core/runbook/parse';
import type { Runbook } from '../core/model/runbook';
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
  const { runbook, diagnostics } = parseRunbook(text);
  const firstError = diagnostics.find((d: { severity: string }) => d.severity === 'error');
  if (!runbook || firstError) {
    const d = firstError ?? diagnostics[0];
    const where = d ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '1:1';
    const count = diagnostics.filter((x: { severity: string }) => x.severity === 'error').length;
    const more = count > 1 ? ` (and ${count - 1} more; run "remediator validate ${file}")` : '';
    throw new InputError(`${file}:${where}: ${d?.message ?? 'not a valid RemediationRunbook'}${more}`);
  }
  return { runbook, text };
}
