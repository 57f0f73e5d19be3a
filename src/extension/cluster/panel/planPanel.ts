// Hosts the dry-run panel: one webview panel, reused; messages posted only after the webview said
// ready (and again after it reloads); every message from the webview validated before use.
import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type MetricSampleView, type PlanView, type WebviewToHost } from '../../../protocol/messages';
import { Disposable } from '../lifecycle';
import { panelHtml } from './html';

export const PANEL_VIEW_TYPE = 'remediator.plan';
export type Rendered = WebviewToHost['rendered'];
export type Sampled = WebviewToHost['sampled'];

export interface PanelActions {
  execute(): void;
  refresh(): void;
  compareRevisions(): void;
}

export class PlanPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private view: PlanView | undefined;
  private readonly _onDidRender = this._register(new vscode.EventEmitter<Rendered>());
  readonly onDidRender = this._onDidRender.event;
  lastRendered: Rendered | undefined;
  private readonly _onDidDrawSample = this._register(new vscode.EventEmitter<Sampled>());
  /** The webview drew a streamed verification sample. */
  readonly onDidDrawSample = this._onDidDrawSample.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly actions: PanelActions) {
    super();
    this._register({ dispose: () => this.panel?.dispose() });
  }

  get current(): PlanView | undefined {
    return this.view;
  }

  show(view: PlanView): void {
    this.view = view;
    const title = `Dry run: ${view.runbook} → ${view.target}`;
    if (!this.panel) this.create(title);
    else {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
    }
    this.post({ type: 'plan', view });
  }

  /** Shows the outcome of executing the shown plan; Execute stays off until the plan is decided again. */
  outcome(outcome: string, message: string, metrics?: PlanView['metrics']): void {
    if (!this.view) return;
    this.view = {
      ...this.view, outcome, outcomeMessage: message, execute: { enabled: false, reason: 'executed: refresh to decide again' },
      ...(metrics ? { metrics } : {}),
    };
    this.post({ type: 'plan', view: this.view });
  }

  progress(text: string): void {
    this.post({ type: 'progress', text });
  }

  /** A verification sample as it is taken; the plan posted after execution carries them all again. */
  sample(metric: string, sample: MetricSampleView): void {
    this.post({ type: 'sample', metric, sample });
  }

  /** Resolves with the next render report from the webview. */
  nextRender(timeoutMs = 30_000): Promise<Rendered> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { sub.dispose(); reject(new Error(`the panel did not render within ${timeoutMs} ms`)); }, timeoutMs);
      const sub = this.onDidRender((r) => { clearTimeout(timer); sub.dispose(); resolve(r); });
    });
  }

  private create(title: string): void {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      { enableScripts: true, localResourceRoots: roots, enableCommandUris: false });
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'remediator.svg');
    panel.webview.html = panelHtml(panel.webview, this.extensionUri);
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

  private post(message: HostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) return; // not from our script: ignore
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.view) this.post({ type: 'plan', view: this.view });
        break;
      case 'rendered':
        this.lastRendered = message;
        this._onDidRender.fire(message);
        break;
      case 'sampled': this._onDidDrawSample.fire(message); break;
      case 'execute': this.actions.execute(); break;
      case 'refresh': this.actions.refresh(); break;
      case 'compareRevisions': this.actions.compareRevisions(); break;
    }
  }
}
