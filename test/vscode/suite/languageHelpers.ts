// Shared steps for the runbook authoring suites: open documents, wait for diagnostics on events
// with a deadline (never a fixed sleep), apply edits.
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kubedojo.remediator';
const DEADLINE_MS = 20000;

export async function activated(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  await ext.activate();
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openFile(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

let untitledCount = 0;

/**
 * A new untitled YAML document with `content`, under a name of its own: plain untitled documents reuse
 * Untitled-1 once the previous one is closed, and a test must never see its predecessor's state.
 */
export async function openUntitled(content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `remediator-test-${process.pid}-${++untitledCount}.yaml` });
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  assert.ok(await vscode.workspace.applyEdit(edit), 'could not fill the untitled document');
  await vscode.window.showTextDocument(document);
  return document;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'remediator');
}

/** Resolves with our diagnostics once `ready` holds for them; fails after the deadline with what was seen. */
export function waitForDiagnostics(uri: vscode.Uri, ready: (found: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = ours(uri);
      if (!ready(found)) return false;
      cleanup();
      resolve(found);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = ours(uri).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
      reject(new Error(`timed out waiting for ${what}; diagnostics: [${seen.join(', ')}]`));
    }, DEADLINE_MS);
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function withCode(code: string): (found: vscode.Diagnostic[]) => boolean {
  return (found) => found.some((d) => d.code === code);
}

export function withoutCode(code: string): (found: vscode.Diagnostic[]) => boolean {
  return (found) => !found.some((d) => d.code === code);
}

export function lineOf(document: vscode.TextDocument, text: string): number {
  const line = document.getText().split(/\r?\n/).findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `no line contains ${JSON.stringify(text)}`);
  return line;
}

export async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a || 'kind' in a);
}

export async function applyFix(document: vscode.TextDocument, range: vscode.Range, title: RegExp): Promise<vscode.CodeAction> {
  const actions = await quickFixes(document, range);
  const fix = actions.find((a) => title.test(a.title));
  assert.ok(fix?.edit, `no quick fix matching ${title}; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit did not apply');
  return fix;
}

/** Closes every editor without saving (a dirty untitled editor would otherwise ask). */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 50 && vscode.window.visibleTextEditors.length > 0; i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
