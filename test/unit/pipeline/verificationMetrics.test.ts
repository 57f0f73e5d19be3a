import { strict as assert } from 'assert';
import { readAuditRecord } from '../../../src/core/audit/shape';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { MetricsError, type MetricQueryResult } from '../../../src/core/ports';
import type { VerificationMetric } from '../../../src/core/model/runbook';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { ScriptedMetricsReader, type ScriptedAnswer } from '../../support/memoryMetrics';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const QUERY = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[1m]))';
const FILLED = `sum(rate(http_requests_total{namespace="${LAB_NAMESPACE}",app="web",code="500"}[1m]))`;
const METRIC: VerificationMetric = {
  name: 'error-ratio', query: QUERY, successCondition: 'result < 0.01', failureCondition: 'result > baseline * 1.2',
  initialDelay: '0s', interval: '1s', count: 3, failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
};
const withMetrics = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 5, metrics: [METRIC] } } });

/** The first two answers are the baseline (measured by the decision and by the re-decision right before acting); `after` answers every sample. */
function setup(baseline: ScriptedAnswer, after: ScriptedAnswer) {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
  const audit = new MemoryState();
  const pick = (a: ScriptedAnswer, n: number) => (typeof a === 'function' ? a(n) : a);
  const metrics = new ScriptedMetricsReader({ [FILLED]: (n) => (n <= 2 ? pick(baseline, n) : pick(after, n - 2)) });
  let n = 0;
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state: new MemoryState(), audit: [audit],
    clock: { now: () => new Date() }, newId: () => `attempt-${++n}`, metrics,
    // Samples follow each other at once: the schedule is checked in the provider's own tests.
    sleep: async () => undefined,
  };
  return { cluster, audit, metrics, deps };
}

describe('verification metrics in the execution pipeline', () => {
  it('recovered: verified only when the pods and the metric pass; baseline and samples in the audit', async () => {
    const { audit, deps } = setup(0.3, 0.001);
    const r = await executePlan({ runbook: withMetrics, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified', JSON.stringify(r.records.map((x) => x.message)));
    const executed = audit.records.find((x) => x.outcome === 'executed')!;
    assert.deepEqual(executed.verification?.metrics, [{ name: 'error-ratio', status: 'running', baseline: 0.3, metric: { ...METRIC, query: FILLED }, samples: [] }]);
    const final = audit.records.at(-1)!;
    assert.equal(final.verification?.metrics?.[0].status, 'verified');
    assert.deepEqual(final.verification?.metrics?.[0].samples.map((s) => [s.value, s.verdict]), [[0.001, 'success'], [0.001, 'success'], [0.001, 'success']]);
    const read = readAuditRecord(JSON.parse(JSON.stringify(final)));
    assert.ok(read.ok, read.ok ? '' : read.reason);
  });

  it('pods recover but errors do not: verification_failed, then the runbook\'s rollback', async () => {
    const { audit, deps } = setup(0.3, 0.5);
    const r = await executePlan({ runbook: withMetrics, target: webPod, execute: true }, deps);
    assert.equal(r.outcome === 'verification_failed' || r.outcome === 'rolled_back', true, r.outcome);
    assert.ok(audit.records.some((x) => x.outcome === 'verification_failed'));
    assert.match(audit.records.find((x) => x.outcome === 'verification_failed')!.message!, /error-ratio failed: .*result > baseline \* 1\.2 holds.*open_incident_and_disable_runbook/);
  });

  it('no data: verification_inconclusive, not rolled back', async () => {
    const empty: MetricQueryResult = { kind: 'no_data' };
    const { audit, deps } = setup(0.3, empty);
    const r = await executePlan({ runbook: withMetrics, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verification_inconclusive');
    assert.deepEqual(audit.records.map((x) => x.outcome), ['executed', 'verification_inconclusive']);
    assert.match(r.records.at(-1)!.message!, /not rolled back; escalate/);
    assert.ok(readAuditRecord(JSON.parse(JSON.stringify(r.records.at(-1)))).ok);
  });

  it('Prometheus stops answering after the action: an error (unobservable), nothing repeated', async () => {
    const { cluster, deps } = setup(0.3, new MetricsError('Prometheus at http://127.0.0.1:9 is unreachable', 'unreachable'));
    const r = await executePlan({ runbook: withMetrics, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'error');
    assert.match(r.records.at(-1)!.message!, /could not observe the metrics: .*unreachable.*not repeated/);
    assert.equal(cluster.applied.filter((a) => !a.dryRun).length, 1);
  });

  it('Prometheus missing or unreachable right before acting: nothing is done (the result could not be verified)', async () => {
    const down = setup(new MetricsError('Prometheus at http://127.0.0.1:9 is unreachable', 'unreachable'), 0.001);
    const r = await executePlan({ runbook: withMetrics, target: webPod, execute: true }, down.deps);
    assert.equal(r.outcome, 'blocked');
    assert.match(r.records.at(-1)!.message!, /cannot be measured.*nothing done.*unreachable/);
    assert.equal(down.cluster.applied.filter((a) => !a.dryRun).length, 0);
    const none = setup(0.3, 0.001);
    delete none.deps.metrics;
    const r2 = await executePlan({ runbook: withMetrics, target: webPod, execute: true }, none.deps);
    assert.equal(r2.outcome, 'blocked');
    assert.match(r2.records.at(-1)!.message!, /no Prometheus is configured/);
    assert.equal(none.cluster.applied.filter((a) => !a.dryRun).length, 0);
  });
});
