// What the harness (scripts/vscode/run-tests.js) promises every VS Code test: a Node extension host,
// the test workspace open, ripgrep-backed search working, and the runner's environment passed through.
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('test environment', () => {
  it('runs in a Node.js extension host', () => {
    assert.strictEqual(typeof process.versions.node, 'string');
    console.log(`      [env] host=${process.env.REMEDIATOR_TEST_HOST ?? '?'} app=${vscode.env.appName} ` +
      `vscode=${vscode.version} node=${process.version} uiKind=${vscode.UIKind[vscode.env.uiKind]} ` +
      `remote=${vscode.env.remoteName ?? 'none'}`);
  });

  it('opens the test workspace with lab.runbook.yaml', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'exactly one workspace folder');
    const found = await vscode.workspace.findFiles('**/*.runbook.yaml');
    assert.deepStrictEqual(found.map((u) => vscode.workspace.asRelativePath(u)), ['lab.runbook.yaml']);
    const doc = await vscode.workspace.openTextDocument(found[0]);
    assert.match(doc.getText(), /kind: RemediationRunbook/);
  });

  it("passes the runner's environment through to the extension host", () => {
    assert.ok(process.env.REMEDIATOR_TEST_RESULTS, 'REMEDIATOR_TEST_RESULTS (set by the runner) is missing');
    const seen = ['KUBECONFIG', 'REMEDIATOR_TEST_KUBECONFIG'].map((k) => `${k}=${process.env[k] ? 'set' : 'unset'}`);
    console.log(`      [env] ${seen.join(' ')}`);
  });
});
