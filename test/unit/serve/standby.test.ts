// Leadership in the serve handler, on in-memory ports: a standby records firing alerts in the ledger as
// `received`; a leader claims them (once, whoever else tries); a new leader picks up what nobody finished.
import assert from 'node:assert/strict';
import { readAlertValue } from '../../../src/core/alerts/payload';
import { alertStep } from '../../../src/core/alerts/intake';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { PipelineDeps } from '../../../src/core/pipeline/execute';
import { handleAlert, type AlertHandlerDeps } from '../../../src/core/serve/handleAlert';
import { MemoryIncidentLedger, OPEN_PHASES, type Holder, type IncidentEntry } from '../../../src/core/serve/ledger';
import { readIncidentEntry } from '../../../src/core/serve/ledgerRecord';
import { noMetrics } from '../../../src/core/serve/metrics';
import { entriesToPickUp, recordForLeader } from '../../../src/core/serve/standby';
import { hostileLabelValue, seededRandom } from '../../support/seeded';
import { alert } from '../alerts/payloads';

const NOW = new Date('2026-12-02T00:00:00Z');
const clock = { now: () => NOW };

function handlerDeps(ledger: MemoryIncidentLedger, holder: Holder, audit: AuditRecord[]): AlertHandlerDeps {
  let ids = 0;
  const pipeline = {
    audit: [{ write: async (r: AuditRecord) => { audit.push(r); } }],
    state: { history: async () => [], record: async () => undefined },
    clock, newId: () => `${holder.instance}-${++ids}`,
  } as unknown as PipelineDeps;
  return { pipeline, ledger, metrics: noMetrics, holder, actor: 'sa', runbooks: [], claimSeconds: 60, log: () => undefined };
}

function step(o: Parameters<typeof alert>[0] = {}) {
  const read = readAlertValue(alert(o));
  assert.ok(read.ok);
  return alertStep(read.alert, []);
}

const A: Holder = { instance: 'inst-a', life: 'a1' };
const B: Holder = { instance: 'inst-b', life: 'b1' };

describe('serve leadership: standby records, leader acts', () => {
  it('a standby records a firing alert once; the leader claims it as new and decides it', async () => {
    const ledger = new MemoryIncidentLedger();
    const audit: AuditRecord[] = [];
    assert.equal(await recordForLeader(step(), NOW, { ledger, holder: B, clock }), 'standby: recorded for the leader');
    assert.match(await recordForLeader(step(), NOW, { ledger, holder: B, clock }), /^standby: incident \S+ is already recorded \(received\)$/);
    const [open] = await ledger.list(OPEN_PHASES);
    assert.equal(open.phase, 'received');
    assert.equal(open.alert?.labels.pod, 'web-7d4b9-abcde', 'the alert is kept for the leader');
    assert.deepEqual(entriesToPickUp([open], A, NOW).map((e) => e.key), [open.key]);

    assert.equal(await handleAlert(step(), NOW, handlerDeps(ledger, A, audit)), 'manual');
    const done = await ledger.get(open.key);
    assert.deepEqual([done?.phase, done?.holder, done?.doneAt], ['done', A, NOW.toISOString()]);
    assert.equal(audit.length, 1);
    assert.match(await recordForLeader(step(), NOW, { ledger, holder: B, clock }), /already recorded \(done, manual\)/);
    assert.deepEqual(await ledger.list(OPEN_PHASES), []);
  });

  it('pick-up: received entries and expired or own earlier claims, never a live holder\'s or a done one', () => {
    const base = { key: 'k', claimedAt: NOW.toISOString(), expiresAt: NOW.toISOString(), alert: readAlertValue(alert()).ok ? (readAlertValue(alert()) as { alert: IncidentEntry['alert'] }).alert : undefined };
    const later = new Date(NOW.getTime() + 60_000).toISOString();
    const entries: IncidentEntry[] = [
      { ...base, key: 'received', holder: B, phase: 'received' },
      { ...base, key: 'live', holder: B, phase: 'acting', expiresAt: later },
      { ...base, key: 'expired', holder: B, phase: 'acting', expiresAt: new Date(NOW.getTime() - 1).toISOString() },
      { ...base, key: 'mine-earlier', holder: { instance: A.instance, life: 'a0' }, phase: 'claimed', expiresAt: later },
      { ...base, key: 'mine-now', holder: A, phase: 'claimed', expiresAt: later },
      { ...base, key: 'done', holder: B, phase: 'done' },
      { ...base, key: 'no-alert', holder: B, phase: 'received', alert: undefined },
    ];
    assert.deepEqual(entriesToPickUp(entries, A, NOW).map((e) => e.key), ['received', 'expired', 'mine-earlier']);
  });

  it('resolved on a standby before the leader decided: resolved before action, the leader does nothing', async () => {
    const ledger = new MemoryIncidentLedger();
    const audit: AuditRecord[] = [];
    await recordForLeader(step(), NOW, { ledger, holder: B, clock });
    assert.equal(await handleAlert(step({ status: 'resolved' }), NOW, handlerDeps(ledger, B, audit)), 'resolved before action');
    assert.match(await handleAlert(step(), NOW, handlerDeps(ledger, A, audit)), /already handled \(resolved_before_action\)/);
    assert.deepEqual(audit.map((r) => r.message), ['resolved before action; nothing done']);
  });

  it('generated: hostile labels, random interleavings of standbys and two would-be leaders; each leader decides an incident once', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = seededRandom(seed);
      const ledger = new MemoryIncidentLedger();
      const audit: AuditRecord[] = [];
      const leaders = [handlerDeps(ledger, A, audit), handlerDeps(ledger, B, audit)];
      const incidents = Array.from({ length: 1 + Math.floor(next() * 5) }, (_, i) => step({
        fingerprint: `f${seed.toString(16)}0${i}`, labels: { alertname: hostileLabelValue(next), namespace: 'lab', pod: hostileLabelValue(next), note: hostileLabelValue(next) },
      }));
      const moves: Promise<unknown>[] = [];
      // Like serve's work queue, one process takes the copies of one incident one after another.
      const turns = new Map<string, Promise<unknown>>();
      const inTurn = (who: string, s: ReturnType<typeof step>, run: () => Promise<unknown>) => {
        const key = `${who} ${s.derived.incident.id}`;
        const p = (turns.get(key) ?? Promise.resolve()).then(run);
        turns.set(key, p);
        return p;
      };
      for (let m = 0; m < incidents.length * 4; m++) {
        const s = incidents[Math.floor(next() * incidents.length)];
        const who = next();
        const holder = next() < 0.5 ? A : B;
        if (who < 0.4) moves.push(inTurn(holder.instance, s, () => recordForLeader(s, NOW, { ledger, holder, clock })));
        else moves.push(inTurn(who < 0.7 ? A.instance : B.instance, s, () => handleAlert(s, NOW, leaders[who < 0.7 ? 0 : 1])));
      }
      await Promise.all(moves);
      // Whatever is still open is picked up by a leader; then every incident that was decided, was decided once.
      for (const e of entriesToPickUp(await ledger.list(OPEN_PHASES), A, NOW)) await handleAlert(alertStep(e.alert!, []), NOW, leaders[0]);
      // Two leaders at once (a split brain) may each record a decision that changed nothing (serve claims an
      // incident only before a change, see lateClaim.test.ts); one leader never decides an incident twice.
      const decided = new Map<string, number>();
      for (const r of audit) {
        const key = `${(r.id ?? '').replace(/-\d+$/, '')} ${r.incidentId}`;
        decided.set(key, (decided.get(key) ?? 0) + 1);
      }
      assert.ok([...decided.values()].every((n) => n === 1), `seed ${seed}: ${JSON.stringify([...decided])}`);
      const recorded = new Set(audit.map((r) => r.incidentId));
      assert.ok((await ledger.list(['done'])).every((e) => recorded.has(e.key)), `seed ${seed}: every handled incident has its decision`);
      assert.deepEqual(await ledger.list(OPEN_PHASES), [], `seed ${seed}: nothing left open`);
      for (const e of await ledger.list(['done'])) {
        const copy = structuredClone(e);
        delete copy.version;
        assert.deepEqual(readIncidentEntry(JSON.parse(JSON.stringify(copy))), { ok: true, entry: copy }, `seed ${seed}: the stored entry reads back`);
      }
    }
  });
});
