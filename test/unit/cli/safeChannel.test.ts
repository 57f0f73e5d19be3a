// The editor's audit channel wrapper, with a stand-in channel: every write is redacted and escaped,
// everything else passes through untouched.
import { strict as assert } from 'assert';
import type * as vscode from 'vscode';
import { safeChannel } from '../../../src/extension/cluster/safeChannel';

describe("the editor's audit channel: every write is one safe line", () => {
  it('redacts and escapes info/warn/error/appendLine, passes the rest through', () => {
    const written: string[] = [];
    let shown = false;
    const fake = {
      name: 'Remediator Audit',
      info: (m: string) => written.push(`info ${m}`), warn: (m: string) => written.push(`warn ${m}`),
      error: (m: string) => written.push(`error ${m}`), appendLine: (m: string) => written.push(`line ${m}`),
      show(this: { marker: string }) { shown = this.marker === 'fake'; }, marker: 'fake',
    };
    const channel = safeChannel(fake as unknown as vscode.LogOutputChannel);
    channel.info('web\n\x1b[2Jpod token: abcdefghijkl');
    channel.warn('\u202eevil');
    channel.error(new Error('Authorization: Bearer abcdefghijklmnop'));
    channel.appendLine('a\rb');
    channel.show(true);
    assert.deepEqual(written, [
      'info web\\n\\x1b[2Jpod token: [redacted]', 'warn \\u202eevil', 'error Authorization: Bearer [redacted]', 'line a\\rb',
    ]);
    assert.equal(channel.name, 'Remediator Audit');
    assert.ok(shown, 'other methods keep their receiver');
  });
});
