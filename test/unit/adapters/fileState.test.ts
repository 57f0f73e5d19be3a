// The local state file (--local-state FILE): any JSON value on a line is reported as a typed error
// naming the line, never a crash; the file is read with the input limit, so a huge or endless file
// (/dev/zero, a FIFO) is refused after at most limit + 1 bytes.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileStateStore } from '../../../src/adapters/k8s/fileState';
import { parseLines } from '../../../src/adapters/k8s/records';
import { MAX_INPUT_BYTES } from '../../../src/cli/inputs';
import { isClusterError } from '../../../src/core/ports';
import { auditRecord } from '../../support/k8s';
import { seededRandom } from '../../support/seeded';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-filestate-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const write = (text: string) => { const f = path.join(tmp, `${++n}.jsonl`); fs.writeFileSync(f, text); return f; };
const good = JSON.stringify(auditRecord({ id: 'ok', runbook: 'replace-redundant-pod', time: new Date().toISOString() }));

async function rejection(run: () => Promise<unknown>): Promise<Error> {
  try { await run(); } catch (err) { return err as Error; }
  assert.fail('expected a refusal');
}

describe('local state file: hostile lines and sizes', () => {
  for (const line of ['null', '42', '[1,2]', '"text"', 'true', '{}']) {
    it(`a ${line} line is reported with its line number, as a typed error`, async () => {
      assert.throws(() => parseLines(`${good}\n${line}\n`, 'state file s'), (err: unknown) =>
        isClusterError(err, 'invalid') && /^state file s: line 2 is not an audit record/.test((err as Error).message));
      const file = write(`${good}\n${line}\n`);
      const err = await rejection(() => new FileStateStore(file).history('replace-redundant-pod'));
      assert.ok(isClusterError(err, 'invalid'), String(err));
      assert.match(err.message, new RegExp(`state file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 2 `));
    });
  }

  it('generated: any JSON value on any line gives records or one typed error, never anything else', async () => {
    const next = seededRandom(3);
    const values = ['null', '0', '-1.5e3', '[]', '[null]', '{}', '""', '"x"', 'false', '{"time":1}', '{"outcome":null}', '{"target":[]}', good];
    for (let i = 0; i < 60; i++) {
      const lines = Array.from({ length: 1 + Math.floor(next() * 4) }, () => values[Math.floor(next() * values.length)]);
      try {
        parseLines(lines.join('\n') + '\n', 'state');
      } catch (err) {
        assert.ok(isClusterError(err, 'invalid'), `${lines.join(' | ')}: ${String(err)}`);
      }
    }
  });

  it('a file over the limit is refused before parsing, naming the file and the limit', async () => {
    const file = write(`${good}\n`.repeat(40));
    const err = await rejection(() => new FileStateStore(file, { maxBytes: 1024 }).history('replace-redundant-pod'));
    assert.ok(isClusterError(err, 'config'), String(err));
    assert.match(err.message, /state file .*: larger than 1024 bytes \(the limit for a local state file\); refused before parsing/);
    assert.equal((await new FileStateStore(file).history('replace-redundant-pod')).length, 40, 'the default limit reads it');
  });

  it('an endless file (/dev/zero) is refused at the 64 MiB input limit', async function () {
    if (!fs.existsSync('/dev/zero')) this.skip();
    const err = await rejection(() => new FileStateStore('/dev/zero').history('replace-redundant-pod'));
    assert.ok(isClusterError(err, 'config'), String(err));
    assert.match(err.message, /larger than 64 MiB/);
    assert.equal(MAX_INPUT_BYTES, 64 * 1024 * 1024);
  });
});
