import { strict as assert } from 'assert';
import { compactRecord } from '../../../src/adapters/k8s/records';
import { readAuditRecord } from '../../../src/core/audit/shape';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import type { Pod } from '../../../src/core/k8s/types';
import { isReadableInput, type DecisionInput } from '../../../src/core/model/decisionInput';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { SLICE_LIMITS } from '../../../src/core/replay/slice';
import { recordDecision } from '../../support/decisions';
import {
  LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD, LAB_WEB_RS, auditRecord, deployment, labSnapshot, namespaceObj, pdb, pod, replicaSet, runbook, snapshot,
} from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const fastRunbook = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } } });

function inputOf(r: { decisionInput?: unknown }): DecisionInput {
  const d = r.decisionInput as DecisionInput | undefined;
  assert.ok(d && isReadableInput(d), 'the record carries a readable decision input');
  return d;
}

function kinds(d: DecisionInput): string[] {
  return d.state.items.map((i) => `${i.kind}/${i.metadata.name}`);
}

/** A Deployment `big` with `n` pods, the first `unready` of them not Ready (listed first). */
function bigWorkload(n: number, unready: number, extraLabels: Record<string, string> = {}) {
  const rs = 'big-6f7d8c9b5a';
  const pods: Pod[] = Array.from({ length: n }, (_, i) => pod(`${rs}-p${String(i).padStart(4, '0')}`, { app: 'big', owner: rs, ready: i >= unready, labels: extraLabels }));
  return snapshot({
    takenAt: LAB_NOW.toISOString(),
    deployments: [deployment('big', { replicas: n, labels: { 'remediator.kubedojo.io/enabled': 'true' } })],
    replicaSets: [replicaSet(rs, { deployment: 'big', app: 'big', replicas: n })],
    pods,
    namespaces: [namespaceObj(LAB_NAMESPACE)],
  });
}

describe('decision slice: what an audit record keeps of the state its decision read', () => {
  it('the pipeline puts it on the first record of a decision only, and the shared state gets none', async () => {
    const cluster = new MemoryCluster(labSnapshot({ withNamespace: true }));
    cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
    const audit = new MemoryState();
    const state = new MemoryState();
    const deps: PipelineDeps = { reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit], clock: { now: () => new Date() }, newId: () => 'attempt-1' };
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified');
    assert.deepEqual(audit.records.map((x) => [x.outcome, x.decisionInput !== undefined]), [['executed', true], ['verified', false]]);
    const d = inputOf(audit.records[0]);
    assert.equal(d.decidedAt, r.plan.decidedAt);
    assert.deepEqual(d.request, webPod);
    assert.equal(d.incident.symptom, 'manual_restart_recommended');
    assert.ok(state.records.every((x) => x.decisionInput === undefined));
    // The cluster's and the file's state stores keep compact records: a blocked decision's slice never reaches them.
    assert.equal(compactRecord(audit.records[0]).decisionInput, undefined);
  });

  it('a blocked decision carries it too', async () => {
    const cluster = new MemoryCluster(labSnapshot());
    const audit = new MemoryState();
    const deps: PipelineDeps = { reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state: new MemoryState(), audit: [audit], clock: { now: () => new Date() }, newId: () => 'a' };
    const r = await executePlan({ runbook: fastRunbook, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'singleton-7b9c6d4f8d-m2n4r' }, execute: true }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.deepEqual(kinds(inputOf(audit.records[0])).sort(), ['Deployment/singleton', 'Namespace/aiops-remediation-lab', 'Pod/singleton-7b9c6d4f8d-m2n4r', 'ReplicaSet/singleton-7b9c6d4f8d']);
  });

  it('holds the target, its controller chain, its peers, the budgets that cover it and the namespace, and nothing else', () => {
    const s = labSnapshot();
    s.podDisruptionBudgets.push(pdb('web-pdb', { matchLabels: { app: 'web' } }), pdb('other-pdb', { matchLabels: { app: 'singleton' } }));
    const { record } = recordDecision(fastRunbook, s, webPod, { now: LAB_NOW, id: 'x' });
    assert.deepEqual(kinds(inputOf(record)).sort(), [
      'Deployment/web', 'Namespace/aiops-remediation-lab', 'Pod/web-5d8f9c7b6c-q9tzm', 'Pod/web-5d8f9c7b6c-x8k2p', 'PodDisruptionBudget/web-pdb', 'ReplicaSet/web-5d8f9c7b6c',
    ]);
    assert.equal(inputOf(record).truncated, undefined);
  });

  it('keeps only the fields the engine reads: no managedFields, no container spec, annotations only where read', () => {
    const s = labSnapshot();
    const target = s.pods.find((p) => p.metadata.name === LAB_WEB_POD)!;
    Object.assign(target.metadata, { managedFields: [{ manager: 'kubectl' }], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(5000), 'remediator.kubedojo.io/paused': 'true' } });
    Object.assign(target.spec!, { volumes: [{ name: 'v' }] });
    const { record } = recordDecision(fastRunbook, s, webPod, { now: LAB_NOW, id: 'x' });
    const kept = inputOf(record).state.items.find((i) => i.metadata.name === LAB_WEB_POD)!;
    assert.deepEqual(kept.metadata.annotations, { 'remediator.kubedojo.io/paused': 'true' });
    assert.equal((kept.metadata as unknown as Record<string, unknown>).managedFields, undefined);
    assert.equal(((kept as Pod).spec as Record<string, unknown>).volumes, undefined);
    assert.ok(JSON.stringify(inputOf(record)).length < 8000);
  });

  it('keeps the named pod and the Ready ones the replica floor counts (capped, and says so); other pods change no verdict', () => {
    const s = bigWorkload(300, 150);
    const named = { namespace: LAB_NAMESPACE, kind: 'Pod', name: s.pods[0].metadata.name };
    const { record } = recordDecision(fastRunbook, s, named, { now: LAB_NOW, id: 'x' });
    const d = inputOf(record);
    const pods = d.state.items.filter((i) => i.kind === 'Pod') as Pod[];
    assert.equal(pods.length, SLICE_LIMITS.pods);
    assert.equal(pods[0].metadata.name, named.name);
    assert.ok(pods.slice(1).every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')), 'only Ready peers');
    assert.deepEqual(pods[1].status, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, 'a peer keeps only what is counted');
    assert.equal(d.truncated?.pods, 51);
    assert.match(d.truncated!.reason, /kept 100 of the 151 pods the replica floor counts/);
  });

  it('keeps the ReplicaSet of every kept pod, however old, so a peer still counts for its Deployment', () => {
    const s = labSnapshot();
    for (let rev = 2; rev <= 13; rev++) s.replicaSets.push(replicaSet(`web-r${rev}`, { deployment: 'web', app: 'web', revision: rev, replicas: 0 }));
    s.replicaSets[0].metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
    const { record, plan } = recordDecision(fastRunbook, s, webPod, { now: LAB_NOW, id: 'x' });
    const d = inputOf(record);
    const rsNames = d.state.items.filter((i) => i.kind === 'ReplicaSet').map((i) => i.metadata.name);
    assert.ok(rsNames.includes(LAB_WEB_RS), 'the oldest revision stays: the pods are its');
    assert.equal(rsNames.length, SLICE_LIMITS.replicaSets + 1);
    assert.match(d.truncated?.reason ?? '', /kept 11 of 13 ReplicaSets/);
    assert.equal(plan.mode, 'auto_execute');
  });

  it('stays under the byte limit when objects are large', () => {
    const labels: Record<string, string> = {};
    for (let i = 0; i < 60; i++) labels[`example.com/label-${i}`] = 'v'.repeat(60);
    const s = bigWorkload(100, 0, labels);
    const { record } = recordDecision(fastRunbook, s, { namespace: LAB_NAMESPACE, kind: 'Pod', name: s.pods[5].metadata.name }, { now: LAB_NOW, id: 'x' });
    const d = inputOf(record);
    assert.ok(JSON.stringify(d).length <= SLICE_LIMITS.bytes, `${JSON.stringify(d).length} bytes`);
    assert.ok(d.truncated?.pods && d.truncated.pods > 0);
    assert.ok(d.state.items.some((i) => i.metadata.name === s.pods[5].metadata.name), 'the named pod stays');
  });

  it('reads back through the one record reader unchanged; records without it read as before', () => {
    const { record } = recordDecision(fastRunbook, labSnapshot(), webPod, { now: LAB_NOW, id: 'x' });
    const read = readAuditRecord(JSON.parse(JSON.stringify(record)));
    assert.ok(read.ok);
    assert.deepEqual(read.record.decisionInput, JSON.parse(JSON.stringify(record.decisionInput)));
    const old = readAuditRecord(JSON.parse(JSON.stringify(auditRecord())));
    assert.ok(old.ok && old.record.decisionInput === undefined);
  });

  describe('a slice that does not fit keeps its record, marked unreadable', () => {
    const good = () => JSON.parse(JSON.stringify(recordDecision(fastRunbook, labSnapshot(), webPod, { now: LAB_NOW, id: 'x' }).record)) as Record<string, Record<string, unknown>>;
    const cases: [string, (r: Record<string, Record<string, unknown>>) => void, RegExp][] = [
      ['a newer version', (r) => { r.decisionInput.version = 2; }, /version is not 1/],
      ['not an object', (r) => { (r as Record<string, unknown>).decisionInput = 'x'; }, /decisionInput must be an object/],
      ['an item that does not fit its kind', (r) => { ((r.decisionInput.state as { items: unknown[] }).items)[0] = { kind: 'Pod', metadata: { name: 5 } }; }, /items\[0\] does not fit its kind/],
      ['an item of a kind the engine does not read', (r) => { ((r.decisionInput.state as { items: unknown[] }).items).push({ kind: 'Secret', metadata: { name: 's' } }); }, /kind the engine does not read/],
      ['a confidence out of range', (r) => { (r.decisionInput.incident as Record<string, unknown>).confidence = 7; }, /confidence must be from 0 to 1/],
      ['an invalid clock', (r) => { r.decisionInput.decidedAt = 'yesterday'; }, /decidedAt is not a valid time/],
      ['a metric reading of an unknown kind', (r) => { r.decisionInput.metrics = { m: { kind: 'guess' } }; }, /kind must be one of/],
      ['settings without a kill switch', (r) => { delete (r.decisionInput.settings as Record<string, unknown>).killSwitch; }, /killSwitch/],
    ];
    for (const [name, mutate, reason] of cases) {
      it(name, () => {
        const r = good();
        mutate(r);
        const read = readAuditRecord(r);
        assert.ok(read.ok, 'the record itself is still read');
        const d = read.record.decisionInput;
        assert.ok(d && !isReadableInput(d));
        assert.match(d.unreadable, reason);
      });
    }

    it('never lets a key such as __proto__ reach a prototype', () => {
      const line = JSON.stringify(good()).replace('"settings":', '"metrics":{"__proto__":{"kind":"value","value":1}},"settings":');
      const { records } = parseAuditJsonl(`${line}\n`);
      assert.equal(records.length, 1);
      const d = records[0].decisionInput;
      assert.ok(d && isReadableInput(d));
      assert.equal(Object.getPrototypeOf(d.metrics), Object.prototype);
      assert.equal(({} as Record<string, unknown>).kind, undefined);
    });
  });
});
