// Core positions (0-based line/character, like VS Code's) to editor types.
import * as vscode from 'vscode';
import type { Diagnostic, Range, Severity } from '../../core/runbook';

export const DIAGNOSTIC_SOURCE = 'remediator';

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toDiagnostic(found: Diagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(found.range), found.message, SEVERITIES[found.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = found.code;
  return diagnostic;
}
