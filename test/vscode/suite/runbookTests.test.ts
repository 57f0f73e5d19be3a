// Runbook tests in the Test Explorer: files and cases listed at their lines, a failing case reported
// with expected/actual at its `expect:` line, a "Run tests" CodeLens on the runbook, re-run on save.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activated, closeAllEditors } from './languageHelpers';

const REPO = path.resolve(__dirname, '../../../..');
const HOOK = 'remediator._test.runbookTestResults';
const DEADLINE_MS = 20000;

interface Reported { label: string; status: string; messages: { line: number; message: string; expected?: string; actual?: string }[]; runs: number }
interface HookResult { files: string[]; cases: { id: string; label: string; line?: number }[]; reported: Record<string, Reported> }

const TEST_TEXT = `apiVersion: remediations.kubedojo.io/v1
kind: RunbookTest
metadata: { name: editor-lab }
spec:
  runbook: ./replace-redundant-pod.yaml
  state: ./state.json
  now: "2026-04-26T10:00:00Z"
  cases:
    - name: web is replaced
      target: aiops-remediation-lab/pod/web-5d8f9c7b6c-x8k2p
      expect: { mode: auto_execute }
    - name: the singleton is wrongly expected to be replaced
      target: aiops-remediation-lab/pod/singleton-7b9c6d4f8d-m2n4r
      expect:
        mode: auto_execute
`;
const EXPECT_LINE = 13; // 0-based line of the second case's `expect:`

/** Polls a condition until it holds or the deadline passes (state the extension reaches on its own events). */
async function until<T>(what: string, get: () => Thenable<T> | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  let last = await get();
  while (!ok(last)) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await get();
  }
  return last;
}

describe('runbook tests in the Test Explorer', () => {
  let dir: string;
  let testUri: vscode.Uri;
  let runbookUri: vscode.Uri;
  const results = () => vscode.commands.executeCommand<HookResult>(HOOK, testUri);
  const caseId = (label: string) => `${testUri.toString()}::${label}`;

  before(async () => {
    await activated();
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, `runbook-tests-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(REPO, 'runbooks', 'replace-redundant-pod.yaml'), path.join(dir, 'replace-redundant-pod.yaml'));
    fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'simulate', 'lab', 'state.json'), path.join(dir, 'state.json'));
    fs.writeFileSync(path.join(dir, 'lab.runbook-test.yaml'), TEST_TEXT);
    testUri = vscode.Uri.file(path.join(dir, 'lab.runbook-test.yaml'));
    runbookUri = vscode.Uri.file(path.join(dir, 'replace-redundant-pod.yaml'));
  });

  after(async () => {
    await closeAllEditors();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the test file and its cases at their lines', async () => {
    const r = await until('the two cases', results, (x) => x.cases.length === 2);
    assert.deepStrictEqual(r.cases.map((c) => [c.label, c.line]), [['web is replaced', 8], ['the singleton is wrongly expected to be replaced', 11]]);
  });

  it('runs from the runbook\'s "Run tests" CodeLens; a failing case shows expected/actual at its expect line', async () => {
    await vscode.workspace.openTextDocument(runbookUri);
    const lenses = await until('the Run tests lens',
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', runbookUri),
      (found) => found.some((l) => l.command?.title === 'Run tests (2 cases)'));
    const lens = lenses.find((l) => l.command?.title === 'Run tests (2 cases)')!;
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const r = await results();
    assert.strictEqual(r.reported[caseId('web is replaced')]?.status, 'passed');
    const failing = r.reported[caseId('the singleton is wrongly expected to be replaced')];
    assert.strictEqual(failing?.status, 'failed');
    assert.strictEqual(failing.messages.length, 1);
    assert.strictEqual(failing.messages[0].line, EXPECT_LINE);
    assert.strictEqual(failing.messages[0].expected, 'mode: auto_execute');
    assert.strictEqual(failing.messages[0].actual, 'mode: abort');
    assert.match(failing.messages[0].message, /minimumReadyReplicasWithSameApp \(fail\): only 1 Ready pod/);
  });

  it('runs the file again when it is saved', async () => {
    const before = (await results()).reported[caseId('the singleton is wrongly expected to be replaced')]?.runs ?? 0;
    const document = await vscode.workspace.openTextDocument(testUri);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().lastIndexOf('mode: auto_execute');
    edit.replace(testUri, new vscode.Range(document.positionAt(at), document.positionAt(at + 'mode: auto_execute'.length)), 'mode: abort');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    const r = await until('a re-run after save', results, (x) => (x.reported[caseId('the singleton is wrongly expected to be replaced')]?.runs ?? 0) > before);
    assert.strictEqual(r.reported[caseId('the singleton is wrongly expected to be replaced')].status, 'passed');
  });
});
