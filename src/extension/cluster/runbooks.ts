// The workspace's runbooks, parsed lazily (on first use) and kept current by a file watcher.
import * as vscode from 'vscode';
import type { Runbook } from '../../core/model/runbook';
import { parseRunbooks } from '../../core/runbook';
import { Disposable } from './lifecycle';

export const RUNBOOK_GLOB = '**/{*.runbook.yaml,*.runbook.yml,runbooks/**/*.yaml,runbooks/**/*.yml}';
const EXCLUDE = '**/{node_modules,.git,dist}/**';

export interface WorkspaceRunbook {
  uri: vscode.Uri;
  runbook: Runbook;
}

export class WorkspaceRunbooks extends Disposable {
  private loaded: Promise<WorkspaceRunbook[]> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;

  /** Every valid runbook in the workspace (invalid documents are the language side's diagnostics). */
  all(): Promise<WorkspaceRunbook[]> {
    if (!this.loaded) {
      this.watch();
      this.loaded = this.load();
    }
    return this.loaded;
  }

  /** The runbooks of one file (a CodeLens or an editor hands us its URI). */
  async inFile(uri: vscode.Uri): Promise<WorkspaceRunbook[]> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return parseRunbooks(text).documents.flatMap((d) => (d.runbook ? [{ uri, runbook: d.runbook }] : []));
  }

  private async load(): Promise<WorkspaceRunbook[]> {
    const files = await vscode.workspace.findFiles(RUNBOOK_GLOB, EXCLUDE);
    const perFile = await Promise.all(files.map((uri) => this.inFile(uri).catch(() => [])));
    return perFile.flat().sort((a, b) => a.runbook.metadata.name.localeCompare(b.runbook.metadata.name));
  }

  private watch(): void {
    if (this.watcher) return;
    this.watcher = this._register(vscode.workspace.createFileSystemWatcher(RUNBOOK_GLOB));
    const changed = () => {
      this.loaded = undefined;
      this._onDidChange.fire();
    };
    this._register(this.watcher.onDidCreate(changed));
    this._register(this.watcher.onDidChange(changed));
    this._register(this.watcher.onDidDelete(changed));
  }

  /** Forget what was read (tests write runbooks and want them seen at once). */
  invalidate(): void {
    this.loaded = undefined;
    this._onDidChange.fire();
  }
}
