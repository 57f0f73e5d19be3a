// Retention of the incident ledger (in memory): done entries are deleted once nothing referred to them
// for the retention; a re-sent copy of a handled alert refreshes its entry (at most once per touch period);
// an entry changed between the list and the delete stays; a done entry with no readable time (written by
// versions that kept none) is stamped seen at the first retention pass and goes one retention after it.
import assert from 'node:assert/strict';
import { MemoryIncidentLedger, type IncidentEntry, type IncidentLedger } from '../../../src/core/serve/ledger';
import { applyRetention, entriesPastRetention, entriesWithoutTime, touchDone, touchPeriodMs } from '../../../src/core/serve/retention';
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
    assert.deepEqual(await applyRetention(ledger, at(8 * DAY), 7 * DAY), { removed: 0, stamped: 0 }, 'seen a day ago');
    assert.deepEqual(await applyRetention(ledger, at(13 * DAY + 1), 7 * DAY), { removed: 1, stamped: 0 });
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
      const untimed = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const phase = (['received', 'claimed', 'acting', 'done'] as const)[Math.floor(next() * 4)];
        // Some entries carry no readable time at all (missing or garbage), as older versions wrote them.
        if (next() < 0.2) {
          await ledger.create(entry(`k${i}`, { phase, doneAt: next() < 0.5 ? undefined : 'garbage' }));
          if (phase === 'done') untimed.add(`k${i}`);
          continue;
        }
        const done = Math.floor(next() * 20 * DAY);
        const seen = next() < 0.5 ? done + Math.floor(next() * DAY) : undefined;
        await ledger.create(entry(`k${i}`, { phase, doneAt: at(done).toISOString(), ...(seen !== undefined ? { seenAt: at(seen).toISOString() } : {}) }));
        if (phase === 'done' && Math.max(done, seen ?? 0) * 1000 + retention * 1000 < now.getTime() - t0) expected.add(`k${i}`);
      }
      assert.deepEqual(await applyRetention(ledger, now, retention), { removed: expected.size, stamped: untimed.size }, `seed ${seed}`);
      for (let i = 0; i < 20; i++) assert.equal((await ledger.get(`k${i}`)) === undefined, expected.has(`k${i}`), `seed ${seed} k${i}`);
      for (const k of untimed) assert.equal((await ledger.get(k))!.seenAt, now.toISOString(), `seed ${seed} ${k}`);
      // One retention after the stamp, every stamped entry goes too.
      const later = new Date(now.getTime() + retention * 1000 + 1);
      assert.equal((await applyRetention(ledger, later, retention)).stamped, 0, `seed ${seed}`);
      for (const k of untimed) assert.equal(await ledger.get(k), undefined, `seed ${seed} ${k}`);
    }
  });
  it('a done entry without a readable time is stamped seen now, then deleted one retention later', async () => {
    const ledger = new MemoryIncidentLedger();
    await ledger.create(entry('legacy', { doneAt: undefined }));
    await ledger.create(entry('garbage', { doneAt: 'yesterday', seenAt: 'not a time' }));
    await ledger.create(entry('open', { phase: 'acting', doneAt: undefined }));
    await ledger.create(entry('old'));
    assert.deepEqual(entriesWithoutTime(await ledger.list(['done', 'acting'])).map((e) => e.key), ['legacy', 'garbage']);
    assert.deepEqual(await applyRetention(ledger, at(100 * DAY), 7 * DAY), { removed: 1, stamped: 2 });
    assert.equal((await ledger.get('legacy'))!.seenAt, at(100 * DAY).toISOString());
    assert.equal((await ledger.get('garbage'))!.seenAt, at(100 * DAY).toISOString());
    assert.equal((await ledger.get('open'))!.seenAt, undefined, 'an open entry is not retention\'s');
    assert.deepEqual(await applyRetention(ledger, at(101 * DAY), 7 * DAY), { removed: 0, stamped: 0 }, 'stamped once; young now');
    assert.deepEqual(await applyRetention(ledger, at(107 * DAY + 1), 7 * DAY), { removed: 2, stamped: 0 });
    assert.equal(await ledger.get('legacy'), undefined);
    assert.ok(await ledger.get('open'));
  });

  it('a stamp that loses the race (the entry changed after the list) is not counted and leaves the other write', async () => {
    const inner = new MemoryIncidentLedger();
    await inner.create(entry('legacy', { doneAt: undefined }));
    // Another replica's touch lands between retention's list and its stamp.
    const racing: IncidentLedger = {
      create: (e) => inner.create(e), get: (k) => inner.get(k), remove: (e) => inner.remove(e), replace: (e) => inner.replace(e),
      list: async (phases) => {
        const listed = await inner.list(phases);
        const current = (await inner.get('legacy'))!;
        await inner.replace({ ...current, seenAt: at(5).toISOString() });
        return listed;
      },
    };
    assert.deepEqual(await applyRetention(racing, at(100 * DAY), 7 * DAY), { removed: 0, stamped: 0 });
    assert.equal((await inner.get('legacy'))!.seenAt, at(5).toISOString());
  });
});
