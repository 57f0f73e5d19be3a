// Access answers reused for a while (serve): kept per permission for the TTL, shared by concurrent
// askers, never kept when the review failed; who-am-I asked once while it answers.
import { strict as assert } from 'assert';
import { CachingAccessReviewer } from '../../../src/adapters/k8s/accessCache';
import type { Permission } from '../../../src/core/engine/plan';
import type { AccessCheck, AccessReviewer } from '../../../src/core/ports';
import { prng } from '../../support/random';

const del: Permission = { verb: 'delete', group: '', resource: 'pods', namespace: 'lab' };
const get: Permission = { verb: 'get', group: '', resource: 'pods', namespace: 'lab' };
const evict: Permission = { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'lab' };

function fakeReviewer(answer: (p: Permission) => boolean | Error) {
  const asked: Permission[] = [];
  let who = 0;
  const inner: AccessReviewer = {
    check: async (ps) => ps.map((p): AccessCheck => {
      asked.push(p);
      const a = answer(p);
      if (a instanceof Error) throw a;
      return { permission: p, allowed: a, ...(a ? {} : { reason: `not allowed to ${p.verb} ${p.resource}` }) };
    }),
    whoAmI: async () => { who++; if (who === 1) throw new Error('server busy'); return 'system:serviceaccount:ops:remediator'; },
  };
  return { inner, asked, whoCalls: () => who };
}

describe('access review cache', () => {
  it('reuses an answer within the TTL, asks again after it, and keys on every attribute', async () => {
    let now = 1_000_000;
    const fake = fakeReviewer((p) => p.verb !== 'delete');
    const cache = new CachingAccessReviewer(fake.inner, { ttlMs: 30_000, clock: { now: () => new Date(now) } });
    const first = await cache.check([del, get, evict]);
    assert.deepEqual(first.map((c) => c.allowed), [false, true, true]);
    assert.match(first[0].reason ?? '', /not allowed to delete pods/);
    await cache.check([del, get, evict, { ...get, namespace: 'other' }, { ...evict, subresource: undefined }]);
    assert.equal(fake.asked.length, 5, 'only the two new attribute sets were asked');
    now += 30_000;
    await cache.check([del]);
    assert.equal(fake.asked.length, 6, 'past the TTL the answer is asked again');
    now -= 60_000; // a clock that went back: never trust an answer from the "future"
    await cache.check([del]);
    assert.equal(fake.asked.length, 7);
  });

  it('concurrent askers share one review; a failed review is not kept and reaches every asker', async () => {
    let fail = true;
    const fake = fakeReviewer(() => (fail ? new Error('connection reset') : true));
    const cache = new CachingAccessReviewer(fake.inner);
    const results = await Promise.allSettled([cache.check([get]), cache.check([get]), cache.check([get])]);
    assert.ok(results.every((r) => r.status === 'rejected' && /connection reset/.test(String(r.reason))));
    assert.equal(fake.asked.length, 1, 'one review for three askers');
    fail = false;
    assert.deepEqual((await cache.check([get])).map((c) => c.allowed), [true], 'the failure was not kept');
    assert.equal(fake.asked.length, 2);
  });

  it('who-am-I: a failure is not kept, an answer is', async () => {
    const fake = fakeReviewer(() => true);
    const cache = new CachingAccessReviewer(fake.inner);
    await assert.rejects(cache.whoAmI(), /server busy/);
    assert.equal(await cache.whoAmI(), 'system:serviceaccount:ops:remediator');
    assert.equal(await cache.whoAmI(), 'system:serviceaccount:ops:remediator');
    assert.equal(fake.whoCalls(), 2);
  });

  it('generated permissions: every answer equals the reviewer\'s, within a bounded number of entries', async () => {
    const random = prng(7);
    const fake = fakeReviewer((p) => (p.namespace.length + p.verb.length) % 3 !== 0);
    const cache = new CachingAccessReviewer(fake.inner, { maxEntries: 16 });
    const verbs = ['get', 'list', 'delete', 'patch', 'create', '__proto__', 'constructor'];
    for (let i = 0; i < 400; i++) {
      const p: Permission = { verb: verbs[Math.floor(random() * verbs.length)], group: random() < 0.5 ? '' : 'apps', resource: 'pods', namespace: `ns-${Math.floor(random() * 12)}` };
      const [c] = await cache.check([p]);
      assert.equal(c.allowed, (p.namespace.length + p.verb.length) % 3 !== 0, JSON.stringify(p));
      assert.deepEqual(c.permission, p);
    }
  });
});
