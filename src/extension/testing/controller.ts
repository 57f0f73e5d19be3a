// Runbook tests in the Test Explorer: every *.runbook-test.yaml of the workspace is a test item, each
// case a child at its line. Runs use the core runner (the same as `remediator test`); a failing case
// shows expected/actual at its `expect:` line. Saving a test file, or a runbook/state/history it
// names, runs it again.
import * as vscode from 'vscode';
import { caseMessageLines, parseRunbookTest, runRunbookTestText, type CaseResult, type SourcePosition, type TestFileResult, type TestProblem } from '../../core/testing';
import { Disposable } from '../cluster/lifecycle';
import { namedFiles, prefetchedPort, readText } from './files';

export const TEST_GLOB = '**/*.runbook-test.yaml';

/** What the last run reported for one case (kept for the extension's own tests). */
export interface ReportedCase {
  label: string;
  status: 'passed' | 'failed' | 'errored';
  /** 0-based lines, as the editor shows them. */
  messages: { line: number; message: string; expected?: string; actual?: string }[];
  runs: number;
}

function reportedMessages(messages: vscode.TestMessage[]): ReportedCase['messages'] {
  return messages.map((m) => ({
    line: m.location?.range.start.line ?? -1,
    message: typeof m.message === 'string' ? m.message : m.message.value,
    ...(m.expectedOutput !== undefined ? { expected: m.expectedOutput } : {}),
    ...(m.actualOutput !== undefined ? { actual: m.actualOutput } : {}),
  }));
}
const EXCLUDE = '**/{node_modules,.git,dist}/**';

function position(at: SourcePosition): vscode.Position {
  return new vscode.Position(Math.max(0, at.line - 1), Math.max(0, at.col - 1));
}

function problemMessage(uri: vscode.Uri, p: TestProblem): vscode.TestMessage {
  const message = new vscode.TestMessage(p.message);
  message.location = new vscode.Location(uri, position(p));
  return message;
}

function failureMessage(uri: vscode.Uri, c: CaseResult): vscode.TestMessage {
  const expected = c.mismatches.map((m) => `${m.subject}: ${m.expected}`).join('\n');
  const actual = c.mismatches.map((m) => `${m.subject}: ${m.actual}`).join('\n');
  const message = vscode.TestMessage.diff(caseMessageLines(c).join('\n'), expected, actual);
  message.location = new vscode.Location(uri, position(c.expectAt));
  return message;
}

export class RunbookTestController extends Disposable {
  readonly controller = this._register(vscode.tests.createTestController('remediator.runbookTests', 'Runbook tests'));
  /** Test file (fsPath) -> the files it names (fsPaths, the runbook first). */
  private readonly named = new Map<string, string[]>();
  /** Test file (URI) -> its case items, by case index. */
  private readonly caseItems = new Map<string, vscode.TestItem[]>();
  private discovered: Promise<void> | undefined;
  /** Case item id -> what the last run reported for it. */
  readonly reported = new Map<string, ReportedCase>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the set of tests or the files they name may have changed (CodeLens refresh). */
  readonly onDidChange = this._onDidChange.event;

  constructor() {
    super();
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else if (item.uri) await this.refreshFile(item.uri);
    };
    this.controller.refreshHandler = () => this.rediscover();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(TEST_GLOB));
    this._register(watcher.onDidCreate((uri) => void this.refreshFile(uri)));
    this._register(watcher.onDidChange((uri) => void this.refreshFile(uri)));
    this._register(watcher.onDidDelete((uri) => this.forget(uri)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => void this.onSaved(document)));
  }

  /** Finds every test file once (the Test Explorer or a CodeLens asks first). */
  discover(): Promise<void> {
    this.discovered ??= this.findAll();
    return this.discovered;
  }

  private rediscover(): Promise<void> {
    this.discovered = undefined;
    return this.discover();
  }

  private async findAll(): Promise<void> {
    const files = await vscode.workspace.findFiles(TEST_GLOB, EXCLUDE);
    await Promise.all(files.map((uri) => this.refreshFile(uri)));
  }

  /** Test files whose runbook is this file. */
  async testsOfRunbook(uri: vscode.Uri): Promise<vscode.TestItem[]> {
    await this.discover();
    const items: vscode.TestItem[] = [];
    for (const [file, named] of this.named) {
      const item = this.controller.items.get(vscode.Uri.file(file).toString());
      if (item && named[0] === uri.fsPath) items.push(item);
    }
    return items;
  }

  private forget(uri: vscode.Uri): void {
    this.controller.items.delete(uri.toString());
    this.named.delete(uri.fsPath);
    this.caseItems.delete(uri.toString());
    this._onDidChange.fire();
  }

  /** (Re)lists one file's cases from its current text. */
  async refreshFile(uri: vscode.Uri, knownText?: string): Promise<vscode.TestItem | undefined> {
    let text: string;
    try {
      text = knownText ?? await readText(uri);
    } catch {
      this.forget(uri);
      return undefined;
    }
    const parsed = parseRunbookTest(text);
    const label = parsed.name ?? uri.path.split('/').pop() ?? uri.toString();
    const file = this.controller.items.get(uri.toString()) ?? this.controller.createTestItem(uri.toString(), label, uri);
    file.label = label;
    file.range = new vscode.Range(0, 0, 0, 0);
    const fileProblems = parsed.problems.filter((p) => p.caseIndex === undefined);
    file.error = fileProblems.length > 0 ? `${fileProblems[0].line}:${fileProblems[0].col}: ${fileProblems[0].message}` : undefined;
    const seen = new Set<string>();
    const children = parsed.cases.map((outline) => {
      const base = `${uri.toString()}::${outline.name}`;
      const id = seen.has(base) ? `${base}::${outline.index}` : base;
      seen.add(base);
      const child = file.children.get(id) ?? this.controller.createTestItem(id, outline.name, uri);
      child.range = new vscode.Range(position(outline.at), position(outline.at));
      return child;
    });
    file.children.replace(children);
    this.caseItems.set(uri.toString(), children);
    this.controller.items.add(file);
    this.named.set(uri.fsPath, namedFiles(uri.fsPath, parsed));
    this._onDidChange.fire();
    return file;
  }

  private async onSaved(document: vscode.TextDocument): Promise<void> {
    const saved = document.uri.fsPath;
    const isTest = document.uri.path.endsWith('.runbook-test.yaml');
    if (!isTest && !this.discovered) return; // nothing listed yet, so nothing to re-run
    const files = new Set<string>();
    if (isTest) files.add(saved);
    for (const [file, named] of this.named) if (named.includes(saved)) files.add(file);
    const items: vscode.TestItem[] = [];
    for (const file of files) {
      const uri = vscode.Uri.file(file);
      const item = await this.refreshFile(uri, file === saved ? document.getText() : undefined);
      if (item) items.push(item);
    }
    if (items.length > 0) await this.runItems(items);
  }

  /** Runs the given test files (all their cases): the CodeLens and re-run on save. */
  runItems(items: readonly vscode.TestItem[]): Promise<void> {
    const source = new vscode.CancellationTokenSource();
    return this.run(new vscode.TestRunRequest(items), source.token).finally(() => source.dispose());
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const byFile = new Map<string, { file: vscode.TestItem; cases?: Set<string> }>();
      if (!request.include) await this.discover();
      const included = request.include ?? [...this.controller.items].map(([, item]) => item);
      for (const item of included) {
        const file = item.parent ?? item;
        const entry = byFile.get(file.id) ?? { file };
        if (item.parent) (entry.cases ??= new Set()).add(item.id);
        else entry.cases = undefined;
        byFile.set(file.id, entry);
      }
      const excluded = new Set((request.exclude ?? []).map((i) => i.id));
      for (const { file, cases } of byFile.values()) {
        if (token.isCancellationRequested) break;
        if (excluded.has(file.id) || !file.uri) continue;
        await this.runFile(run, file.uri, (id) => !excluded.has(id) && (!cases || cases.has(id)));
      }
    } finally {
      run.end();
    }
  }

  private async runFile(run: vscode.TestRun, uri: vscode.Uri, wanted: (id: string) => boolean): Promise<void> {
    let text: string;
    try {
      text = await readText(uri);
    } catch (err) {
      const item = this.controller.items.get(uri.toString());
      if (item) run.errored(item, new vscode.TestMessage(`cannot read ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    const file = await this.refreshFile(uri, text);
    if (!file) return;
    const children = [...file.children].map(([, item]) => item).filter((item) => wanted(item.id));
    for (const item of children) run.started(item);
    const result = runRunbookTestText(uri.fsPath, text, await prefetchedPort(uri.fsPath, text));
    this.report(run, uri, file, children, result);
  }

  private record(item: vscode.TestItem, status: ReportedCase['status'], messages: vscode.TestMessage[] = []): void {
    const runs = (this.reported.get(item.id)?.runs ?? 0) + 1;
    this.reported.set(item.id, { label: item.label, status, messages: reportedMessages(messages), runs });
  }

  private report(run: vscode.TestRun, uri: vscode.Uri, file: vscode.TestItem, items: vscode.TestItem[], result: TestFileResult): void {
    const passed = (item: vscode.TestItem) => { run.passed(item); this.record(item, 'passed'); };
    const failed = (item: vscode.TestItem, m: vscode.TestMessage[]) => { run.failed(item, m); this.record(item, 'failed', m); };
    const errored = (item: vscode.TestItem, m: vscode.TestMessage[]) => { run.errored(item, m); this.record(item, 'errored', m); };
    if (result.problems.length > 0) {
      const messages = result.problems.map((p) => problemMessage(uri, p));
      if (items.length === 0) errored(file, messages);
      for (const item of items) errored(item, messages);
      return;
    }
    // The case items were just listed from the same text, by case index.
    const byIndex = this.caseItems.get(uri.toString()) ?? [];
    for (const c of result.cases) {
      const item = byIndex[c.index];
      if (!item || !items.includes(item)) continue;
      if (c.status === 'passed') passed(item);
      else if (c.status === 'failed') failed(item, [failureMessage(uri, c)]);
      else errored(item, c.problems.map((p) => problemMessage(uri, p)));
    }
  }
}
