// Quick fixes for runbook diagnostics. Fixes are computed from the runbook contract's own findings
// (the cached parse), so they are offered even where another extension (Red Hat YAML) reports the
// schema problem; the editor's matching diagnostic is attached when there is one.
import * as vscode from 'vscode';
import { FIXES } from './fixes';
import { toRange } from './convert';
import { documentLines, isRunbookDocument, parsedRunbooks } from './runbookDocuments';

export class RunbookQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    if (!isRunbookDocument(document)) return [];
    const parsed = parsedRunbooks(document);
    const lines = documentLines(document);
    const actions: vscode.CodeAction[] = [];
    for (const runbookDocument of parsed.documents) {
      for (const found of runbookDocument.diagnostics) {
        const build = FIXES[found.code];
        const at = toRange(found.range);
        if (!build || !at.intersection(range)) continue;
        const shown = context.diagnostics.filter((d) => d.code === found.code && d.range.isEqual(at));
        for (const fix of build({ document, lines, found, runbook: runbookDocument.runbook })) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = fix.edit;
          action.isPreferred = fix.preferred;
          action.diagnostics = shown;
          actions.push(action);
        }
      }
    }
    return actions;
  }
}
