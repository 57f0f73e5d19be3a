// "Dry-run…" and "Simulate…" on the first line of each runbook document. The commands themselves
// belong to the cluster features; the lenses only pass the document's URI.
import * as vscode from 'vscode';
import { isRunbookDocument, parsedRunbooks } from './runbookDocuments';

export const DRY_RUN_COMMAND = 'remediator.dryRun';
export const SIMULATE_COMMAND = 'remediator.simulate';

export class RunbookCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isRunbookDocument(document)) return [];
    const starts = parsedRunbooks(document).documents.filter((d) => d.isRunbook).map((d) => d.range.start.line);
    // A file too broken to read into documents still gets its lenses on the first line.
    const lines = starts.length > 0 ? starts : [0];
    return lines.flatMap((line) => {
      const range = new vscode.Range(line, 0, line, 0);
      return [
        new vscode.CodeLens(range, { title: 'Dry-run…', command: DRY_RUN_COMMAND, arguments: [document.uri], tooltip: 'Dry-run this runbook against the current cluster' }),
        new vscode.CodeLens(range, { title: 'Simulate…', command: SIMULATE_COMMAND, arguments: [document.uri], tooltip: 'Simulate this runbook against a saved cluster state' }),
      ];
    });
  }
}
