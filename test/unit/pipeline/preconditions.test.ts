import { strict as assert } from 'assert';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { MetricsError } from '../../../src/core/ports';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { ScriptedMetricsReader, type ScriptedAnswer } from '../../support/memoryMetrics';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const QUERY = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[1m]))';
const FILLED = `sum(rate(http_requests_total{namespace="${LAB_NAMESPACE}",app="web",code=~"5.."}[1m]))`;
const gated = runbook({
  guardrails: { metricPreconditions: [{ name: 'errors-present', query: QUERY, condition: 'result > 0.05' }] },
  spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } },
});

function setup(answer: ScriptedAnswer | undefined) {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
  const audit = new MemoryState();
  const metrics = answer === undefined ? undefined : new ScriptedMetricsReader({ [FILLED]: answer });
  let n = 0;
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state: new MemoryState(), audit: [audit],
    clock: { now: () => new Date() }, newId: () => `attempt-${++n}`, ...(metrics ? { metrics } : {}),
  };
  return { cluster, audit, metrics, deps };
}

function precondition(r: Awaited<ReturnType<typeof executePlan>>) {
  return r.plan.verdicts.find((v) => v.guardrail === 'metricPreconditions');
}

describe('metric preconditions in the execution pipeline', () => {
  it('acts when the symptom is present, measuring at decision time and again right before acting', async () => {
    const { cluster, metrics, deps } = setup(0.3);
    const r = await executePlan({ runbook: gated, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified', JSON.stringify(r.records.map((x) => x.message)));
    assert.equal(precondition(r)?.status, 'pass');
    assert.deepEqual(metrics!.calls, [FILLED, FILLED]);
    assert.deepEqual(cluster.applied.map((a) => a.dryRun), [true, false]);
  });

  it('does nothing when the symptom is gone', async () => {
    const { cluster, deps } = setup(0);
    const r = await executePlan({ runbook: gated, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.equal(precondition(r)?.reason, 'errors-present 0.00 is not > 0.05: the symptom is gone');
    assert.equal(cluster.applied.length, 0);
  });

  it('does nothing when the symptom goes away between the decision and the re-check', async () => {
    const { cluster, deps } = setup((call) => (call === 1 ? 0.3 : 0.01));
    const r = await executePlan({ runbook: gated, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records.at(-1)!.message!, /re-check right before acting/);
    assert.deepEqual(cluster.applied.filter((a) => !a.dryRun), []);
  });

  it('aborts (fail closed) when Prometheus is unreachable, not configured, or answers with two series or no data', async () => {
    const answers: (ScriptedAnswer | undefined)[] = [
      new MetricsError('Prometheus at http://127.0.0.1:9 is unreachable: connection refused', 'unreachable'),
      undefined,
      { kind: 'vector', samples: [{ labels: { pod: 'a' }, value: 1, timestamp: 0 }, { labels: { pod: 'b' }, value: 1, timestamp: 0 }] },
      { kind: 'no_data' },
      Number.NaN,
    ];
    for (const answer of answers) {
      const { cluster, deps } = setup(answer);
      const r = await executePlan({ runbook: gated, target: webPod, execute: true }, deps);
      assert.equal(r.plan.mode, 'abort', String(answer));
      assert.equal(precondition(r)?.status, 'error');
      assert.equal(r.outcome, 'blocked');
      assert.equal(cluster.applied.length, 0);
    }
  });
});
