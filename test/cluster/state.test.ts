import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/core/model/audit';
import { FileStateStore, KubeStateStore } from '../../src/adapters/k8s/state';
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
});
