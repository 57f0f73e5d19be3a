// Runbook diagnostics and quick fixes inside VS Code: found at the right line, cleared once fixed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activated, applyFix, closeAllEditors, lineOf, openFile, openUntitled, ours, quickFixes, waitForDiagnostics, withCode, withoutCode } from './languageHelpers';

const LAB = 'lab.runbook.yaml';
const HIGH_RISK = 'authoring/auto-high-risk.yaml';

async function labText(): Promise<string> {
  return (await vscode.workspace.openTextDocument((await openFile(LAB)).uri)).getText();
}

describe('runbook diagnostics', () => {
  before(activated);
  afterEach(closeAllEditors);

  it('reports auto_execute on a high-risk runbook at the decisionMode value, with the "remediator" source', async () => {
    const document = await openFile(HIGH_RISK);
    const found = await waitForDiagnostics(document.uri, withCode('auto-execute-high-risk'), 'the auto-execute-high-risk warning');
    const warning = found.find((d) => d.code === 'auto-execute-high-risk')!;
    const line = lineOf(document, 'decisionMode: auto_execute');
    assert.strictEqual(warning.range.start.line, line);
    assert.strictEqual(document.getText(warning.range), 'auto_execute');
    assert.strictEqual(warning.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('clears a diagnostic once the document is fixed with a WorkspaceEdit', async () => {
    const text = (await labText()).replace('risk: low', 'risk: hihg');
    const document = await openUntitled(text);
    const found = await waitForDiagnostics(document.uri, withCode('invalid-value'), 'the invalid risk');
    const invalid = found.find((d) => d.code === 'invalid-value')!;
    assert.strictEqual(invalid.range.start.line, lineOf(document, 'risk: hihg'));
    assert.strictEqual(document.getText(invalid.range), 'hihg');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, invalid.range, 'low');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics after the fix');
  });

  it('validates a YAML document recognized by its kind alone, and ignores other YAML', async () => {
    const runbook = await openUntitled((await labText()).replace('  owner: platform-team\n', ''));
    const found = await waitForDiagnostics(runbook.uri, withCode('missing-field'), 'the missing owner');
    assert.match(found[0].message, /owner/);
    const other = await openUntitled('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: 3\n');
    // Wait until the runbook's diagnostics are published again after a change, then check the other one.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(runbook.uri, new vscode.Position(0, 0), '# edited\n');
    await vscode.workspace.applyEdit(edit);
    await waitForDiagnostics(runbook.uri, (d) => d.some((x) => x.range.start.line === lineOf(runbook, 'spec:')), 'the shifted diagnostic');
    assert.deepStrictEqual(ours(other.uri), []);
  });

  it('clears the diagnostics when the document stops being a runbook', async () => {
    const document = await openUntitled((await labText()).replace('risk: low', 'risk: hihg'));
    await waitForDiagnostics(document.uri, withCode('invalid-value'), 'the invalid risk');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), 'kind: ConfigMap\n');
    await vscode.workspace.applyEdit(edit);
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics');
  });
});

describe('runbook quick fixes', () => {
  before(activated);
  afterEach(closeAllEditors);

  it('caps auto_execute on high risk at approval_required', async () => {
    const document = await openFile(HIGH_RISK);
    const found = await waitForDiagnostics(document.uri, withCode('auto-execute-high-risk'), 'the warning');
    const fix = await applyFix(document, found[0].range, /approval_required/);
    assert.strictEqual(fix.isPreferred, true);
    assert.match(document.lineAt(lineOf(document, 'decisionMode:')).text, /decisionMode: approval_required$/);
    await waitForDiagnostics(document.uri, withoutCode('auto-execute-high-risk'), 'the warning to clear');
  });

  it('replaces an unknown enum value with the closest valid one', async () => {
    const document = await openUntitled((await labText()).replace('type: controller_recreates_pod', 'type: controller_recreate_pods'));
    const found = await waitForDiagnostics(document.uri, withCode('invalid-value'), 'the invalid rollback type');
    await applyFix(document, found[0].range, /^Change to controller_recreates_pod$/);
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics');
  });

  it('renames a misspelled field, or removes an unknown one with its block', async () => {
    const misspelled = await openUntitled((await labText()).replace('cooldownMinutes: 10', 'cooldownMinute: 10'));
    let found = await waitForDiagnostics(misspelled.uri, withCode('unknown-field'), 'the unknown field');
    await applyFix(misspelled, found[0].range, /^Rename to cooldownMinutes$/);
    await waitForDiagnostics(misspelled.uri, (d) => d.length === 0, 'no diagnostics after the rename');

    const extra = await openUntitled((await labText()).replace('  guardrails:\n', '  notes:\n    first: a\n    second: b\n  guardrails:\n'));
    found = await waitForDiagnostics(extra.uri, withCode('unknown-field'), 'the unknown block');
    await applyFix(extra, found[0].range, /^Remove unknown field notes$/);
    assert.doesNotMatch(extra.getText(), /notes:|first: a|second: b/);
    await waitForDiagnostics(extra.uri, (d) => d.length === 0, 'no diagnostics after the removal');
  });

  it('converts a rejected action command into the structured form', async () => {
    const document = await openUntitled((await labText()).replace('    type: deletePod', '    command: kubectl delete pod web-1 -n lab'));
    const found = await waitForDiagnostics(document.uri, withCode('action-command-rejected'), 'the rejected command');
    assert.strictEqual(found[0].range.start.line, lineOf(document, 'command: kubectl'));
    const titles = (await quickFixes(document, found[0].range)).map((a) => a.title);
    assert.ok(titles.includes('Use the accepted command: kubectl delete pod ${POD_NAME} -n ${NAMESPACE}'), JSON.stringify(titles));
    await applyFix(document, found[0].range, /structured action type: deletePod/);
    assert.match(document.getText(), /\n  action:\n    type: deletePod\n/);
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'no diagnostics after the conversion');
  });

  it('adds a missing verification block, and a check to an empty list', async () => {
    const text = await labText();
    const missing = await openUntitled(text.replace(/  verification:\n(    .*\n)+/, ''));
    let found = await waitForDiagnostics(missing.uri, withCode('missing-field'), 'the missing verification');
    await applyFix(missing, found[0].range, /^Add a verification block$/);
    assert.match(missing.getText(), /\n  verification:\n    checks:\n      - available_replicas_equal_desired_replicas\n    timeoutSeconds: 120\n/);
    await waitForDiagnostics(missing.uri, (d) => d.length === 0, 'no diagnostics after adding verification');

    const empty = await openUntitled(text.replace(/    checks:\n      - replacement_pod_ready_within_timeout\n/, '    checks: []\n'));
    found = await waitForDiagnostics(empty.uri, withCode('verification-no-checks'), 'the empty checks warning');
    await applyFix(empty, found[0].range, /replacement_pod_ready_within_timeout/);
    await waitForDiagnostics(empty.uri, (d) => d.length === 0, 'no diagnostics after adding a check');
  });
});
