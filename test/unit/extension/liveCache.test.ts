// The live validation's cache and timeout helpers (no editor needed: they import nothing from vscode).
import { strict as assert } from 'assert';
import { TtlCache, within } from '../../../src/extension/cluster/live/cache';

describe('live validation: TtlCache and within', () => {
  it('keeps a value for its time to live, then forgets it', () => {
    let now = 1000;
    const cache = new TtlCache<string>(50, 10, () => now);
    cache.set('a', 'x');
    assert.equal(cache.get('a'), 'x');
    now += 49;
    assert.equal(cache.get('a'), 'x');
    now += 1;
    assert.equal(cache.get('a'), undefined);
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = new TtlCache<number>(60_000, 3);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i);
    assert.deepEqual(['k6', 'k7', 'k8', 'k9'].map((k) => cache.get(k)), [undefined, 7, 8, 9]);
    cache.clear();
    assert.equal(cache.get('k9'), undefined);
  });

  it('within: the work settles first, or the promise rejects with the message (a hung call never blocks)', async () => {
    assert.equal(await within(Promise.resolve(3), 1000, 'late'), 3);
    await assert.rejects(within(new Promise(() => undefined), 5, 'the cluster did not answer in time'), /did not answer in time/);
    await assert.rejects(within(Promise.reject(new Error('refused')), 1000, 'late'), /refused/);
  });
});
