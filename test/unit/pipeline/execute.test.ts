import { strict as assert } from 'assert';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import type { AccessReviewer } from '../../../src/core/ports';
import { LAB_NAMESPACE, LAB_WEB_POD, labSnapshot, pod, runbook, LAB_WEB_RS } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const fastRunbook = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } } });

function setup(access: AccessReviewer = allowAll) {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  const state = new MemoryState();
  const audit = new MemoryState();
  const lock = new MemoryLock();
  let n = 0;
  const deps: PipelineDeps = { reader: cluster, writer: cluster, access, lock, state, audit: [audit], clock: { now: () => new Date() }, newId: () => `attempt-${++n}` };
  return { cluster, state, audit, lock, deps };
}

const replacementController = (cluster: MemoryCluster) => {
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
};

describe('execution pipeline (in-memory ports)', () => {
  it('re-decides, dry-runs on the server, acts once, verifies and records every step', async () => {
    const { cluster, audit, state, deps, lock } = setup();
    replacementController(cluster);
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified', JSON.stringify(r.records.map((x) => x.message)));
    assert.deepEqual(cluster.applied.map((a) => a.dryRun), [true, false]);
    assert.ok(cluster.snapshots >= 2, 'state is read again right before acting');
    assert.deepEqual(audit.records.map((x) => x.outcome), ['executed', 'verified']);
    assert.deepEqual(state.records.map((x) => x.outcome), ['executed', 'verified']);
    assert.equal(audit.records[0].id, audit.records[1].id);
    assert.equal(lock.held.size, 0, 'the lock is released');
  });

  it('fails verification when no replacement becomes Ready, and counts it', async () => {
    const { deps, audit } = setup();
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verification_failed');
    assert.match(r.records.at(-1)!.message!, /open_incident_and_disable_runbook/);
    assert.deepEqual(audit.records.map((x) => x.outcome), ['executed', 'verification_failed']);
    const again = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.notEqual(again.outcome, 'executed');
  });

  it('records "did nothing" for a blocked target and never acts', async () => {
    const { cluster, deps, audit } = setup();
    const r = await executePlan({ runbook: fastRunbook, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'singleton-7b9c6d4f8d-m2n4r' }, execute: true }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.equal(cluster.applied.length, 0);
    assert.equal(audit.records.length, 1);
  });

  it('dry-run runs only the server-side dry run', async () => {
    const { cluster, deps } = setup();
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: false }, deps);
    assert.equal(r.outcome, 'dry_run');
    assert.deepEqual(cluster.applied.map((a) => a.dryRun), [true]);
  });

  it('aborts as stale when the target changed since the plan shown', async () => {
    const { cluster, deps } = setup();
    const shown = (await executePlan({ runbook: fastRunbook, target: webPod, execute: false }, deps)).plan;
    cluster.change((s) => { s.pods.find((p) => p.metadata.name === LAB_WEB_POD)!.metadata.uid = 'replaced-uid'; });
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true, expected: shown }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message!, /stale/);
    assert.equal(cluster.applied.filter((a) => !a.dryRun).length, 0);
  });

  it('refuses approval_required without approval and names missing permissions', async () => {
    const high = runbook({ spec: { risk: 'high' } });
    const a = setup();
    assert.equal((await executePlan({ runbook: high, target: webPod, execute: true }, a.deps)).outcome, 'approval_pending');
    const denied: AccessReviewer = { ...allowAll, check: async (ps) => ps.map((permission) => ({ permission, allowed: permission.verb !== 'delete' })) };
    const b = setup(denied);
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, b.deps);
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message!, /missing permission: delete pods in aiops-remediation-lab/);
    assert.equal(b.cluster.applied.length, 0);
  });

  it('one actor per key: a held lock blocks the second', async () => {
    const { deps, lock } = setup();
    await lock.tryAcquire(`replace-redundant-pod|${LAB_NAMESPACE}|web`);
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message!, /lock/);
  });

  it('no shared-state record, no action (write-ahead fails closed)', async () => {
    const { cluster, deps, audit, state } = setup();
    state.record = async () => { throw new Error('apiserver unavailable'); };
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'error');
    assert.match(audit.records.at(-1)!.message!, /shared state could not be updated, so nothing was done/);
    assert.equal(cluster.applied.filter((a) => !a.dryRun).length, 0);
  });

  it('a declined confirmation does nothing and is recorded', async () => {
    const { cluster, deps, audit } = setup();
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true, confirm: async () => false }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.equal(cluster.applied.filter((a) => !a.dryRun).length, 0);
    assert.match(audit.records[0].message!, /declined/);
  });
});
