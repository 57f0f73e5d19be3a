// "Replay history…" on the first line of each runbook document (beside Dry-run and Simulate): the
// recorded decisions decided again with this runbook.
import * as vscode from 'vscode';
import { isRunbookDocument, parsedRunbooks } from '../../language/runbookDocuments';

export const REPLAY_HISTORY_COMMAND = 'remediator.replayHistory';

export class ReplayCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isRunbookDocument(document)) return [];
    const runbooks = parsedRunbooks(document).documents.filter((d) => d.isRunbook);
    const at = runbooks.length > 0 ? runbooks : [undefined];
    return at.map((d) => new vscode.CodeLens(new vscode.Range(d?.range.start.line ?? 0, 0, d?.range.start.line ?? 0, 0), {
      title: 'Replay history…',
      command: REPLAY_HISTORY_COMMAND,
      arguments: [d?.runbook ? { runbookUri: document.uri.toString(), runbook: d.runbook.metadata.name } : document.uri],
      tooltip: 'Decide the recorded incidents again with this runbook and show the decisions that would change',
    }));
  }
}
