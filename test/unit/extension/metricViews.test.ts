// The panel's metric rows: a dry run shows the precondition value the decision read (not a second
// reading), each verification metric's value now as its baseline, and after execution the recorded
// status and samples; no Prometheus means every row says why.
import { strict as assert } from 'assert';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { executedMetricRows, liveMetricRows, metricCheckViews, recordedResults, simulatedMetricRows } from '../../../src/extension/cluster/panel/metricViews';
import { unconfiguredMetricsReader } from '../../../src/extension/cluster/prometheusSettings';
import { isMetricCheckView } from '../../../src/protocol/metricChecks';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { ScriptedMetricsReader } from '../../support/memoryMetrics';

const QUERY = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[1m]))';
const FILLED = `sum(rate(http_requests_total{namespace="${LAB_NAMESPACE}",app="web",code="500"}[1m]))`;
const withChecks = runbook({
  guardrails: { metricPreconditions: [{ name: 'errors-present', query: QUERY, condition: 'result > 0.05' }] },
  spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 5, metrics: [{
    name: 'error-ratio', query: QUERY, successCondition: 'result < 0.01', initialDelay: '0s', interval: '1s', count: 2,
    failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
  }] } },
});

function deps(metrics: PipelineDeps['metrics']): PipelineDeps {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
  let n = 0;
  return {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state: new MemoryState(), audit: [],
    clock: { now: () => new Date() }, newId: () => `attempt-${++n}`, sleep: async () => undefined, ...(metrics ? { metrics } : {}),
  };
}

const target = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };

describe('panel metric rows', () => {
  it('dry run: the decided precondition value, the verification value now as baseline; every view passes the protocol guard', async () => {
    // Answers in order: the decision's precondition read, then the panel's verification read.
    const values = [0.3, 0.25];
    const reader = new ScriptedMetricsReader({ [FILLED]: (n) => values[n - 1] ?? 0.2 });
    const d = deps(reader);
    const r = await executePlan({ runbook: withChecks, target, execute: false }, d);
    const calls = reader.calls.length;
    const views = metricCheckViews((await liveMetricRows(reader, withChecks, r.plan))!);
    assert.equal(reader.calls.length, calls + 1, 'only the verification metric is read again');
    assert.deepEqual(views.map((v) => [v.kind, v.name, v.now, v.verdict, v.baseline]), [
      ['precondition', 'errors-present', '0.3', 'pass', undefined], ['verification', 'error-ratio', String(values[calls]), 'not run', values[calls]],
    ]);
    assert.equal(views[0].query, FILLED);
    assert.ok(views.every(isMetricCheckView));
  });

  it('no Prometheus: each row says why, and the precondition is an error', async () => {
    const none = unconfiguredMetricsReader('no Prometheus is configured (set remediator.prometheus.url)');
    const r = await executePlan({ runbook: withChecks, target, execute: false }, deps(none));
    assert.equal(r.plan.mode, 'abort');
    const views = metricCheckViews((await liveMetricRows(none, withChecks, r.plan))!);
    assert.deepEqual(views.map((v) => [v.verdict, v.now]), [
      ['error', 'error: no Prometheus is configured (set remediator.prometheus.url)'], ['not run', 'error: no Prometheus is configured (set remediator.prometheus.url)'],
    ]);
  });

  it('after execution: the recorded status, baseline and samples, with the latest sample as "now"', async () => {
    const reader = new ScriptedMetricsReader({ [FILLED]: (n) => (n <= 3 ? 0.3 : 0.001) });
    const r = await executePlan({ runbook: withChecks, target, execute: true }, deps(reader));
    assert.equal(r.outcome, 'verified', JSON.stringify(r.records.map((x) => x.message)));
    const results = recordedResults(r.records)!;
    const views = metricCheckViews(executedMetricRows(withChecks, r.plan, results)!);
    const ratio = views.find((v) => v.name === 'error-ratio')!;
    assert.equal(ratio.verdict, 'verified');
    assert.equal(ratio.now, '0.00100');
    assert.deepEqual(ratio.samples.map((s) => s.verdict), ['success', 'success']);
    assert.ok(views.every(isMetricCheckView));
  });

  it('simulated: rows without values; a runbook without metric checks has none', async () => {
    const r = await executePlan({ runbook: withChecks, target, execute: false }, deps(undefined));
    assert.deepEqual(metricCheckViews(simulatedMetricRows(withChecks, r.plan)!).map((v) => v.now), ['not measured', 'not measured']);
    assert.equal(simulatedMetricRows(runbook({}), r.plan), undefined);
  });
});
