// One runbook from a file's text, or its first error with a 1-based place: what simulate and the
// runbook test runner both need, so they refuse the same runbooks with the same message.
import type { Runbook } from '../model/runbook';
import { parseRunbook } from './parse';

export type RunbookFromText =
  | { ok: true; runbook: Runbook }
  | { ok: false; line: number; col: number; message: string; moreErrors: number };

export function runbookFromText(text: string): RunbookFromText {
  const { runbook, diagnostics } = parseRunbook(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (runbook && errors.length === 0) return { ok: true, runbook };
  const first = errors[0] ?? diagnostics[0];
  return {
    ok: false,
    line: first ? first.range.start.line + 1 : 1,
    col: first ? first.range.start.character + 1 : 1,
    message: first?.message ?? 'not a valid RemediationRunbook',
    moreErrors: Math.max(0, errors.length - 1),
  };
}
