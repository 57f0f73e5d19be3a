// The panel's metric views, from the rows the pipeline puts on the plan and the result: a dry run shows
// the values the decision read (each verification metric's as its baseline), after execution the
// recorded status and samples; no Prometheus means every row says why.
import { strict as assert } from 'assert';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { metricCheckViews } from '../../../src/extension/cluster/panel/metricViews';
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
  it('dry run: the value the decision read for each check, the verification value as baseline; every view passes the protocol guard', async () => {
    const reader = new ScriptedMetricsReader({ [FILLED]: 0.3 });
    const r = await executePlan({ runbook: withChecks, target, execute: false }, deps(reader));
    const views = metricCheckViews(r.plan.metricChecks)!;
    assert.deepEqual(views.map((v) => [v.kind, v.name, v.now, v.nowValue, v.verdict, v.baseline]), [
      ['precondition', 'errors-present', '0.3', 0.3, 'pass', undefined], ['verification', 'error-ratio', '0.3', 0.3, 'not run', 0.3],
    ]);
    assert.equal(views[0].query, FILLED);
    assert.equal(views[1].condition, 'result < 0.01');
    assert.ok(views.every(isMetricCheckView));
  });

  it('no Prometheus: each row says why, and the precondition is an error', async () => {
    const none = unconfiguredMetricsReader('no Prometheus is configured (set remediator.prometheus.url)');
    const r = await executePlan({ runbook: withChecks, target, execute: false }, deps(none));
    assert.equal(r.plan.mode, 'abort');
    assert.deepEqual(metricCheckViews(r.plan.metricChecks)!.map((v) => [v.verdict, v.now]), [
      ['error', 'error: no Prometheus is configured (set remediator.prometheus.url)'], ['not run', 'error: no Prometheus is configured (set remediator.prometheus.url)'],
    ]);
  });

  it('after execution: the recorded status, baseline and samples, with the latest sample as "now"', async () => {
    const reader = new ScriptedMetricsReader({ [FILLED]: (n) => (n <= 4 ? 0.3 : 0.001) });
    const r = await executePlan({ runbook: withChecks, target, execute: true }, deps(reader));
    assert.equal(r.outcome, 'verified', JSON.stringify(r.records.map((x) => x.message)));
    const views = metricCheckViews(r.metricRows)!;
    const ratio = views.find((v) => v.name === 'error-ratio')!;
    assert.equal(ratio.verdict, 'verified');
    assert.equal(ratio.now, '0.00100');
    assert.equal(ratio.baseline, 0.3);
    assert.deepEqual(ratio.samples.map((s) => s.verdict), ['success', 'success']);
    assert.ok(views.every(isMetricCheckView));
  });

  it('without metric checks: no views', () => {
    assert.equal(metricCheckViews(undefined), undefined);
    assert.equal(metricCheckViews([]), undefined);
  });
});
