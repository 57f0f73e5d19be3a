// The incident ledger's index on plain page objects (no network): hostile page data is skipped entry by
// entry, the newest copy of an incident wins whatever order pages arrive in, a page none of whose entries
// is kept any more is listed for deletion, and an index that has not listed refuses with a located reason.
import assert from 'node:assert/strict';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { INCIDENT_LABEL, LedgerIndex, PAGE_LABEL, pageOf, pageVersion } from '../../../src/adapters/k8s/ledgerPages';
import type { IncidentEntry } from '../../../src/core/serve/ledger';

const never = { getText: () => new Promise<string>(() => undefined) } as unknown as KubeHttp;

function entry(key: string, o: Partial<IncidentEntry> = {}): IncidentEntry {
  const t = '2026-12-02T00:00:00.000Z';
  return { key, holder: { instance: 'i', life: 'l' }, phase: 'done', outcome: 'blocked', claimedAt: t, expiresAt: t, doneAt: t, ...o };
}

function page(name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'state', resourceVersion: '7', labels: { [INCIDENT_LABEL]: 'true', [PAGE_LABEL]: 'true' } }, data };
}

describe('incident ledger index (pages)', () => {
  it('skips hostile entries one by one and keeps the readable ones', () => {
    const index = new LedgerIndex(never, 'state');
    index.notePage(page('p1', {
      good: JSON.stringify(entry('k-good')),
      notJson: '{"key":',
      wrongShape: JSON.stringify({ key: 7, phase: 'done' }),
      notDone: JSON.stringify(entry('k-open', { phase: 'claimed' })),
      hugeNumber: JSON.stringify({ ...entry('k-num'), claimedAt: 1e308 }),
      array: '[]',
    }));
    assert.deepEqual(index.pagedEntries().map((e) => e.key), ['k-good']);
    assert.equal(index.pagedEntry('good')?.version, pageVersion('p1'));
    assert.equal(pageOf(index.pagedEntry('good')?.version), 'p1');
    for (const name of ['notJson', 'wrongShape', 'notDone', 'hugeNumber', 'array']) assert.equal(index.pagedEntry(name), undefined, name);
  });

  it('the newest copy of an incident wins in whichever order its pages arrive; a page left with nothing is listed for deletion', () => {
    for (const order of [['old', 'new'], ['new', 'old']]) {
      const index = new LedgerIndex(never, 'state');
      const copies: Record<string, IncidentEntry> = {
        old: entry('k', { doneAt: '2026-12-01T00:00:00.000Z' }),
        new: entry('k', { doneAt: '2026-12-01T00:00:00.000Z', seenAt: '2026-12-02T06:00:00.000Z' }),
      };
      for (const name of order) index.notePage(page(name, { inc: JSON.stringify(copies[name]), [`only-${name}`]: JSON.stringify(entry(`only-${name}`)) }));
      assert.equal(index.pagedEntry('inc')?.seenAt, '2026-12-02T06:00:00.000Z', order.join(' then '));
      assert.equal(pageOf(index.pagedEntry('inc')?.version), 'new');
      assert.deepEqual(index.emptyPages(), [], 'the old page still has an entry of its own');
      assert.equal(index.drop('only-old', 'old'), true, 'its last kept entry');
      assert.deepEqual(index.emptyPages().map((p) => p.name), ['old']);
      index.forgetPage('old');
      assert.equal(pageOf(index.pagedEntry('inc')?.version), 'new', 'forgetting the old page keeps the newer copy');
      assert.equal(index.drop('inc', 'new'), false, 'the new page still holds another entry');
      assert.equal(index.pagedEntry('inc'), undefined);
    }
  });

  it('per-incident ConfigMaps are tracked by name; an index that has not listed refuses, naming the ledger', async () => {
    const index = new LedgerIndex(never, 'state', { firstSyncWaitMs: 1 });
    index.noteEntry('remediator-incident-abc', true);
    assert.equal(index.hasEntry('remediator-incident-abc'), true);
    index.noteEntry('remediator-incident-abc', false);
    assert.equal(index.hasEntry('remediator-incident-abc'), false);
    assert.match(index.problem() ?? '', /^its index is not listed yet$/);
    await assert.rejects(index.ready(), /^ClusterError: incident ledger in state: its index is not listed yet; the alert is tried again later$/);
  });
});
