// The extension under development is loaded into the extension host and activates.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'kubedojo.remediator';
/** Repository root: this bundle is dist/test/vscode/suite/activation.test.js. */
const REPO = path.resolve(__dirname, '../../../..');

describe('activation', () => {
  it(`finds ${EXTENSION_ID}, loaded from this repository`, () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the extension host`);
    assert.strictEqual(path.resolve(ext.extensionUri.fsPath), REPO);
    assert.strictEqual(ext.packageJSON.main, './dist/extension.js');
  });

  it('activates, and reports how long activation took', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    if (ext.isActive) {
      // An activation event fired before the suite started: the host did the timing, not us.
      console.log('      [activation] already active when the suite started (activated by an activation event)');
    } else {
      const started = performance.now();
      await ext.activate();
      const ms = performance.now() - started;
      console.log(`      [activation] ${EXTENSION_ID} activated in ${ms.toFixed(1)} ms`);
    }
    assert.strictEqual(ext.isActive, true);
  });
});
