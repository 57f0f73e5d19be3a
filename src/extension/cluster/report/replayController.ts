// Replay history against this runbook: the open runbook's text (unsaved edits included) decides every
// recorded decision again through the core replay, on the audit log the CLI reads; the panel shows what
// would change. Refresh reads the document and the log again.
import * as vscode from 'vscode';
import { skippedLineText } from '../../../core/audit/jsonl';
import type { Runbook } from '../../../core/model/runbook';
import { replayDecisions } from '../../../core/replay/replay';
import { parseRunbooks } from '../../../core/runbook';
import { runbookFromText } from '../../../core/runbook/fromText';
import type { ReplayView } from '../../../protocol/report';
import { Disposable } from '../lifecycle';
import type { ClusterSession } from '../session';
import { boundedProblems } from './loadReport';
import { ReportPanel } from './reportPanel';
import { replayView } from './replayView';

export const REPLAY_VIEW_TYPE = 'remediator.replay';

/** A runbook from the document, refused with the CLI's located message; several in one file: one is picked. */
async function runbookOf(document: vscode.TextDocument): Promise<Runbook | undefined> {
  const name = vscode.workspace.asRelativePath(document.uri);
  const text = document.getText();
  const runbooks = parseRunbooks(text).documents.flatMap((d) => (d.runbook ? [d.runbook] : []));
  if (runbooks.length > 1) {
    const picked = await vscode.window.showQuickPick(runbooks.map((r) => ({ label: r.metadata.name, runbook: r })), { title: `Remediator: which runbook of ${name} to replay` });
    return picked?.runbook;
  }
  const read = runbookFromText(text);
  if (!read.ok) throw new Error(`${name}:${read.line}:${read.col}: ${read.message}${read.moreErrors > 0 ? ` (and ${read.moreErrors} more: see the Problems view)` : ''}`);
  return read.runbook;
}

export class ReplayController extends Disposable {
  readonly panel: ReportPanel;
  private uri: vscode.Uri | undefined;
  private runbookName: string | undefined;

  constructor(extensionUri: vscode.Uri, private readonly session: ClusterSession) {
    super();
    this.panel = this._register(new ReportPanel(extensionUri, {
      viewType: REPLAY_VIEW_TYPE, script: 'replay.main',
      refresh: () => { if (this.uri) void this.show(this.uri, this.runbookName).catch((err: unknown) => this.panel.busy(`Replay failed: ${err instanceof Error ? err.message : String(err)}`)); },
    }));
  }

  /** Replays the runbook in `uri` (a runbook name picks one of several); resolves with what was shown, undefined when cancelled. */
  async show(uri: vscode.Uri, runbookName?: string): Promise<ReplayView | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    let runbook: Runbook | undefined;
    if (runbookName !== undefined) runbook = parseRunbooks(document.getText()).documents.find((d) => d.runbook?.metadata.name === runbookName)?.runbook;
    runbook ??= await runbookOf(document);
    if (!runbook) return undefined;
    this.uri = uri;
    this.runbookName = runbook.metadata.name;
    this.panel.busy('Deciding the recorded incidents again…');
    const read = this.session.readAuditLog();
    const report = replayDecisions({ runbook, records: read.records });
    const view = replayView(report, {
      runbookFile: vscode.workspace.asRelativePath(uri), auditFile: read.file,
      problems: boundedProblems(read.skipped.map((s) => skippedLineText(read.file, s))),
    });
    this.panel.show(`Replay: ${runbook.metadata.name}`, { type: 'replay', view });
    return view;
  }
}

