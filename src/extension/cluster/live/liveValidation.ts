// Live validation while editing: for each runbook shown in an editor, cluster-aware diagnostics (their own
// collection and source, "remediator (cluster)") and an "applies to N workloads in M namespaces"
// CodeLens on `scope:`. Computed by src/core/lint/live from a record gathered through the session,
// ~500 ms after the last edit; a newer edit discards a check still in flight, so typing never waits on
// the cluster. Nothing at all in an untrusted workspace, without a reachable cluster, or when
// remediator.liveValidation.enabled is false.
import * as vscode from 'vscode';
import { appliesTitle, appliesTo, documentLocators, liveDiagnostics } from '../../../core/lint/live';
import type { Diagnostic } from '../../../core/runbook';
import { toDiagnostic, toRange } from '../../language/convert';
import { isRunbookDocument, parsedRunbooks } from '../../language/runbookDocuments';
import { Disposable, toDisposable } from '../lifecycle';
import { PROMETHEUS_SETTINGS } from '../prometheusSettings';
import type { ClusterSession } from '../session';
import { LiveRecordSource } from './liveRecord';
import { NOTIFY_CONFIG_SETTING } from './notifyChannels';

export const LIVE_DIAGNOSTIC_SOURCE = 'remediator (cluster)';
export const LIVE_DEBOUNCE_MS = 500;
const ENABLED_SETTING = 'liveValidation.enabled';
const SETTINGS = [`remediator.${ENABLED_SETTING}`, `remediator.${NOTIFY_CONFIG_SETTING}`, ...PROMETHEUS_SETTINGS];

export interface LiveLens {
  range: vscode.Range;
  title: string;
  tooltip: string;
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration('remediator').get<boolean>(ENABLED_SETTING, true) !== false;
}

function shown(document: vscode.TextDocument): boolean {
  return vscode.window.visibleTextEditors.some((e) => e.document === document);
}

function toLiveDiagnostic(found: Diagnostic): vscode.Diagnostic {
  const d = toDiagnostic(found);
  d.source = LIVE_DIAGNOSTIC_SOURCE;
  return d;
}

export class LiveValidation extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection(LIVE_DIAGNOSTIC_SOURCE));
  private readonly source: LiveRecordSource;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped by every edit: a check finishing under an older number is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly lenses = new Map<string, LiveLens[]>();
  private readonly _onDidChangeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeLenses = this._onDidChangeLenses.event;
  /** Checks finished and published (tests wait on it). */
  private readonly _onDidCheck = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidCheck = this._onDidCheck.event;

  constructor(session: ClusterSession, private readonly debounceMs = LIVE_DEBOUNCE_MS) {
    super();
    this.source = new LiveRecordSource(session);
    this._register(toDisposable(() => {
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
    }));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && shown(e.document)) this.schedule(e.document, this.debounceMs);
    }));
    this._register(vscode.window.onDidChangeVisibleTextEditors((editors) => {
      for (const editor of editors) if (!this.lenses.has(editor.document.uri.toString())) this.schedule(editor.document, 0);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)));
    this._register(session.onDidReconnect(() => this.restart()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.restart()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (SETTINGS.some((key) => e.affectsConfiguration(key))) this.restart();
    }));
    // Editors already open when the extension activated: checked on the next tick, not during activate().
    this.restart();
  }

  /** The lenses of a document's last check. */
  lensesFor(document: vscode.TextDocument): LiveLens[] {
    return this.lenses.get(document.uri.toString()) ?? [];
  }

  /** The cluster or a setting changed: forget what was read and check the shown runbooks again. */
  private restart(): void {
    this.source.clear();
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor.document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (this.isDisposed || document.languageId !== 'yaml') return;
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(document, generation);
    }, delayMs));
  }

  private async check(document: vscode.TextDocument, generation: number): Promise<void> {
    const key = document.uri.toString();
    const version = document.version;
    const current = () => !this.isDisposed && !document.isClosed && document.version === version && this.generations.get(key) === generation;
    if (!current()) return;
    const runbooks = vscode.workspace.isTrusted && enabled() && isRunbookDocument(document)
      ? parsedRunbooks(document).documents.filter((d) => d.runbook !== undefined)
      : [];
    const record = runbooks.length > 0 ? await this.source.read(runbooks.map((d) => d.runbook!), current).catch(() => undefined) : undefined;
    if (!current()) return;
    if (!record) return this.publish(document.uri, [], []);
    const locators = documentLocators(document.getText());
    const diagnostics: vscode.Diagnostic[] = [];
    const lenses: LiveLens[] = [];
    for (const d of runbooks) {
      const locator = locators[d.index];
      if (!locator || !d.runbook) continue;
      diagnostics.push(...liveDiagnostics(d.runbook, record, locator).map(toLiveDiagnostic));
      const applies = appliesTo(d.runbook, record);
      if (!applies) continue;
      const shownSample = applies.sample.length > 0 ? `\n${applies.sample.join('\n')}${applies.workloads > applies.sample.length ? '\n…' : ''}` : '';
      lenses.push({
        range: toRange(locator.keyRange(['spec', 'scope'])),
        title: appliesTitle(applies),
        tooltip: `In kube context ${record.context}, now (Deployments and StatefulSets in allowedNamespaces with every requiredLabel):${shownSample}`,
      });
    }
    this.publish(document.uri, diagnostics, lenses);
  }

  private publish(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], lenses: LiveLens[]): void {
    const key = uri.toString();
    if (diagnostics.length > 0) this.collection.set(uri, diagnostics);
    else this.collection.delete(uri);
    const had = this.lenses.get(key) ?? [];
    this.lenses.set(key, lenses);
    if (had.length > 0 || lenses.length > 0) this._onDidChangeLenses.fire();
    this._onDidCheck.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.delete(key);
    this.collection.delete(uri);
    if (this.lenses.delete(key)) this._onDidChangeLenses.fire();
  }
}

/** The "applies to N workloads in M namespaces" lens: plain text (no command), its tooltip lists some. */
export class LiveCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly live: LiveValidation) {
    this.onDidChangeCodeLenses = live.onDidChangeLenses;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.live.lensesFor(document).map((l) => new vscode.CodeLens(l.range, { title: l.title, command: '', tooltip: l.tooltip }));
  }
}
