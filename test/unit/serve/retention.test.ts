// Retention of the incident ledger (in memory): done entries are deleted once nothing referred to them
// for the retention; a re-sent copy of a handled alert refreshes its entry (at most once per touch period);
// an entry changed between the list and the delete stays.
import assert from 'node:assert/strict';
import { MemoryIncidentLedger, type IncidentEntry } from '../../../src/core/serve/ledger';
import { applyRetention, entriesPastRetention, touchDone, touchPeriodMs } from '../../../src/core/serve/retention';
import { seededRandom } from '../../support/seeded';

const DAY = 86400;
const t0 = Date.parse('2026-12-01T00:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);
const entry = (key: string, o: Partial<IncidentEntry> = {}): IncidentEntry => ({
  key, holder: { instance: 'i', life: 'l' }, phase: 'done', claimedAt: at(0).toISOString(), expiresAt: at(60).toISOString(), doneAt: at(0).toISOString(), ...o,
});

describe('serve incident ledger retention', () => {
  it('past the retention: done entries only, counted from the later of doneAt and seenAt; no readable time keeps it', () => {
    const entries = [
      entry('old'), entry('seen', { seenAt: at(6 * DAY).toISOString() }), entry('open', { phase: 'claimed' }),
      entry('no-time', { doneAt: undefined }), entry('young', { doneAt: at(7 * DAY).toISOString() }),
    ];
    assert.deepEqual(entriesPastRetention(entries, at(7 * DAY + 1), 7 * DAY).map((e) => e.key), ['old']);
    assert.equal(touchPeriodMs(7 * DAY), 3600_000);
    assert.equal(touchPeriodMs(10), 5000);
  });

  it('a copy of a done incident touches it at most once per period; retention spares it, then deletes it', async () => {
    const ledger = new MemoryIncidentLedger();
    await ledger.create(entry('k'));
    await touchDone(ledger, (await ledger.get('k'))!, at(100), 7 * DAY);
    assert.equal((await ledger.get('k'))!.seenAt, undefined, 'within the touch period: no write');
    await touchDone(ledger, (await ledger.get('k'))!, at(6 * DAY), 7 * DAY);
    assert.equal((await ledger.get('k'))!.seenAt, at(6 * DAY).toISOString());
    assert.equal(await applyRetention(ledger, at(8 * DAY), 7 * DAY), 0, 'seen a day ago');
    assert.equal(await applyRetention(ledger, at(13 * DAY + 1), 7 * DAY), 1);
    assert.equal(await ledger.get('k'), undefined);
  });

  it('an entry changed after the list is not deleted (compare-and-swap)', async () => {
    const ledger = new MemoryIncidentLedger();
    await ledger.create(entry('k'));
    const listed = (await ledger.list(['done']))[0];
    await ledger.replace({ ...listed, seenAt: at(8 * DAY).toISOString() });
    assert.equal(await ledger.remove(listed), false);
    assert.ok(await ledger.get('k'));
  });

  it('generated: random done/seen times and phases; exactly the entries past the retention go', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const next = seededRandom(seed);
      const ledger = new MemoryIncidentLedger();
      const retention = 1 + Math.floor(next() * 10 * DAY);
      const now = at(20 * DAY);
      const expected = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const phase = (['received', 'claimed', 'acting', 'done'] as const)[Math.floor(next() * 4)];
        const done = Math.floor(next() * 20 * DAY);
        const seen = next() < 0.5 ? done + Math.floor(next() * DAY) : undefined;
        await ledger.create(entry(`k${i}`, { phase, doneAt: at(done).toISOString(), ...(seen !== undefined ? { seenAt: at(seen).toISOString() } : {}) }));
        if (phase === 'done' && Math.max(done, seen ?? 0) * 1000 + retention * 1000 < now.getTime() - t0) expected.add(`k${i}`);
      }
      assert.equal(await applyRetention(ledger, now, retention), expected.size, `seed ${seed}`);
      for (let i = 0; i < 20; i++) assert.equal((await ledger.get(`k${i}`)) === undefined, expected.has(`k${i}`), `seed ${seed} k${i}`);
    }
  });
});
