// The incident ledger with its index, on the real API server: done entries many to a page (one POST for a
// burst), lookups from the index with no read, another replica's index seeing the same, a standby's
// leftover `received` record turned done, a touched entry copied forward and its old page deleted, and
// retention deleting a page with its last entry.
import assert from 'node:assert/strict';
import { INCIDENT_LABEL, KubeIncidentLedger, PHASE_LABEL } from '../../src/adapters/k8s/incidents';
import type { Stream } from '../../src/adapters/k8s/http';
import { PAGE_LABEL } from '../../src/adapters/k8s/ledgerPages';
import { CONFIG_MAPS, listAll, type KubeObject } from '../../src/adapters/k8s/resources';
import { OPEN_PHASES, type IncidentEntry } from '../../src/core/serve/ledger';
import { applyRetention } from '../../src/core/serve/retention';
import { counting } from './counting';
import { until, useCluster } from './harness';

const NOW = new Date();
const holder = { instance: 'inst-a', life: 'a1' };

function entry(key: string, o: Partial<IncidentEntry> = {}): IncidentEntry {
  return { key, holder, phase: 'done', outcome: 'blocked', claimedAt: NOW.toISOString(), expiresAt: NOW.toISOString(), doneAt: NOW.toISOString(), receivedAt: NOW.toISOString(), ...o };
}

describe('cluster: incident ledger pages and index (serve)', function () {
  const { cluster, namespace } = useCluster('pages');
  const ledgers: KubeIncidentLedger[] = [];
  const open = (http = cluster().http, ns = namespace()) => {
    const l = new KubeIncidentLedger(http, ns, { index: true });
    l.start();
    ledgers.push(l);
    return l;
  };
  afterEach(() => { for (const l of ledgers.splice(0)) l.stop(); });
  const pages = async (ns: string) => (await listAll<KubeObject & { data?: Record<string, string> }>(cluster().http, CONFIG_MAPS, ns, { labelSelector: `${PAGE_LABEL}=true` })).items;

  it('a burst of done entries costs a few page writes; lookups need no read; another replica sees them all', async () => {
    const ns = namespace();
    const counted = counting(cluster().http);
    const ledger = open(counted.http, ns);
    const keys = Array.from({ length: 300 }, (_, i) => `fp${i}@2026-12-02T00:00:00Z`);
    const created = await Promise.all(keys.map((k) => ledger.create(entry(k))));
    assert.ok(created.every((c) => c.created));
    const posts = counted.count('POST', /\/configmaps$/);
    assert.ok(posts <= 10, `${posts} POSTs for 300 done entries`);
    assert.equal((await pages(ns)).reduce((n, p) => n + Object.keys(p.data ?? {}).length, 0), 300);

    const before = counted.sent.length;
    const again = await ledger.create(entry(keys[7], { phase: 'claimed' }));
    assert.deepEqual([again.created, again.entry.phase, again.entry.outcome], [false, 'done', 'blocked'], 'a claim of a done incident finds it done');
    assert.equal((await ledger.get(keys[8]))?.phase, 'done');
    assert.equal(await ledger.get('never-seen@2026-12-02T00:00:00Z'), undefined);
    assert.equal(counted.sent.length, before, 'the index answered: no request');

    const other = open(cluster().http, ns);
    assert.equal((await other.get(keys[299]))?.outcome, 'blocked');
    assert.equal((await other.list(['done'])).length, 300);
    assert.deepEqual(await other.list(OPEN_PHASES), []);
  });

  it('claims still get a ConfigMap of their own, and a done page copy wins over a standby\'s leftover received record', async () => {
    const ns = namespace();
    const leader = open(cluster().http, ns);
    const claimed = await leader.create(entry('acting@t', { phase: 'claimed', outcome: undefined, doneAt: undefined }));
    assert.ok(claimed.created);
    assert.equal((await listAll<KubeObject>(cluster().http, CONFIG_MAPS, ns, { labelSelector: `${INCIDENT_LABEL}=true,${PHASE_LABEL}=claimed` })).items.length, 1);
    // The leader decides an alert quietly (a page) while a standby, which has not seen that page, records it.
    await leader.create(entry('quiet@t'));
    const standby = new KubeIncidentLedger(cluster().http, ns);
    assert.ok((await standby.create(entry('quiet@t', { phase: 'received', holder: { instance: 'inst-b', life: 'b1' }, outcome: undefined, doneAt: undefined }))).created);
    await until('the leader indexes the received record', async () => (await listAll<KubeObject>(cluster().http, CONFIG_MAPS, ns, { labelSelector: `${PHASE_LABEL}=received` })).items.length, (n) => n === 1);
    assert.equal((await leader.get('quiet@t'))?.phase, 'done', 'done wins over the leftover');
    const openNow = await until('the sweep sees nothing open', () => leader.list(OPEN_PHASES), (l) => l.every((e) => e.key !== 'quiet@t'));
    assert.deepEqual(openNow.map((e) => e.key), ['acting@t']);
    const turned = await standby.get('quiet@t');
    assert.deepEqual([turned?.phase, turned?.outcome], ['done', 'blocked'], 'the received ConfigMap turned done');
  });

  it('a claim another replica made a moment ago is found, even before this index has seen it', async () => {
    const ns = namespace();
    // a's index lists, then hears nothing more (its watch never delivers): b's claims are news to it.
    const deaf = new Proxy(cluster().http, {
      get(target, key, receiver) {
        if (key === 'stream') return (): Stream => ({ done: new Promise<void>(() => undefined), abort: () => undefined });
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const a = open(deaf, ns);
    const b = open(cluster().http, ns);
    await Promise.all([a.list(OPEN_PHASES), b.list(OPEN_PHASES)]); // both indexes have listed
    for (let i = 0; i < 5; i++) {
      const key = `race${i}@t`;
      const mine = await b.create(entry(key, { phase: 'claimed', outcome: undefined, doneAt: undefined, holder: { instance: 'inst-b', life: 'b1' } }));
      assert.ok(mine.created);
      const theirs = await a.create(entry(key, { phase: 'claimed', outcome: undefined, doneAt: undefined }));
      assert.deepEqual([theirs.created, theirs.entry.holder.instance], [false, 'inst-b'], `race ${i}`);
    }
  });

  it('a touch copies the entry into a new page; the old page goes once nothing is kept from it; retention deletes the last page', async () => {
    const ns = namespace();
    const ledger = open(cluster().http, ns);
    const old = new Date(NOW.getTime() - 3 * 3600_000).toISOString();
    await ledger.create(entry('touched@t', { doneAt: old }));
    const first = (await pages(ns)).map((p) => p.metadata.name);
    assert.equal(first.length, 1);
    const found = await ledger.get('touched@t');
    await ledger.replace({ ...found!, seenAt: NOW.toISOString() });
    assert.equal((await ledger.get('touched@t'))?.seenAt, NOW.toISOString());
    assert.equal((await ledger.list(['done'])).length, 1, 'one entry, the newest copy');
    const now = (await pages(ns)).map((p) => p.metadata.name);
    assert.ok(!now.includes(first[0]), 'the page whose entry moved on is deleted');
    assert.equal(now.length, 1);

    const later = new Date(NOW.getTime() + 2 * 3600_000);
    assert.deepEqual(await applyRetention(ledger, later, 3600), { removed: 1, stamped: 0 });
    assert.equal((await pages(ns)).length, 0);
    assert.equal(await ledger.get('touched@t'), undefined);
  });
});
