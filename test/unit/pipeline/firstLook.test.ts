// The pipeline's first look (serve: informers and the shared state as of a moment ago) decides first;
// the re-check right before acting always reads the live ports, so a stale first look costs a refusal,
// never an action; and a decision that changed nothing goes to the store's `note` when it has one.
import { strict as assert } from 'assert';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, incident, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const fastRunbook = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } } });

function setup() {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  const state = new MemoryState();
  const audit = new MemoryState();
  let n = 0;
  const deps: PipelineDeps = { reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit], clock: { now: () => new Date() }, newId: () => `attempt-${++n}` };
  return { cluster, state, audit, deps };
}

/** An executed record of the runbook on the web app a minute ago: the cooldown blocks another action. */
function recentAction(): AuditRecord {
  return {
    id: 'earlier', incidentId: 'earlier-incident', time: new Date(Date.now() - 60_000).toISOString(), runbook: fastRunbook.metadata.name,
    target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'web-5d8f9c7b6c-old01', app: 'web' }, mode: 'auto_execute', outcome: 'executed',
    verdicts: [], action: { type: 'deletePod' }, actor: 'someone',
  };
}

describe('pipeline first look', () => {
  it('a first look that misses a newer action lets the re-check, on the live state, refuse: nothing is done', async () => {
    const { cluster, state, deps } = setup();
    state.records.push(recentAction());
    let firstLooks = 0;
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, {
      ...deps,
      firstLook: { history: async () => { firstLooks++; return []; } },
    });
    assert.equal(firstLooks, 1, 'the first look is asked once, for the first decision only');
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message ?? '', /^stale: the re-check right before acting decided/);
    assert.equal(cluster.applied.filter((a) => !a.dryRun).length, 0, 'nothing was deleted');
  });

  it('a first look of workloads that differs from the live one never reaches the action', async () => {
    const { cluster, deps } = setup();
    const cached = await cluster.snapshot();
    // Live, the pod was replaced meanwhile (another uid): the re-check sees another object and refuses.
    cluster.change((s) => { s.pods.find((p) => p.metadata.name === LAB_WEB_POD)!.metadata.uid = 'replaced-uid'; });
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, {
      ...deps, firstLook: { snapshot: async (): Promise<ClusterSnapshot> => ({ ...cached, takenAt: new Date().toISOString() }) },
    });
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message ?? '', /stale/);
    assert.equal(cluster.applied.filter((a) => !a.dryRun).length, 0);
  });

  it('with a first look that agrees, the action runs and the live state is read right before it', async () => {
    const { cluster, deps } = setup();
    cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
    const before = cluster.snapshots;
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, {
      ...deps, firstLook: { snapshot: (scope) => cluster.snapshot(scope), history: async () => [] },
    });
    assert.equal(r.outcome, 'verified');
    assert.ok(cluster.snapshots - before >= 2, 'the first look and the live re-check both read');
  });

  it('a decision that changed nothing goes to the store\'s note; an action record is awaited through record', async () => {
    const { deps, state } = setup();
    const noted: AuditRecord[] = [];
    const store = { history: state.history.bind(state), record: state.record.bind(state), note: (r: AuditRecord) => { noted.push(r); } };
    const blocked = await executePlan({ runbook: fastRunbook, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'singleton-7b9c6d4f8d-m2n4r' }, execute: true }, { ...deps, state: store });
    assert.equal(blocked.outcome, 'blocked');
    assert.deepEqual(noted.map((r) => r.outcome), ['blocked']);
    assert.equal(state.records.length, 0);
    const acted = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, { ...deps, state: store });
    assert.equal(acted.outcome, 'verification_failed');
    assert.deepEqual(state.records.map((r) => r.outcome), ['executed', 'verification_failed'], 'the write-ahead and the failure are written, not noted');
    assert.equal(noted.length, 1);
  });
  it('a pod action\'s re-check reads live only around the pod (its app, its workload), with the dry run alongside', async () => {
    const { cluster, state, deps } = setup();
    state.records.push(recentAction());
    const cached = await cluster.snapshot();
    const before = cluster.snapshots;
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, {
      ...deps, firstLook: { snapshot: async () => ({ ...cached, takenAt: new Date().toISOString() }), history: async () => [] },
    });
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message ?? '', /^stale: the re-check right before acting decided abort/);
    assert.equal(cluster.snapshots - before, 1, 'one live read');
    assert.deepEqual(cluster.scopes[cluster.scopes.length - 1], {
      namespaces: [LAB_NAMESPACE], includeNamespaces: true, around: { pod: LAB_WEB_POD, app: 'web', workload: { kind: 'Deployment', name: 'web' } },
    });
    assert.deepEqual(cluster.applied.map((a) => a.dryRun), [true], 'only the server-side dry run, nothing changed');
  });

  it('a workload action refused by the shared state read afresh costs no live read of the workloads', async () => {
    const { cluster, state, deps } = setup();
    const restart = runbook({ spec: { action: { type: 'rolloutRestart' }, verification: { checks: ['rollout_complete'], timeoutSeconds: 1 } } });
    state.records.push({ ...recentAction(), runbook: restart.metadata.name, target: { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'web', app: 'web' }, action: { type: 'rolloutRestart' } });
    const cached = await cluster.snapshot();
    const before = cluster.snapshots;
    const r = await executePlan({ runbook: restart, target: { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'web' }, incident: incident(), execute: true }, {
      ...deps, firstLook: { snapshot: async () => ({ ...cached, takenAt: new Date().toISOString() }), history: async () => [] },
    });
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message ?? '', /^stale: the re-check right before acting decided abort/);
    assert.equal(cluster.snapshots, before, 'no live snapshot was taken');
    assert.equal(cluster.applied.length, 0, 'not even the server-side dry run');
  });

  it('held by another attempt of this process: refused before the claim and the Lease', async () => {
    const { cluster, deps } = setup();
    const key = `${fastRunbook.metadata.name}|${LAB_NAMESPACE}|web`;
    let claims = 0;
    let asked = 0;
    const lock = { heldHere: (k: string) => k === key, tryAcquire: async () => { asked++; return undefined; } };
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, { ...deps, lock, beforeChange: async () => { claims++; } });
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records[0].message ?? '', /another remediation holds the lock for this workload; nothing done/);
    assert.deepEqual({ claims, asked, applied: cluster.applied.length }, { claims: 0, asked: 0, applied: 0 });
  });
});
