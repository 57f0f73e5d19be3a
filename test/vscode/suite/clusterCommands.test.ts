// Every command package.json contributes is registered by the extension (the manifest and the code agree).
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'kubedojo.remediator';

describe('cluster: command registry', () => {
  it('registers every contributes.commands entry', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    const contributed = (ext.packageJSON.contributes?.commands ?? []) as { command: string }[];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('keeps test hooks out of the manifest and the palette', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = ((ext.packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
    assert.ok(!contributed.some((id) => id.startsWith('remediator._test.')));
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('remediator._test.setConfirmationAnswers'));
  });
});
