// Publishes the runbook contract's diagnostics (YAML, schema, action command, lint; all computed by
// src/core/runbook) for open runbook documents: on open, on change after a debounce, cleared on
// close or when a document stops being a runbook.
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/runbook';
// The shared Disposable base; it lives with the cluster features for now.
import { Disposable, toDisposable } from '../cluster/lifecycle';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';
import { isRunbookByName, isRunbookDocument, parsedRunbooks } from './runbookDocuments';

const RED_HAT_YAML = 'redhat.vscode-yaml';
const DEFAULT_DEBOUNCE_MS = 300;

// Red Hat YAML validates files matched by the manifest's yamlValidation globs against the same JSON
// Schema. While it is active we leave schema diagnostics on those files to it (no doubled squiggles)
// and keep the ones only we produce: YAML-level reading limits, the action command parser and lint.
// Files recognized only by `kind:` are outside its globs, so they keep every diagnostic.
function reportedByRedHatYaml(document: vscode.TextDocument, found: Diagnostic): boolean {
  return found.source === 'schema' && isRunbookByName(document) && vscode.extensions.getExtension(RED_HAT_YAML)?.isActive === true;
}

function debounceMs(document: vscode.TextDocument): number {
  const value = vscode.workspace.getConfiguration('remediator', document).get<number>('validation.debounceMs', DEFAULT_DEBOUNCE_MS);
  return typeof value === 'number' && value >= 0 ? value : DEFAULT_DEBOUNCE_MS;
}

export class RunbookDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    this._register(toDisposable(() => {
      for (const timer of this.pending.values()) clearTimeout(timer);
      this.pending.clear();
    }));
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) this.schedule(event.document, debounceMs(event.document));
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.clear(document)));
    // Red Hat YAML being installed, enabled or removed changes which diagnostics are ours to show.
    this._register(vscode.extensions.onDidChange(() => this.revalidateAll()));
    // Documents already open when the extension activated: validated on the next tick, not during activate().
    this.revalidateAll();
  }

  private revalidateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (this.isDisposed) return;
    if (document.languageId !== 'yaml' && !this.collection.has(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.validate(document);
    }, delayMs));
  }

  private validate(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    if (!isRunbookDocument(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const found = parsedRunbooks(document).diagnostics.filter((d) => !reportedByRedHatYaml(document, d));
    this.collection.set(document.uri, found.map(toDiagnostic));
  }

  private clear(closed: vscode.TextDocument): void {
    const key = closed.uri.toString();
    // The close event can arrive after a new document took the same URI (untitled documents reuse theirs).
    const reopened = vscode.workspace.textDocuments.find((d) => d !== closed && !d.isClosed && d.uri.toString() === key);
    if (reopened) return this.schedule(reopened, 0);
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.collection.delete(closed.uri);
  }
}
