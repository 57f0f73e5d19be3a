import * as vscode from 'vscode';
import type { ClusterCommand } from './command';

/**
 * Replay history against this runbook: the runbook file (a CodeLens or the editor title passes its URI;
 * from the palette, the active editor's) decided again on every recorded decision; the changes shown.
 * Tests pass `{ runbookUri, runbook? }`.
 */
export const replayHistory: ClusterCommand = {
  id: 'remediator.replayHistory',
  run(s, arg) {
    let uri: vscode.Uri | undefined;
    let name: string | undefined;
    if (arg instanceof vscode.Uri) uri = arg;
    else if (typeof arg === 'object' && arg !== null) {
      const o = arg as { runbookUri?: unknown; runbook?: unknown };
      uri = o.runbookUri instanceof vscode.Uri ? o.runbookUri : typeof o.runbookUri === 'string' ? vscode.Uri.parse(o.runbookUri) : undefined;
      name = typeof o.runbook === 'string' ? o.runbook : undefined;
    }
    uri ??= vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new Error('open a runbook file to replay history against it');
    return s.replay.show(uri, name);
  },
};
