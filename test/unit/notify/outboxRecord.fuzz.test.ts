// Generated outbox files (written items and attempts, cut at any byte, garbage and wrong-shape lines):
// replaying never throws, and an item is pending exactly when no final attempt line for it survived.
import { strict as assert } from 'assert';
import { outboxState, type AttemptOutcome, type AttemptRecord, type OutboxItem } from '../../../src/core/notify/outboxRecord';
import { prng } from '../../support/random';

const OUTCOMES: AttemptOutcome[] = ['retry', 'retry', 'delivered', 'rejected', 'abandoned'];
const GARBAGE = ['{', 'null', '[]', '{"type":"attempt"}', '{"type":"notification","id":""}', '\u0000\u0000', 'not json', '{"type":"attempt","id":"x","channel":"c","attempt":-1,"at":"2026-01-01T00:00:00Z","outcome":"delivered"}'];

describe('outbox file replay: generated files', () => {
  it('1,000 seeded files: pending is exactly the items without a surviving final attempt', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const rand = prng(seed);
      const lines: string[] = [];
      const written = new Set<string>();
      const count = 1 + Math.floor(rand() * 6);
      for (let i = 0; i < count; i++) {
        const item: OutboxItem = { type: 'notification', id: `n${i}`, channel: 'c', channelType: 'webhook', incidentId: 'i', event: 'trigger', group: 'g', createdAt: '2026-12-01T22:00:00Z', body: { i } };
        lines.push(JSON.stringify(item));
        written.add(item.id);
        for (let a = 1; a <= Math.floor(rand() * 4); a++) {
          const attempt: AttemptRecord = { type: 'attempt', id: item.id, channel: 'c', attempt: a, at: '2026-12-01T22:00:01Z', outcome: OUTCOMES[Math.floor(rand() * OUTCOMES.length)] };
          lines.push(JSON.stringify(attempt));
        }
        if (rand() < 0.2) lines.push(GARBAGE[Math.floor(rand() * GARBAGE.length)]);
      }
      // A crash may cut the last line at any byte.
      let text = `${lines.join('\n')}\n`;
      const last = lines[lines.length - 1];
      let lost: string | undefined;
      if (rand() < 0.5) {
        text = `${lines.slice(0, -1).join('\n')}\n${last.slice(0, Math.floor(rand() * last.length))}`;
        lost = last;
      }
      // Pending: the item line survived and no final attempt line for it did.
      const surviving = lost === undefined ? lines : lines.slice(0, -1);
      const has = (id: string, type: string) => surviving.filter((l) => l.includes(`"type":"${type}","id":"${id}"`));
      const expected = [...written].filter((id) => has(id, 'notification').length > 0 && !has(id, 'attempt').some((l) => !l.includes('"outcome":"retry"')));
      const state = outboxState(text);
      assert.deepEqual(state.pending.map((p) => p.item.id), expected, `seed ${seed}`);
    }
  });
});
