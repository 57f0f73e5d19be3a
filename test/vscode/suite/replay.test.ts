// Replay history against this runbook, in the editor: the CodeLens on a runbook, the command on the open
// (unsaved) document, and the webview showing the decisions that would change, as the CLI prints them.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { ReplayView } from '../../../src/protocol/report';
import { activated } from './languageHelpers';

const REPO = path.resolve(__dirname, '../../../..');

async function services(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

function cliReplay(runbook: string, audit: string): string {
  const r = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'replay', '--runbook', runbook, '--audit', audit],
    { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('replay history against this runbook', () => {
  let dir: string;
  let audit: string;
  let runbookUri: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('remediator');

  before(async () => {
    await activated();
    dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, `replay-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    audit = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-replay-')), 'audit.jsonl');
    fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'replay', 'audit.jsonl'), audit);
    fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'replay', 'stricter-floor.yaml'), path.join(dir, 'stricter-floor.runbook.yaml'));
    runbookUri = vscode.Uri.file(path.join(dir, 'stricter-floor.runbook.yaml'));
    await config().update('auditFile', audit, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await config().update('auditFile', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(audit), { recursive: true, force: true });
  });

  it('offers "Replay history…" on the runbook and shows the changed decisions, before → after with the reason, as the CLI does', async () => {
    const document = await vscode.workspace.openTextDocument(runbookUri);
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', runbookUri);
    const lens = lenses.find((l) => l.command?.command === 'remediator.replayHistory');
    assert.ok(lens?.command, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);
    const s = await services();
    const rendered = s.replay.panel.nextRender(60_000);
    const view = await vscode.commands.executeCommand<ReplayView>(lens.command.command, ...(lens.command.arguments ?? []));
    const drawn = await rendered;
    assert.equal(drawn.page, 'replay');
    assert.deepEqual(view.summary, { decisions: 6, changed: 2, unchanged: 2, notReplayable: 2, otherRunbooks: view.summary.otherRunbooks });
    assert.equal(drawn.rows, 4, 'changed and not replayable decisions; unchanged ones only on request');
    assert.deepEqual(drawn.verdicts.filter((v) => v === 'changed').length, 2);

    const text = cliReplay(runbookUri.fsPath, audit);
    assert.equal(text.split('\n')[0], view.headline[0], 'the same headline as the CLI');
    for (const e of view.entries.filter((x) => x.status === 'changed')) {
      assert.ok(text.includes(`CHANGED ${e.where}\n  before: ${e.before}\n  after:  ${e.after}\n  why:    ${e.why}`), `the CLI prints ${e.where} the same way`);
    }
  });

  it('replays the open document as edited, before it is saved', async () => {
    const document = await vscode.workspace.openTextDocument(runbookUri);
    const editor = await vscode.window.showTextDocument(document);
    const text = document.getText();
    // The recorded runbook's floor again (2 instead of the stricter 3): no decision changes.
    const floor = /minimumReadyReplicasWithSameApp:\s*(\d+)/.exec(text);
    assert.ok(floor, 'the fixture sets a replica floor');
    const at = document.positionAt(floor.index + floor[0].length - floor[1].length);
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(at, at.translate(0, floor[1].length)), '2')));
    assert.ok(document.isDirty);
    const s = await services();
    const rendered = s.replay.panel.nextRender(60_000);
    const view = await vscode.commands.executeCommand<ReplayView>('remediator.replayHistory', runbookUri);
    await rendered;
    assert.equal(view.summary.changed, 0, 'the edited, unsaved floor is the one replayed');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!document.isDirty, 'reverted, so closing the editors asks nothing');
  });
});
