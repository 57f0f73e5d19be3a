// Indexes and history views are reused only for frozen lists (serve's informer view and shared-state
// version), answer with the asking snapshot's own time, and any other input is indexed afresh.
import { strict as assert } from 'assert';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import { HistoryView } from '../../../src/core/engine/history';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import { LAB_NAMESPACE, LAB_WEB_POD, auditRecord, labSnapshot, runbook } from '../../support/k8s';

function frozenLists(s: ClusterSnapshot): ClusterSnapshot {
  for (const l of [s.pods, s.replicaSets, s.deployments, s.statefulSets, s.podDisruptionBudgets, s.namespaces]) if (l) Object.freeze(l);
  return s;
}

describe('shared indexes for frozen snapshot lists', () => {
  it('the same frozen lists share one index; each snapshot keeps its own time and unreadable namespaces', () => {
    const base = frozenLists(labSnapshot({ takenAt: '2026-01-01T00:00:00.000Z' }));
    const a = SnapshotIndex.of(base);
    const later = { ...base, takenAt: '2026-01-01T00:00:05.000Z', unreadableNamespaces: { other: 'forbidden' } };
    const b = SnapshotIndex.of(later);
    assert.equal(b.pods, a.pods, 'maps shared');
    assert.equal(b.snapshot, later);
    assert.equal(a.snapshot.takenAt, '2026-01-01T00:00:00.000Z');
    assert.equal(b.snapshot.takenAt, '2026-01-01T00:00:05.000Z');
    assert.equal(SnapshotIndex.of(base), a, 'the very snapshot again: the very index');
    // Another list (a pod more): a new index.
    const more = frozenLists({ ...base, pods: [...base.pods] });
    assert.notEqual(SnapshotIndex.of(more).pods, a.pods);
  });

  it('lists that are not frozen are indexed afresh every time (they may change in place)', () => {
    const s = labSnapshot();
    const first = SnapshotIndex.of(s);
    s.pods.pop();
    const second = SnapshotIndex.of(s);
    assert.notEqual(first, second);
    assert.equal(second.distinctPods.length, s.pods.length);
  });

  it('a decision on a shared index equals one on a fresh index, time verdicts included', () => {
    const rb = runbook();
    const target = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
    const now = new Date();
    const frozen = frozenLists(labSnapshot({ takenAt: new Date(now.getTime() - 1000).toISOString() }));
    SnapshotIndex.of(frozen); // indexed once already
    const stale = { ...frozen, takenAt: new Date(now.getTime() - 3600_000).toISOString() };
    const fresh = JSON.parse(JSON.stringify(stale)) as ClusterSnapshot;
    const shared = decideTarget(decisionContext({ runbook: rb, snapshot: stale, history: [], now }), target);
    const own = decideTarget(decisionContext({ runbook: rb, snapshot: fresh, history: [], now }), target);
    assert.deepEqual(shared.verdicts, own.verdicts);
    assert.equal(shared.mode, own.mode);
    assert.equal(shared.verdicts.find((v) => v.guardrail === 'stateFreshness')?.status, own.verdicts.find((v) => v.guardrail === 'stateFreshness')?.status);
  });

  it('history views: a frozen list shares its view, any other list gets its own', () => {
    const records = Object.freeze([auditRecord({ id: 'a' }), auditRecord({ id: 'b' })]) as unknown as Parameters<typeof HistoryView.of>[0];
    assert.equal(HistoryView.of(records), HistoryView.of(records));
    const open = [auditRecord({ id: 'a' })];
    assert.notEqual(HistoryView.of(open), HistoryView.of(open));
  });
});
