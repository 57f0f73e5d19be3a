// Attempts of one runbook take turns from the re-check before acting to the write-ahead, so alerts handled
// at the same time on different workloads cannot all pass maxConcurrentActions and all act.
import assert from 'node:assert/strict';
import { readAlertValue } from '../../../src/core/alerts/payload';
import { alertStep } from '../../../src/core/alerts/intake';
import type { PipelineDeps } from '../../../src/core/pipeline/execute';
import { ActionGate, gatedPorts } from '../../../src/core/serve/actionGate';
import { handleAlert, type AlertHandlerDeps } from '../../../src/core/serve/handleAlert';
import { MemoryIncidentLedger } from '../../../src/core/serve/ledger';
import { noMetrics } from '../../../src/core/serve/metrics';
import { ENABLED_LABEL, LAB_NAMESPACE, deployment, pod, replicaSet, runbook, snapshot } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { alert } from '../alerts/payloads';

const APPS = ['alpha', 'beta', 'gamma', 'delta'];
/** Records that end an attempt (as the in-flight count reads them). */
const FINAL = ['verified', 'verification_failed', 'rolled_back', 'verification_inconclusive', 'error'];

function fleet() {
  const enabled = { [ENABLED_LABEL]: 'true' };
  return snapshot({
    deployments: APPS.map((a) => deployment(a, { replicas: 3, labels: enabled })),
    replicaSets: APPS.map((a) => replicaSet(`${a}-5d8f9c7b6c`, { deployment: a, app: a, replicas: 3 })),
    pods: APPS.flatMap((a) => [1, 2, 3].map((i) => pod(`${a}-5d8f9c7b6c-pod0${i}`, { app: a, owner: `${a}-5d8f9c7b6c` }))),
  });
}

/** The most actions in flight at once, from the shared state's write-aheads and final records, in order. */
function peakInFlight(records: readonly { id?: string; outcome: string }[]): number {
  const open = new Set<string>();
  let peak = 0;
  for (const r of records) {
    if (r.outcome === 'executed') open.add(r.id ?? '');
    else if (FINAL.includes(r.outcome)) open.delete(r.id ?? '');
    peak = Math.max(peak, open.size);
  }
  return peak;
}

describe('serve action gate', () => {
  it('gives one turn at a time per key, in arrival order; other keys do not wait; leaving twice is harmless', async () => {
    const gate = new ActionGate();
    const order: string[] = [];
    const leaveA = await gate.enter('rb');
    const b = gate.enter('rb').then((leave) => { order.push('b'); return leave; });
    const c = gate.enter('rb').then((leave) => { order.push('c'); return leave; });
    (await gate.enter('other'))();
    await Promise.resolve();
    assert.deepEqual(order, [], 'b and c wait for a');
    leaveA();
    leaveA();
    const leaveB = await b;
    assert.deepEqual(order, ['b']);
    leaveB();
    (await c)();
    assert.deepEqual(order, ['b', 'c']);
    assert.equal(gate.busy, 0);
  });

  it('the turn starts once the Lease is held and ends at the write-ahead or at the release; no Lease, no turn', async () => {
    const gate = new ActionGate();
    const lock = new MemoryLock();
    const state = new MemoryState();
    const a = gatedPorts(gate, 'rb', { lock, state });
    const b = gatedPorts(gate, 'rb', { lock, state });
    const c = gatedPorts(gate, 'rb', { lock, state });
    const leaseA = await a.lock.tryAcquire('rb|ns|alpha', 'a', 60);
    assert.ok(leaseA);
    assert.equal(await c.lock.tryAcquire('rb|ns|alpha', 'c', 60), undefined, 'the Lease is taken: no turn waited for');
    let bHasTurn = false;
    const leaseB = b.lock.tryAcquire('rb|ns|beta', 'b', 60).then((l) => { bHasTurn = true; return l; });
    await a.state.record({ id: 'a1', outcome: 'blocked' } as never);
    await new Promise((r) => setImmediate(r));
    assert.equal(bHasTurn, false, 'a record other than the write-ahead keeps the turn');
    await a.state.record({ id: 'a1', outcome: 'executed' } as never);
    const handleB = await leaseB;
    assert.ok(handleB && bHasTurn, 'the write-ahead ends the turn');
    assert.deepEqual((await b.state.history('rb')).map((r) => r.outcome), ['blocked', 'executed'], 'the next turn reads the write-ahead');
    await handleB.release();
    await leaseA.release();
    assert.equal(gate.busy, 0);
    assert.equal(lock.held.size, 0);
  });

  it('an attempt waiting for its turn parks its work-queue slot, and resumes it once the turn is its own', async () => {
    const gate = new ActionGate();
    const lock = new MemoryLock();
    const state = new MemoryState();
    const events: string[] = [];
    const slot = { park: () => events.push('park'), resume: () => events.push('resume') };
    const a = gatedPorts(gate, 'rb', { lock, state });
    const b = gatedPorts(gate, 'rb', { lock, state }, slot);
    const leaseA = await a.lock.tryAcquire('rb|ns|alpha', 'a', 60);
    const leaseB = b.lock.tryAcquire('rb|ns|beta', 'b', 60).then((l) => { events.push('turn'); return l; });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, ['park'], 'parked while a has the turn');
    await a.state.record({ id: 'a1', outcome: 'executed' } as never);
    const handleB = await leaseB;
    assert.deepEqual(events, ['park', 'resume', 'turn']);
    assert.equal(b.lock.heldHere, undefined, 'a lock without heldHere is not given one');
    await handleB!.release();
    await leaseA!.release();
    const held = gatedPorts(gate, 'rb', { lock: { heldHere: (k) => k === 'x', tryAcquire: async () => undefined }, state });
    assert.deepEqual([held.lock.heldHere?.('x'), held.lock.heldHere?.('y')], [true, false], 'heldHere is passed through');
  });

  it('alerts on four workloads at once under maxConcurrentActions 1: never more than one action in flight', async () => {
    const cluster = new MemoryCluster(fleet());
    let replacements = 0;
    cluster.onDelete = (gone) => queueMicrotask(() => cluster.change((s) => {
      s.pods.push(pod(`${gone.metadata.labels?.app}-5d8f9c7b6c-new0${++replacements}`, { app: gone.metadata.labels?.app, owner: `${gone.metadata.labels?.app}-5d8f9c7b6c` }));
    }));
    const state = new MemoryState();
    const audit = new MemoryState();
    let ids = 0;
    const pipeline: PipelineDeps = {
      reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit], clock: { now: () => new Date() }, newId: () => `attempt-${++ids}`,
    };
    const rb = runbook({
      spec: {
        triggers: { symptoms: ['CrashLoopBackOff'], probableCauses: ['pod_process_hung'], minimumConfidence: 0.8, alerts: [{ alertname: 'PodNotReady' }] },
        verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 5 },
      },
      guardrails: { maxConcurrentActions: 1 },
    });
    const deps: AlertHandlerDeps = {
      pipeline, ledger: new MemoryIncidentLedger(), metrics: noMetrics, holder: { instance: 'i', life: 'l' },
      actor: 'system:serviceaccount:ops:remediator', runbooks: [rb], claimSeconds: 60, log: () => undefined,
    };
    const steps = APPS.map((a, i) => {
      const read = readAlertValue(alert({
        fingerprint: `f${i}`,
        labels: { alertname: 'PodNotReady', namespace: LAB_NAMESPACE, pod: `${a}-5d8f9c7b6c-pod01`, symptom: 'CrashLoopBackOff' },
      }));
      assert.ok(read.ok);
      return alertStep(read.alert, [rb]);
    });
    const results = await Promise.all(steps.map((s) => handleAlert(s, new Date(), deps)));
    const actedOn = audit.records.filter((r) => r.outcome === 'executed').length;
    assert.ok(actedOn >= 1, `one alert acts: ${results.join(', ')}`);
    assert.equal(peakInFlight(state.records), 1, state.records.map((r) => `${r.id} ${r.outcome}`).join(', '));
    assert.equal(audit.records.filter((r) => r.incidentId).length >= APPS.length, true, 'every alert is decided and recorded');
  });
});
