import assert from 'node:assert/strict';
import type { Clock } from '../../src/core/ports';
import { LeaderElector } from '../../src/adapters/k8s/leader';
import type { Lease } from '../../src/adapters/k8s/lock';
import { LEASES, objectPath } from '../../src/adapters/k8s/resources';
import { useCluster } from './harness';

/** A clock that starts at the real time and moves only when told. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms) => { now += ms; } };
}

describe('cluster: serve leader election (Lease)', function () {
  const { cluster, namespace } = useCluster('ldr');
  const elector = (identity: string, clock?: Clock) =>
    new LeaderElector(cluster().http, { namespace: namespace(), identity, leaseDurationSeconds: 6, renewEverySeconds: 2, clock });

  it('one leader; the standby sees who; a release hands over at the next look', async function () {
    const a = elector('serve-a');
    const b = elector('serve-b');
    assert.equal(a.known(), false);
    await a.tick();
    await b.tick();
    assert.equal(a.isLeader(), true);
    assert.equal(b.isLeader(), false);
    assert.equal(b.holder(), 'serve-a');
    assert.equal(b.known(), true);
    await a.tick(); // renew
    assert.equal(a.isLeader(), true);
    await a.stop(true);
    assert.equal(a.isLeader(), false);
    await b.tick();
    assert.equal(b.isLeader(), true);
    const lease = await cluster().http.get<Lease>(objectPath(LEASES, namespace(), b.name));
    assert.equal(lease.spec?.holderIdentity, 'serve-b');
    assert.equal(lease.spec?.leaseTransitions, 1);
    await b.stop(true);
  });

  it('a holder that stops renewing is taken over once it expires, by exactly one of two standbys', async function () {
    const old = elector('serve-old');
    await old.tick();
    assert.equal(old.isLeader(), true);
    await old.stop(false); // crashed: the Lease stays, unrenewed
    const early = elector('serve-early');
    await early.tick();
    assert.equal(early.isLeader(), false, 'not expired yet');
    const clock = manualClock();
    clock.advance(7_000);
    const x = elector('serve-x', clock);
    const y = elector('serve-y', clock);
    await Promise.all([x.tick(), y.tick()]);
    assert.equal([x.isLeader(), y.isLeader()].filter(Boolean).length, 1, 'one takeover wins');
    await Promise.all([x.stop(true), y.stop(true)]);
  });

  it('a holder whose renewals stop calls itself leader no longer, before others could take over', async function () {
    const clock = manualClock();
    const a = elector('serve-a', clock);
    await a.tick();
    assert.equal(a.isLeader(), true);
    clock.advance(3_000);
    assert.equal(a.isLeader(), true);
    clock.advance(1_500); // 4.5 s since the renewal: within one renew period of the 6 s expiry
    assert.equal(a.isLeader(), false);
    await a.tick(); // a renewal brings it back
    assert.equal(a.isLeader(), true);
    await a.stop(true);
  });

  it('start() renews in the background, and onChange reports the transitions', async function () {
    const seen: boolean[] = [];
    const a = new LeaderElector(cluster().http, { namespace: namespace(), identity: 'serve-bg', leaseDurationSeconds: 4, renewEverySeconds: 0.2, onChange: (l) => seen.push(l) });
    a.start();
    const deadline = Date.now() + 20_000;
    let renewals = 0;
    let last = '';
    while (renewals < 3 && Date.now() < deadline) {
      await new Promise((r) => setImmediate(r));
      const lease = await cluster().http.get<Lease>(objectPath(LEASES, namespace(), a.name)).catch(() => undefined);
      const t = lease?.spec?.renewTime ?? '';
      if (t && t !== last) { renewals++; last = t; }
    }
    assert.ok(renewals >= 3, `renewed ${renewals} times`);
    await a.stop(true);
    assert.deepEqual(seen, [true, false]);
  });
});
