// Appends to one JSONL file from one process at the same time go out together (one write, one fsync per
// batch): every caller resolves only once its own lines are on disk, lines keep their arrival order,
// and a batch that fails fails each of its callers (none may count a line that was not written).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditFileError, appendJsonLines } from '../../../src/adapters/audit/jsonlFile';
import { prng } from '../../support/random';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-group-'));
let n = 0;
const fresh = () => path.join(tmp, `${++n}`, 'log.jsonl');

describe('JSONL appends: group commit', () => {
  it('hundreds of appends at once all land, each caller\'s lines together and in call order', async () => {
    const file = fresh();
    const settled: number[] = [];
    await Promise.all(Array.from({ length: 300 }, (_, i) => appendJsonLines(file, [JSON.stringify({ i, part: 0 }), JSON.stringify({ i, part: 1 })]).then(() => {
      // Resolved: its lines are in the file already.
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes(`{"i":${i},"part":0}\n{"i":${i},"part":1}\n`), `append ${i} resolved before its lines were on disk`);
      settled.push(i);
    })));
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { i: number; part: number });
    assert.equal(lines.length, 600);
    assert.deepEqual(lines.map((l) => l.i), Array.from({ length: 300 }, (_, i) => [i, i]).flat(), 'arrival order');
    assert.equal(settled.length, 300);
  });

  it('a batch that cannot be written rejects every caller in it, and the next append works again', async () => {
    const file = fresh();
    fs.mkdirSync(file, { recursive: true }); // a directory where the file should be: the write fails
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => appendJsonLines(file, [JSON.stringify({ i })])));
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof AuditFileError), 'all rejected with the located error');
    fs.rmSync(file, { recursive: true });
    await appendJsonLines(file, ['{"after":true}']);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"after":true}\n');
  });

  it('generated interleavings of appends to several files: nothing lost, nothing duplicated, per-file order kept', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = prng(seed);
      const files = [fresh(), fresh(), fresh()];
      const expected = new Map<string, string[]>(files.map((f) => [f, []]));
      const pending: Promise<void>[] = [];
      for (let k = 0; k < 120; k++) {
        const file = files[Math.floor(random() * files.length)];
        const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, j) => JSON.stringify({ seed, k, j }));
        expected.get(file)!.push(...lines);
        pending.push(appendJsonLines(file, lines));
        if (random() < 0.2) await Promise.resolve(); // let some batches start in between
      }
      await Promise.all(pending);
      for (const file of files) {
        const got = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
        assert.deepEqual(got, expected.get(file), `seed ${seed}`);
      }
    }
  });
});
