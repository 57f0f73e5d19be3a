// Generated histories through the real file: the writer's repair matches, byte for byte, what the
// reader's policy assumes (every append starts on a fresh line, no blank line added), and reading back
// returns every complete record once, in order, and reports every broken line by number.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonlAuditFile, readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { scenario } from '../audit/generate';

describe('JSONL audit file: generated histories', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-jsonl-fuzz-'));

  it('60 seeded histories: the file holds exactly the expected bytes and reads back as written', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const s = scenario(seed, 12);
      const file = path.join(tmp, `${seed}.jsonl`);
      const sink = new JsonlAuditFile(file);
      for (const step of s.steps) {
        if (step.kind === 'append') await sink.writeMany(step.records);
        else fs.appendFileSync(file, step.bytes);
      }
      const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
      assert.ok(bytes.equals(s.bytes), `seed ${seed}`);
      const { records, skipped } = readAuditFile(file);
      assert.deepEqual(records.map((r) => r.id), s.records, `seed ${seed}`);
      assert.deepEqual(skipped.map((x) => ({ line: x.line, torn: x.torn })), s.skipped, `seed ${seed}`);
    }
  });
});
