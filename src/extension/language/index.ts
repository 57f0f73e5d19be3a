import type * as vscode from 'vscode';

/** Runbook authoring: diagnostics, completion, hover, quick fixes, CodeLens. */
export function registerLanguageFeatures(_context: vscode.ExtensionContext): void {
  // filled in by the authoring work
}
