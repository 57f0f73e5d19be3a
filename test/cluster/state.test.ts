import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '../../src/core/model/audit';
import { FileStateStore, KubeStateStore } from '../../src/adapters/k8s/state';
import { useCluster } from './harness';

function record(n: number, runbook = 'web-restart', time = new Date()): AuditRecord {
  return {
    id: `attempt-${n}`, time: time.toISOString(), incidentId: `inc-${n}`, runbook,
    target: { namespace: 'lab', kind: 'Pod', name: `web-${n}`, app: 'web' }, mode: 'auto_execute', outcome: 'executed',
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

  it('keeps only the newest records within the window', async function () {
    const store = new KubeStateStore(cluster().http, namespace(), { maxRecords: 3, maxAgeMs: 3600_000 });
    await store.record(record(0, 'trim', new Date(Date.now() - 2 * 3600_000)));
    for (let i = 1; i <= 4; i++) await store.record(record(i, 'trim'));
    assert.deepEqual((await store.history('trim')).map((r) => r.id), ['attempt-2', 'attempt-3', 'attempt-4']);
  });

  it('FileStateStore keeps JSON lines per runbook', async function () {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-state-')), 'state.jsonl');
    const store = new FileStateStore(file);
    assert.deepEqual(await store.history('web-restart'), []);
    await Promise.all([store.record(record(1)), store.record(record(2)), store.record(record(3, 'other'))]);
    assert.deepEqual((await store.history('web-restart')).map((r) => r.id).sort(), ['attempt-1', 'attempt-2']);
  });
});
