// Re-verification (the CLI's verify --audit-id and the editor's Verify) records its result through the
// pipeline's audit path: every sink and the shared state, so a failed re-verification opens the circuit
// breaker for the next decision, once per attempt however often it is re-verified.
import { strict as assert } from 'assert';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import { executePlan } from '../../../src/core/pipeline/execute';
import { reverifyAndRecord } from '../../../src/core/pipeline/reverify';
import { LAB_NAMESPACE, LAB_WEB_PEER, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, memoryPipeline, type MemoryState } from '../../support/memoryCluster';

const NEW_POD = 'web-5d8f9c7b6c-new01';
// One failed verification disables this runbook (escalation open_incident_and_disable_runbook): the breaker opens at 1.
const fastRunbook = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } } });

async function executedAndVerified() {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  const { audit, state, deps } = memoryPipeline(cluster);
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod(NEW_POD, { app: 'web', owner: LAB_WEB_RS })); }));
  const r = await executePlan({ runbook: fastRunbook, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD }, execute: true }, deps);
  assert.equal(r.outcome, 'verified');
  const executed = audit.records.find((rec) => rec.outcome === 'executed')!;
  return { cluster, audit, state, deps, executed };
}

function breakerOnPeer(state: MemoryState) {
  const ctx = decisionContext({ runbook: fastRunbook, snapshot: labSnapshot(), history: state.records, now: new Date() });
  return decideTarget(ctx, { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_PEER }).verdicts.find((v) => v.guardrail === 'circuitBreaker');
}

describe('re-verification (core): recorded through the audit path, counted by the circuit breaker', () => {
  it('a passing re-verification goes to every sink and the shared state; the breaker stays closed', async () => {
    const { audit, state, deps, executed } = await executedAndVerified();
    const before = state.records.length;
    const { record, warnings } = await reverifyAndRecord(executed, deps);
    assert.deepEqual(warnings, []);
    assert.equal(record.outcome, 'verified');
    assert.equal(record.id, executed.id);
    assert.deepEqual(audit.records.at(-1), record);
    assert.deepEqual(state.records.slice(before), [record]);
    assert.equal(breakerOnPeer(state)?.status, 'pass');
  });

  it('a failed re-verification opens the breaker; re-verifying the same attempt again counts it once', async () => {
    const { cluster, state, deps, executed } = await executedAndVerified();
    assert.equal(breakerOnPeer(state)?.status, 'pass', 'closed after the verified action');
    // The replacement pod is gone: the remediation no longer holds.
    cluster.change((s) => { s.pods = s.pods.filter((p) => p.metadata.name !== NEW_POD); });
    const { record } = await reverifyAndRecord(executed, deps);
    assert.equal(record.outcome, 'verification_failed');
    assert.equal(state.records.at(-1), record, 'the shared state has the failed re-verification');
    const breaker = breakerOnPeer(state);
    assert.equal(breaker?.status, 'fail', breaker?.reason);
    assert.equal((breaker?.evidence as { failures: number }).failures, 1);
    await reverifyAndRecord(executed, deps);
    assert.equal((breakerOnPeer(state)?.evidence as { failures: number }).failures, 1, 'one attempt, one failure');
  });

  it('a shared state that refuses the record is a warning; the sinks have it', async () => {
    const { audit, deps, executed } = await executedAndVerified();
    const { record, warnings } = await reverifyAndRecord(executed, { ...deps, state: { history: async () => [], record: async () => { throw new Error('conflict'); } } });
    assert.deepEqual(warnings, ['shared state not updated: conflict']);
    assert.equal(audit.records.at(-1), record);
  });
});
