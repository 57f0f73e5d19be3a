// Shared by the runbook tests: fixtures are read from the repository (mocha runs from its root).
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../../../src/core/runbook/types';

export const FIXTURES = path.join('test', 'fixtures', 'runbooks');

export function fixture(relativePath: string): string {
  return fs.readFileSync(path.join(FIXTURES, relativePath), 'utf8');
}

export function fixtureNames(folder: 'valid' | 'invalid' | 'policy'): string[] {
  return fs.readdirSync(path.join(FIXTURES, folder)).filter((name) => name.endsWith('.yaml')).sort();
}

export const SEED = (): string => fixture('valid/seed-replace-redundant-pod.yaml');

/** Replaces `from` (which must occur) with `to`, once. */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture edit: "${from}" not found`);
  return text.replace(from, () => to);
}

export interface At { line: number; character: number; code: string }

export function where(diagnostics: readonly Diagnostic[]): At[] {
  return diagnostics.map((d) => ({ line: d.range.start.line, character: d.range.start.character, code: d.code }));
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/** Ranges are well formed: non-negative, start <= end. */
export function assertWellFormed(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const { start, end } = d.range;
    const ok = [start.line, start.character, end.line, end.character].every((n) => Number.isInteger(n) && n >= 0)
      && (start.line < end.line || (start.line === end.line && start.character <= end.character))
      && typeof d.message === 'string' && d.message.length > 0 && typeof d.code === 'string'
      && ['error', 'warning', 'info'].includes(d.severity);
    if (!ok) throw new Error(`malformed diagnostic: ${JSON.stringify(d)}`);
  }
}
