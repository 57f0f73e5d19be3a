// The informers' views are shape-checked once per object, not once per view: an object that passed stays
// passed (a changed object is a new object), and anything new is checked as a full snapshot would be.
import { strict as assert } from 'assert';
import { checked, checkedSince } from '../../../src/adapters/k8s/reader';
import { ClusterError } from '../../../src/core/ports';
import type { ClusterSnapshot, Pod } from '../../../src/core/k8s/types';
import { pod } from '../../support/k8s';

function view(pods: unknown[]): ClusterSnapshot {
  return { pods: pods as Pod[], replicaSets: [], deployments: [], statefulSets: [], podDisruptionBudgets: [] };
}

describe('checkedSince: shape checks of informer views', () => {
  it('a malformed new object throws like checked, whatever passed before; the good ones are remembered', () => {
    const seen = new WeakSet<object>();
    const a = pod('web-a', { app: 'web' });
    const b = pod('web-b', { app: 'web' });
    assert.equal(checkedSince(view([a, b]), seen).pods.length, 2);
    assert.ok(seen.has(a) && seen.has(b));
    const broken = { ...pod('web-c', { app: 'web' }), metadata: { name: 42 } };
    const want = (() => { try { checked(view([broken])); } catch (err) { return (err as Error).message; } return 'no error'; })();
    assert.throws(() => checkedSince(view([a, b, broken]), seen), (err: unknown) => err instanceof ClusterError && err.message === want);
    assert.equal(seen.has(broken), false, 'a refused object is not remembered');
  });

  it('an object already seen is not checked again; its replacement (a new object) is', () => {
    const seen = new WeakSet<object>();
    const a = pod('web-a', { app: 'web' });
    checkedSince(view([a]), seen);
    // Only an in-place edit could sneak past (informers replace objects): this shows the check is skipped.
    (a.metadata as { name: unknown }).name = 42;
    assert.doesNotThrow(() => checkedSince(view([a]), seen));
    const replaced = { ...a, metadata: { ...a.metadata } };
    assert.throws(() => checkedSince(view([replaced]), seen), ClusterError);
  });

  it('non-objects in a list are checked every time (never remembered)', () => {
    const seen = new WeakSet<object>();
    assert.throws(() => checkedSince(view([null]), seen), ClusterError);
    assert.throws(() => checkedSince(view(['pod']), seen), ClusterError);
  });
});
