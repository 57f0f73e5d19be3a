import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/core/model/audit';
import { FileStateStore, KubeStateStore } from '../../src/adapters/k8s/state';
import { counting } from './counting';
import { useCluster } from './harness';

function record(n: number, runbook = 'web-restart', time = new Date(), outcome: AuditRecord['outcome'] = 'executed'): AuditRecord {
  return {
    id: `attempt-${n}`, time: time.toISOString(), incidentId: `inc-${n}`, runbook,
    target: { namespace: 'lab', kind: 'Pod', name: `web-${n}`, app: 'web' }, mode: 'auto_execute', outcome,
    verdicts: [{ guardrail: 'cooldownMinutes', status: 'pass', reason: 'ok', evidence: {} }] as unknown as AuditRecord['verdicts'],
    action: { type: 'deletePod', description: 'long text' }, actor: 'tester',
  };
}

describe('cluster: state store', function () {
  const { cluster, namespace } = useCluster('st');

  it('concurrent appends from several actors lose no record', async function () {
    const stores = [1, 2, 3, 4].map(() => new KubeStateStore(cluster().http, namespace(), { attempts: 20 }));
    await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % stores.length].record(record(i))));
    const history = await stores[0].history('web-restart');
    assert.deepEqual(history.map((r) => r.id).sort(), Array.from({ length: 12 }, (_, i) => `attempt-${i}`).sort());
    assert.deepEqual(history[0].action, { type: 'deletePod' }, 'compact records');
    assert.deepEqual(await stores[0].history('other-runbook'), []);
  });

  it('keeps the newest decisions that did nothing, and every action however many blocked decisions follow', async function () {
    const store = new KubeStateStore(cluster().http, namespace(), { maxOtherRecords: 3, otherMaxAgeMs: 3600_000 });
    await store.record(record(0, 'trim', new Date(Date.now() - 2 * 3600_000), 'blocked'));
    await store.record(record(1, 'trim', new Date(Date.now() - 2 * 24 * 3600_000), 'executed'));
    for (let i = 2; i <= 7; i++) await store.record(record(i, 'trim', new Date(), 'blocked'));
    // The two-day-old action stays (a cooldown may be longer than a day); blocked ones: the newest 3.
    assert.deepEqual((await store.history('trim')).map((r) => r.id), ['attempt-1', 'attempt-5', 'attempt-6', 'attempt-7']);
  });

  it('FileStateStore keeps JSON lines per runbook', async function () {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-state-')), 'state.jsonl');
    const store = new FileStateStore(file);
    assert.deepEqual(await store.history('web-restart'), []);
    await Promise.all([store.record(record(1)), store.record(record(2)), store.record(record(3, 'other'))]);
    assert.deepEqual((await store.history('web-restart')).map((r) => r.id).sort(), ['attempt-1', 'attempt-2']);
  });
  it('records made at the same time share writes; each call resolves once its record is in the ConfigMap', async function () {
    const counted = counting(cluster().http);
    const store = new KubeStateStore(counted.http, namespace());
    const other = new KubeStateStore(cluster().http, namespace());
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.record(record(i, 'batched')).then(async () => {
      // Another actor (its own store, a fresh read) already sees it.
      assert.ok((await other.history('batched')).some((r) => r.id === `attempt-${i}`), `record ${i} resolved before it was written`);
    })));
    const writes = counted.count('PUT', '/configmaps/') + counted.count('POST', '/configmaps');
    assert.ok(writes < 40, `40 records in ${writes} writes`);
    assert.equal((await other.history('batched')).length, 40);
  });

  it('noted decisions go out together after the linger; settle writes the rest; a failed write is reported, not thrown', async function () {
    const counted = counting(cluster().http);
    const store = new KubeStateStore(counted.http, namespace());
    const failures: string[] = [];
    store.lingerNotes(60_000, (err, r) => failures.push(`${r.id}: ${err.message}`));
    for (let i = 0; i < 25; i++) store.note(record(i, 'noted', new Date(), 'blocked'));
    assert.equal(counted.count('PUT', '/configmaps/') + counted.count('POST', '/configmaps'), 0, 'nothing written while they linger');
    // An action record does not wait for the linger, and takes the noted ones with it.
    await store.record(record(99, 'noted'));
    assert.equal((await store.history('noted')).length, 26);
    for (let i = 30; i < 35; i++) store.note(record(i, 'noted', new Date(), 'blocked'));
    await store.settle();
    assert.equal((await store.history('noted')).length, 31);
    assert.equal(failures.length, 0);
    // A store whose namespace cannot be written: the failure reaches the callback, never the caller.
    const broken = new KubeStateStore(cluster().http, 'Not_A_Valid_Namespace');
    broken.lingerNotes(10, (err, r) => failures.push(`${r.id}: ${err.message}`));
    broken.note(record(1, 'noted', new Date(), 'blocked'));
    await broken.settle();
    assert.equal(failures.length, 1);
    assert.match(failures[0], /^attempt-1: /);
  });

  it('notes arriving during a write wait the linger, not one write after another; a record ends the wait at once', async function () {
    const counted = counting(cluster().http);
    const store = new KubeStateStore(counted.http, namespace());
    store.lingerNotes(60_000, () => undefined);
    const writes = () => counted.count('PUT', '/configmaps/') + counted.count('POST', '/configmaps');
    // A record starts the write loop; notes queued while it writes would be the next batch.
    const first = store.record(record(1, 'paced'));
    for (let i = 10; i < 20; i++) store.note(record(i, 'paced', new Date(), 'blocked'));
    await first;
    const afterFirst = writes();
    for (let i = 20; i < 30; i++) store.note(record(i, 'paced', new Date(), 'blocked'));
    assert.equal(writes(), afterFirst, 'the notes wait (a 60 s linger: the test would time out if the record below did not end it)');
    await store.record(record(2, 'paced'));
    assert.equal((await store.history('paced')).length, 22, 'the record took every waiting note with it');
    assert.ok(writes() - afterFirst <= 2, `${writes() - afterFirst} writes after the first`);
    for (let i = 30; i < 35; i++) store.note(record(i, 'paced', new Date(), 'blocked'));
    await store.settle();
    assert.equal((await store.history('paced')).length, 27, 'settle ends the wait too');
  });

  it('recentHistory reuses what this store just wrote or read; history always reads again', async function () {
    const counted = counting(cluster().http);
    let now = Date.now();
    const store = new KubeStateStore(counted.http, namespace(), { clock: { now: () => new Date(now) } });
    await store.record(record(1, 'recent'));
    const reads = () => counted.count('GET', '/configmaps/');
    const before = reads();
    assert.deepEqual((await store.recentHistory('recent', 60_000)).map((r) => r.id), ['attempt-1']);
    assert.equal(reads(), before, 'the write answered it');
    // Another actor writes: a fresh history sees it; a recent one may not until its age passes.
    await new KubeStateStore(cluster().http, namespace()).record(record(2, 'recent'));
    assert.deepEqual((await store.history('recent')).map((r) => r.id).sort(), ['attempt-1', 'attempt-2']);
    assert.equal(reads(), before + 1);
    now += 5000;
    await Promise.all([store.recentHistory('recent', 1000), store.recentHistory('recent', 1000), store.recentHistory('recent', 1000)]);
    assert.equal(reads(), before + 2, 'callers at the same time share one read');
  });
});
