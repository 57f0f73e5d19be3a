// Hosts one report webview (the Remediation Report, or a replay): one panel, reused; messages posted only
// after the webview said ready (and again after it reloads); every message from it validated before use.
import * as vscode from 'vscode';
import { isReportWebviewMessage, type ReportHostMessage, type ReportRendered, type ReportWebviewMessage } from '../../../protocol/report';
import { Disposable } from '../lifecycle';
import { reportHtml } from './html';

export interface ReportPanelSpec {
  viewType: string;
  /** The bundle under dist/webview. */
  script: 'report.main' | 'replay.main';
  refresh(): void;
  options?(o: Extract<ReportWebviewMessage, { type: 'options' }>): void;
}

export class ReportPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private message: ReportHostMessage | undefined;
  private readonly _onDidRender = this._register(new vscode.EventEmitter<ReportRendered>());
  readonly onDidRender = this._onDidRender.event;
  /** What the webview drew last (tests read it). */
  lastRendered: ReportRendered | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly spec: ReportPanelSpec) {
    super();
    this._register({ dispose: () => this.panel?.dispose() });
  }

  /** The message shown now (the report or replay view), for tests and for Refresh. */
  get current(): ReportHostMessage | undefined {
    return this.message;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(title: string, message: ReportHostMessage): void {
    this.message = message;
    if (!this.panel) this.create(title);
    else {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
    }
    this.post(message);
  }

  busy(text: string): void {
    this.post({ type: 'busy', text });
  }

  /** Resolves with the next render report from the webview. */
  nextRender(timeoutMs = 30_000): Promise<ReportRendered> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { sub.dispose(); reject(new Error(`the report did not render within ${timeoutMs} ms`)); }, timeoutMs);
      const sub = this.onDidRender((r) => { clearTimeout(timer); sub.dispose(); resolve(r); });
    });
  }

  private create(title: string): void {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(this.spec.viewType, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      { enableScripts: true, localResourceRoots: roots, enableCommandUris: false, retainContextWhenHidden: false });
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'remediator.svg');
    panel.webview.html = reportHtml(panel.webview, this.extensionUri, this.spec.script, this.spec.script === 'report.main' ? 'Remediation report' : 'Replay');
    const subs = [
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) this.panel = undefined;
      this.ready = false;
    });
  }

  private post(message: ReportHostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isReportWebviewMessage(message)) return; // not from our script: ignore
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.message) this.post(this.message);
        break;
      case 'rendered':
        this.lastRendered = message;
        this._onDidRender.fire(message);
        break;
      case 'refresh': this.spec.refresh(); break;
      case 'options': this.spec.options?.(message); break;
    }
  }
}
