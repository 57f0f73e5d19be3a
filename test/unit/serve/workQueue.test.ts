import assert from 'node:assert/strict';
import { WorkQueue, type Slot } from '../../../src/core/serve/workQueue';

interface Item { key: string; n: number }

/** A queue whose runs finish only when the test releases them. */
function manual(capacity: number, concurrency: number) {
  const started: Item[] = [];
  const release = new Map<number, () => void>();
  const depths: number[] = [];
  const queue = new WorkQueue<Item>({
    capacity, concurrency, keyOf: (i) => i.key, onError: () => undefined, onDepth: (d) => depths.push(d),
    run: (i) => new Promise<void>((resolve) => { started.push(i); release.set(i.n, resolve); }),
  });
  const tick = () => new Promise((r) => setImmediate(r));
  return { queue, started, release: async (n: number) => { release.get(n)!(); await tick(); await tick(); }, tick, depths };
}

describe('serve work queue', () => {
  it('refuses past its capacity, runs at most `concurrency`, and one item per key at a time in order', async () => {
    const q = manual(4, 2);
    assert.equal(q.queue.push([{ key: 'a', n: 1 }, { key: 'a', n: 2 }, { key: 'b', n: 3 }]), true);
    assert.equal(q.queue.hasRoom(2), false);
    assert.equal(q.queue.push([{ key: 'c', n: 4 }, { key: 'c', n: 5 }]), false, 'all or nothing');
    await q.tick();
    assert.deepEqual(q.started.map((i) => i.n), [1, 3], 'the second a waits for the first');
    await q.release(1);
    assert.deepEqual(q.started.map((i) => i.n), [1, 3, 2]);
    await q.release(3);
    await q.release(2);
    await q.queue.idle();
    assert.equal(q.queue.depth, 0);
    assert.equal(q.depths[q.depths.length - 1], 0);
  });

  it('stop lets the running items finish, starts no more and reports the waiting ones', async () => {
    const q = manual(10, 1);
    q.queue.push([{ key: 'a', n: 1 }, { key: 'b', n: 2 }, { key: 'c', n: 3 }]);
    await q.tick();
    const stopped = q.queue.stop();
    assert.equal(q.queue.push([{ key: 'd', n: 4 }], true), false, 'nothing is taken once stopping');
    await q.release(1);
    assert.equal(await stopped, 2);
    assert.deepEqual(q.started.map((i) => i.n), [1]);
  });

  it('a parked run gives its slot to the next item and counts again once it resumes; parking twice is harmless', async () => {
    const started: number[] = [];
    const release = new Map<number, () => void>();
    const slots = new Map<number, Slot>();
    const queue = new WorkQueue<Item>({
      capacity: 10, concurrency: 1, keyOf: (i) => i.key, onError: () => undefined,
      run: (i, slot) => new Promise<void>((resolve) => { started.push(i.n); slots.set(i.n, slot); release.set(i.n, resolve); }),
    });
    const tick = () => new Promise((r) => setImmediate(r));
    queue.push([{ key: 'a', n: 1 }, { key: 'b', n: 2 }, { key: 'c', n: 3 }, { key: 'a', n: 4 }]);
    await tick();
    assert.deepEqual(started, [1]);
    slots.get(1)!.park();
    slots.get(1)!.park();
    await tick();
    assert.deepEqual(started, [1, 2], 'one more starts while 1 waits, not two');
    slots.get(1)!.resume();
    release.get(2)!();
    await tick(); await tick();
    assert.deepEqual(started, [1, 2], '1 counts again: nothing more starts');
    release.get(1)!();
    await tick(); await tick();
    assert.deepEqual(started, [1, 2, 3], 'the same key still waits its turn (4 after 1), in order');
    release.get(3)!();
    await tick(); await tick();
    assert.deepEqual(started, [1, 2, 3, 4]);
    slots.get(4)!.park();
    release.get(4)!();
    await queue.idle();
    queue.push([{ key: 'd', n: 5 }, { key: 'e', n: 6 }]);
    await tick();
    assert.deepEqual(started, [1, 2, 3, 4, 5], 'a run that ended parked leaves the count right');
    release.get(5)!();
    await tick(); await tick();
    release.get(6)!();
    await queue.idle();
  });

  it('a run that throws is reported and does not stop the queue', async () => {
    const errors: number[] = [];
    const done: number[] = [];
    const queue = new WorkQueue<Item>({
      capacity: 10, concurrency: 2, keyOf: (i) => i.key, onError: (i) => errors.push(i.n),
      run: async (i) => { if (i.n === 1) throw new Error('boom'); done.push(i.n); },
    });
    queue.push([{ key: 'a', n: 1 }, { key: 'a', n: 2 }]);
    await queue.idle();
    assert.deepEqual(errors, [1]);
    assert.deepEqual(done, [2]);
  });
  it('reserved room counts as taken, so requests journaling at the same time cannot pass the capacity', async () => {
    const q = manual(5, 1);
    const first = q.queue.reserve(3);
    assert.ok(first, 'room for three');
    assert.equal(q.queue.reserve(3), undefined, 'a second request while the first is being journaled is refused');
    const second = q.queue.reserve(2);
    assert.ok(second);
    assert.equal(q.queue.hasRoom(1), false);
    // The first request's journal write failed: its room comes back, once, however often it is given.
    first();
    first();
    assert.equal(q.queue.hasRoom(3), true);
    assert.equal(q.queue.hasRoom(4), false);
    // The second was journaled: its room turns into queued items (forced, as intake does).
    second();
    q.queue.push([{ key: 'a', n: 1 }, { key: 'b', n: 2 }], true);
    assert.equal(q.queue.depth, 2);
    assert.equal(q.queue.hasRoom(3), true);
    assert.equal(q.queue.hasRoom(4), false);
    await q.tick();
    await q.release(1);
    await q.release(2);
    await q.queue.idle();
    await q.queue.stop();
    assert.equal(q.queue.reserve(1), undefined, 'a stopped queue takes nothing');
  });
});
