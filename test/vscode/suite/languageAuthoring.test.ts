// Completion, hover, CodeLens and the new-runbook command inside VS Code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseRunbooks } from '../../../src/core/runbook';
import { activated, closeAllEditors, lineOf, openFile, openUntitled } from './languageHelpers';

const LAB = 'lab.runbook.yaml';

async function completionLabels(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  return list.items;
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function markdown(value: vscode.CompletionItem['documentation'] | vscode.MarkedString | vscode.MarkdownString): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.value;
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers.flatMap((h) => h.contents.map((c) => markdown(c as vscode.MarkdownString))).join('\n');
}

describe('runbook completion', () => {
  before(activated);
  afterEach(closeAllEditors);

  it('offers the enum values of risk, with the schema description', async () => {
    const document = await openFile(LAB);
    const line = lineOf(document, 'risk: low');
    const items = await completionLabels(document, new vscode.Position(line, '  risk: '.length));
    const risk = items.filter((i) => ['low', 'medium', 'high'].includes(label(i)));
    assert.deepStrictEqual(risk.map(label).sort(), ['high', 'low', 'medium']);
    assert.match(markdown(risk[0].documentation), /How bad it is if the action goes wrong/);
  });

  it('offers the missing keys of a half-typed guardrails block, as snippets with documentation', async () => {
    const text = (await openFile(LAB)).getText().replace('    maxConcurrentActions: 1\n', '    bla\n');
    const document = await openUntitled(text);
    const line = lineOf(document, '    bla');
    const items = await completionLabels(document, new vscode.Position(line, '    bla'.length));
    const labels = items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map(label);
    assert.ok(labels.includes('blastRadius'), JSON.stringify(labels));
    assert.ok(labels.includes('maxConcurrentActions'));
    assert.ok(!labels.includes('cooldownMinutes'), 'keys already present are not offered again');
    const blast = items.find((i) => label(i) === 'blastRadius')!;
    assert.match(markdown(blast.documentation), /Limits on how much one run may disrupt/);
    assert.ok(blast.insertText instanceof vscode.SnippetString);
    assert.match(blast.insertText.value, /^blastRadius:\n\t/);
  });

  it('offers verification checks as list items, and the accepted action command shapes', async () => {
    const text = (await openFile(LAB)).getText()
      .replace('      - replacement_pod_ready_within_timeout', '      - ')
      .replace('    type: deletePod', '    command: ');
    const document = await openUntitled(text);
    const checkLine = document.getText().split('\n').findIndex((l) => l === '      - ');
    const checks = await completionLabels(document, new vscode.Position(checkLine, document.lineAt(checkLine).text.length));
    assert.ok(checks.some((i) => label(i) === 'rollout_complete'), JSON.stringify(checks.map(label)));
    const commandLine = lineOf(document, 'command:');
    const commands = await completionLabels(document, new vscode.Position(commandLine, document.lineAt(commandLine).text.length));
    assert.ok(commands.some((i) => label(i) === 'kubectl delete pod ${POD_NAME} -n ${NAMESPACE}'), JSON.stringify(commands.map(label)));
  });

  it('offers top-level keys in an empty runbook file', async () => {
    const document = await openUntitled('kind: RemediationRunbook\n');
    const items = await completionLabels(document, new vscode.Position(1, 0));
    const labels = items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map(label);
    assert.deepStrictEqual(labels.sort(), ['apiVersion', 'metadata', 'spec']);
  });
});

describe('runbook hover', () => {
  before(activated);
  afterEach(closeAllEditors);

  it('shows the schema description of the key under the cursor', async () => {
    const document = await openFile(LAB);
    const text = await hoverText(document, new vscode.Position(lineOf(document, 'cooldownMinutes'), 6));
    assert.match(text, /Minutes \(0-525600, at most a year\) to wait after an execution/);
  });

  it('shows a duration field\'s value in seconds with the bounds the engine enforces', async () => {
    const document = await openFile(LAB);
    const cooldown = await hoverText(document, new vscode.Position(lineOf(document, 'cooldownMinutes'), 6));
    assert.match(cooldown, /`10` min = \*\*600 s\*\* \(10m\)\. Bounds: 0–525,600 min/);
    const timeout = await hoverText(document, new vscode.Position(lineOf(document, 'timeoutSeconds'), 6));
    assert.match(timeout, /`120` s = \*\*2m\*\*\. Bounds: 1–3,600 s/);
  });

  it('shows the decision sentence on spec and metadata.name', async () => {
    const document = await openFile(LAB);
    const onSpec = await hoverText(document, new vscode.Position(lineOf(document, 'spec:'), 1));
    assert.match(onSpec, /When symptom CrashLoopBackOff appears, and root cause transient startup failure/);
    const onName = await hoverText(document, new vscode.Position(lineOf(document, 'name: restart-crashlooping-pod'), 4));
    assert.match(onName, /Decision:/);
  });
});

describe('runbook CodeLens and new runbook', () => {
  before(activated);
  afterEach(closeAllEditors);

  it('puts Dry-run… and Simulate… on the first line of the runbook, with the document URI', async () => {
    const document = await openFile(LAB);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    // The runbook's own lenses (the cluster check's "applies to …" lens on scope: comes and goes with the cluster).
    const ours = lenses.filter((l) => ['remediator.dryRun', 'remediator.simulate', 'remediator.replayHistory'].includes(l.command?.command ?? ''));
    assert.deepStrictEqual(ours.map((l) => [l.command?.title, l.command?.command]).sort(), [
      ['Dry-run…', 'remediator.dryRun'], ['Replay history…', 'remediator.replayHistory'], ['Simulate…', 'remediator.simulate']]);
    const first = lineOf(document, 'apiVersion:');
    for (const lens of ours) {
      assert.strictEqual(lens.range.start.line, first);
      const arg = lens.command?.arguments?.[0] as { runbookUri?: string } | vscode.Uri;
      assert.strictEqual(arg instanceof vscode.Uri ? arg.toString() : arg?.runbookUri, document.uri.toString());
    }
  });

  it('remediator.newRunbook opens an untitled YAML runbook that validates', async () => {
    await vscode.commands.executeCommand('remediator.newRunbook');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no active editor');
    assert.strictEqual(editor.document.isUntitled, true);
    assert.strictEqual(editor.document.languageId, 'yaml');
    assert.match(editor.document.getText(), /^apiVersion: remediations\.kubedojo\.io\/v1\nkind: RemediationRunbook\n/);
    // The snippet's defaults are a valid runbook: at most lint advice, no errors.
    const errors = parseRunbooks(editor.document.getText()).diagnostics.filter((d) => d.severity === 'error');
    assert.deepStrictEqual(errors, []);
  });
});
