// remediator.newRunbook: an untitled YAML document filled with the whole-runbook snippet
// (snippets/runbook.code-snippets, picked by name so the text lives in one place).
import * as vscode from 'vscode';

export const NEW_RUNBOOK_COMMAND = 'remediator.newRunbook';
/** The snippet's name in snippets/runbook.code-snippets. */
export const WHOLE_RUNBOOK_SNIPPET = 'Remediation runbook';

export async function newRunbook(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
  const editor = await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: WHOLE_RUNBOOK_SNIPPET });
  return editor;
}
