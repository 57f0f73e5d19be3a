// Generated histories read back through the one reader: every complete record exactly once and in
// order, every broken line reported with its line number and kind, nothing thrown.
import { strict as assert } from 'assert';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import { auditRecord } from '../../support/k8s';
import { prng } from '../../support/random';
import { scenario } from './generate';

describe('audit JSONL reader: generated histories', () => {
  it('reads 500 seeded histories exactly as written', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const s = scenario(seed);
      const { records, skipped } = parseAuditJsonl(s.bytes.toString('utf8'));
      const where = `seed ${seed}: ${JSON.stringify(s.bytes.toString('utf8').slice(0, 400))}`;
      assert.deepEqual(records.map((r) => r.id), s.records, where);
      assert.deepEqual(skipped.map((x) => ({ line: x.line, torn: x.torn })), s.skipped, where);
    }
  });

  it('a record cut at every byte (also inside a multi-byte character) is torn, and the next record is intact', () => {
    const cutRecord = Buffer.from(JSON.stringify(auditRecord({ id: 'cut', message: 'é中🙂"\\\u001b\u202e' })), 'utf8');
    const next = JSON.stringify(auditRecord({ id: 'next' }));
    for (let cut = 1; cut < cutRecord.length; cut++) {
      const text = Buffer.concat([cutRecord.subarray(0, cut), Buffer.from(`\n${next}\n`)]).toString('utf8');
      const { records, skipped } = parseAuditJsonl(text);
      assert.deepEqual(records.map((r) => r.id), ['next'], `cut at byte ${cut}`);
      assert.deepEqual(skipped.map((x) => [x.line, x.torn]), [[1, true]], `cut at byte ${cut}`);
    }
  });

  it('throws on nothing: random bytes', () => {
    const rnd = prng(7);
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256)));
      const { skipped } = parseAuditJsonl(bytes.toString('utf8'));
      for (const s of skipped) assert.ok(s.line >= 1);
    }
  });
});
