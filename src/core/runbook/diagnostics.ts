import type { Diagnostic, DiagnosticSource, Position, Range, Severity } from './types';

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function diagnostic(
  severity: Severity,
  source: DiagnosticSource,
  code: string,
  message: string,
  range: Range,
  path?: (string | number)[],
): Diagnostic {
  return path ? { severity, message, range, code, source, path } : { severity, message, range, code, source };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorted by start position, then severity (errors first), then message; stable and deterministic. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) =>
    comparePositions(a.range.start, b.range.start)
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
    || a.message.localeCompare(b.message));
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Human path for messages: `guardrails.cooldownMinutes`, `triggers.symptoms[0]` (spec. is implied). */
export function displayPath(path: readonly (string | number)[]): string {
  return dottedPath(path[0] === 'spec' && path.length > 1 ? path.slice(1) : path) || 'the document';
}

/** Full path: `spec.guardrails`, `spec.triggers.symptoms[0]`. */
export function dottedPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  }
  return text;
}

/** A value as it appears in a message: strings quoted, long values cut. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (Array.isArray(value)) text = 'a list';
  else if (typeof value === 'object') text = 'a mapping';
  else text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** YAML/JSON type name for messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}
