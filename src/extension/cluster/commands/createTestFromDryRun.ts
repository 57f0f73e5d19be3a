// "Create Test from This Dry Run": the decision on the open dry-run panel becomes a runbook test case
// (src/core/testing/fromDecision.ts), with the state its audit record says it read. The case joins the
// test file that already names the runbook, or a new `<runbook>.runbook-test.yaml` next to it; then the
// file is run with the core runner, so the user learns at once whether the case holds offline.
import * as path from 'path';
import * as vscode from 'vscode';
import { isReadableInput, type DecisionInput } from '../../../core/model/decisionInput';
import {
  RUNBOOK_TEST_SUFFIX, appendCaseText, caseFromDecision, caseMessageLines, caseNames, historyUpTo, newTestFileText, parseRunbookTest,
  resolveFrom, runRunbookTestText, stateListOf, uniqueCaseName, type CaseResult,
} from '../../../core/testing';
import { prefetchedPort, readText } from '../../testing/files';
import { notificationText } from '../notificationText';
import type { ClusterServices } from '../services';
import type { ClusterCommand } from './command';

const EXCLUDE = '**/{node_modules,.git,dist}/**';
const encoder = new TextEncoder();

/** A path as a test file writes it: relative to the test file's folder, with forward slashes. */
function relativeRef(fromDir: string, file: string): string {
  const rel = path.relative(fromDir, file).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The first workspace test file whose spec.runbook is this runbook's file. */
async function testFileOf(runbookFile: string): Promise<{ uri: vscode.Uri; text: string } | undefined> {
  const files = (await vscode.workspace.findFiles(`**/*${RUNBOOK_TEST_SUFFIX}`, EXCLUDE)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  for (const uri of files) {
    const text = await readText(uri).catch(() => undefined);
    const ref = text === undefined ? undefined : parseRunbookTest(text).test?.runbook.path;
    if (ref !== undefined && path.resolve(resolveFrom(uri.fsPath, ref)) === path.resolve(runbookFile)) return { uri, text: text! };
  }
  return undefined;
}

function shownInput(s: ClusterServices): DecisionInput {
  const shown = s.shown;
  if (!shown) throw new Error('no dry run is shown: dry-run a runbook first, then create a test from its panel');
  const input = shown.records?.map((r) => r.decisionInput).find(isReadableInput);
  if (!input) {
    throw new Error(shown.source === 'simulated'
      ? 'the panel shows a simulation, which already reads a saved state: write its case by hand, or dry-run against the cluster'
      : 'the shown decision carries no record of the state it read, so no test can be made from it');
  }
  return input;
}

export interface CreatedTest {
  file: string;
  caseName: string;
  created: boolean;
  result?: CaseResult;
  notes: string[];
}

export const createTestFromDryRun: ClusterCommand = {
  id: 'remediator.createTestFromDryRun',
  async run(s): Promise<CreatedTest> {
    const input = shownInput(s);
    const shown = s.shown!;
    const name = shown.runbook.metadata.name;
    const home = (await s.runbooks.all()).find((r) => r.runbook.metadata.name === name);
    if (!home) throw new Error(`runbook ${name} is not in the workspace any more`);
    if ((await s.runbooks.inFile(home.uri)).length > 1) {
      throw new Error(`${vscode.workspace.asRelativePath(home.uri)} holds several runbooks; a runbook test names a file with one runbook, so move ${name} to a file of its own`);
    }
    const existing = await testFileOf(home.uri.fsPath);
    const testUri = existing?.uri ?? vscode.Uri.file(path.join(path.dirname(home.uri.fsPath), `${name}${RUNBOOK_TEST_SUFFIX}`));
    const dir = path.dirname(testUri.fsPath);
    const stamp = input.decidedAt.replace(/[-:]/g, '').replace(/\.\d+/, '').slice(0, 15);
    const base = `${name}.${input.request.name}-${stamp}`;
    const stateFile = path.join(dir, `${base}.state.json`);
    // Cooldown, rate limit and breaker read the shared history: keep what it holds up to the decision.
    const history = historyUpTo(await s.session.open().deps.state.history(name), input.decidedAt);
    const historyFile = history.length > 0 ? path.join(dir, `${base}.history.jsonl`) : undefined;
    const caseName = uniqueCaseName(`${shown.plan.mode} for ${input.request.name} (dry run ${input.decidedAt})`, existing ? caseNames(existing.text) : []);
    const { testCase, notes } = caseFromDecision(shown.plan, input, caseName, {
      state: relativeRef(dir, stateFile), ...(historyFile ? { history: relativeRef(dir, historyFile) } : {}),
    });
    const text = existing ? appendCaseText(existing.text, testCase) : newTestFileText(name, relativeRef(dir, home.uri.fsPath), testCase);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(stateFile), encoder.encode(JSON.stringify(stateListOf(input), null, 2) + '\n'));
    if (historyFile) await vscode.workspace.fs.writeFile(vscode.Uri.file(historyFile), encoder.encode(history.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    await writeTestFile(testUri, text);
    const run = runRunbookTestText(testUri.fsPath, text, await prefetchedPort(testUri.fsPath, text));
    const result = run.cases.find((c) => c.name === caseName);
    const where = vscode.workspace.asRelativePath(testUri);
    if (result?.status === 'passed') {
      void vscode.window.showInformationMessage(notificationText(`Added test case "${caseName}" to ${where}; it passes.${notes.length ? ` Note: ${notes.join('; ')}` : ''}`));
    } else {
      const why = result ? caseMessageLines(result).join(' ') : run.problems.map((p) => p.message).join('; ');
      void vscode.window.showWarningMessage(notificationText(`Added test case "${caseName}" to ${where}, but it does not pass offline: ${why}`));
    }
    return { file: testUri.fsPath, caseName, created: !existing, ...(result ? { result } : {}), notes };
  },
};

/** Through an open editor when the file is open (its unsaved text was the base), else on disk. */
async function writeTestFile(uri: vscode.Uri, text: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!open) {
    await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await open.save();
}
