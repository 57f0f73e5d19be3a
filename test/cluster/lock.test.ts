import assert from 'node:assert/strict';
import type { Clock } from '../../src/core/ports';
import { KubeLeaseLock, type Lease } from '../../src/adapters/k8s/lock';
import { LEASES, objectPath } from '../../src/adapters/k8s/resources';
import { useCluster } from './harness';

/** A clock that starts at the real time and moves only when told. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms) => { now += ms; } };
}

describe('cluster: Lease lock', function () {
  // The test namespace doubles as the lock namespace, so every test starts with no Leases.
  const { cluster, namespace } = useCluster('lck');

  it('two acquires at once: exactly one wins; release lets the next one in', async function () {
    const lock = new KubeLeaseLock(cluster().http, namespace());
    const key = 'runbook web-restart / aiops-remediation-lab / app=web';
    const [a, b] = await Promise.all([lock.tryAcquire(key, 'actor-a', 60), lock.tryAcquire(key, 'actor-b', 60)]);
    assert.equal([a, b].filter(Boolean).length, 1);
    assert.equal(await lock.tryAcquire(key, 'actor-c', 60), undefined, 'still held');
    await (a ?? b)!.release();
    await (a ?? b)!.release(); // safe twice
    const c = await lock.tryAcquire(key, 'actor-c', 60);
    assert.ok(c);
    await c.release();
  });

  it('heldHere: true from the acquire to the release of this process\'s Lease, and only for its key', async function () {
    const lock = new KubeLeaseLock(cluster().http, namespace());
    const other = new KubeLeaseLock(cluster().http, namespace());
    const key = 'held here';
    assert.equal(lock.heldHere(key), false);
    const held = await lock.tryAcquire(key, 'me', 60);
    assert.ok(held);
    assert.deepEqual([lock.heldHere(key), lock.heldHere('another key'), other.heldHere(key)], [true, false, false], 'another process (lock) asks the API server');
    assert.equal(await other.tryAcquire(key, 'them', 60), undefined);
    assert.equal(other.heldHere(key), false, 'a refused acquire holds nothing');
    await held.release();
    assert.equal(lock.heldHere(key), false);
    const again = await other.tryAcquire(key, 'them', 60);
    assert.ok(again);
    await again.release();
  });

  it('an expired Lease is taken over once; the old holder cannot release the new one', async function () {
    const clock = manualClock();
    const lock = new KubeLeaseLock(cluster().http, namespace(), { clock });
    const key = 'expiring';
    const old = await lock.tryAcquire(key, 'old', 5);
    assert.ok(old);
    assert.equal(await lock.tryAcquire(key, 'early', 5), undefined);
    clock.advance(6_000);
    const [x, y] = await Promise.all([lock.tryAcquire(key, 'new-x', 5), lock.tryAcquire(key, 'new-y', 5)]);
    assert.equal([x, y].filter(Boolean).length, 1, 'one takeover wins');
    await old.release();
    const lease = await cluster().http.get<Lease>(objectPath(LEASES, namespace(), KubeLeaseLock.leaseName(key)));
    assert.match(lease.spec?.holderIdentity ?? '', /^new-/);
    assert.equal(lease.spec?.leaseTransitions, 1);
    assert.match(lease.metadata.name, /^remediator-lock-[0-9a-f]{16}$/);
  });
});
