import * as vscode from 'vscode';
import { RunbookCodeLensProvider } from './codeLens';
import { COMPLETION_TRIGGERS, RunbookCompletionProvider } from './completion';
import { RunbookDiagnostics } from './diagnostics';
import { RunbookHoverProvider } from './hover';
import { NEW_RUNBOOK_COMMAND, newRunbook } from './newRunbook';
import { RunbookQuickFixProvider } from './quickFixes';
import { YAML_DOCUMENTS } from './runbookDocuments';

/**
 * Runbook authoring: diagnostics, completion, hover, quick fixes, CodeLens, the new-runbook command.
 * Only registrations here: every document is read and parsed lazily, on its own events.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    new RunbookDiagnostics(),
    vscode.languages.registerCompletionItemProvider(YAML_DOCUMENTS, new RunbookCompletionProvider(), ...COMPLETION_TRIGGERS),
    vscode.languages.registerHoverProvider(YAML_DOCUMENTS, new RunbookHoverProvider()),
    vscode.languages.registerCodeActionsProvider(YAML_DOCUMENTS, new RunbookQuickFixProvider(), RunbookQuickFixProvider.metadata),
    vscode.languages.registerCodeLensProvider(YAML_DOCUMENTS, new RunbookCodeLensProvider()),
    vscode.commands.registerCommand(NEW_RUNBOOK_COMMAND, newRunbook),
  );
}
