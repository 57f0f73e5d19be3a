// The pipeline's sample observer (PipelineDeps.onMetricSample): told of every verification sample, in
// order, with the same values the audit record keeps, so a live view draws what is recorded.
import { strict as assert } from 'assert';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import type { MetricSample } from '../../../src/core/verify/metricCheck';
import type { VerificationMetric } from '../../../src/core/model/runbook';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { ScriptedMetricsReader } from '../../support/memoryMetrics';

const FILLED = `sum(rate(http_requests_total{namespace="${LAB_NAMESPACE}",app="web",code="500"}[1m]))`;
const METRIC: VerificationMetric = {
  name: 'error-ratio', query: 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[1m]))',
  successCondition: 'result < 0.01', initialDelay: '0s', interval: '1s', count: 2, failureLimit: 1, inconclusiveLimit: 2, onNoData: 'inconclusive',
};

describe('verification sample observer', () => {
  it('sees each sample as it is taken, the same ones the audit record keeps; without one nothing changes', async () => {
    const run = async (observer?: (name: string, s: MetricSample) => void) => {
      const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
      cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
      // 0.4 until the action (decision and baselines), then one failing sample and two recovered ones.
      const after = [0.2, 0.001, 0.001];
      let sampled = 0;
      const metrics = new ScriptedMetricsReader({ [FILLED]: () => (cluster.applied.some((a) => !a.dryRun) ? after[Math.min(sampled++, after.length - 1)] : 0.4) });
      let n = 0;
      const deps: PipelineDeps = {
        reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state: new MemoryState(), audit: [],
        clock: { now: () => new Date() }, newId: () => `attempt-${++n}`, metrics, sleep: async () => undefined,
        ...(observer ? { onMetricSample: observer } : {}),
      };
      const rb = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 5, metrics: [METRIC] } } });
      return executePlan({ runbook: rb, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD }, execute: true }, deps);
    };
    const seen: [string, number | undefined, string][] = [];
    const observed = await run((name, s) => seen.push([name, s.value, s.verdict]));
    assert.equal(observed.outcome, 'verified');
    // The values read before acting are the baseline, not samples.
    assert.deepEqual(seen, [['error-ratio', 0.2, 'failure'], ['error-ratio', 0.001, 'success'], ['error-ratio', 0.001, 'success']]);
    const recorded = observed.records.at(-1)!.verification!.metrics![0].samples.map((s) => [s.value, s.verdict]);
    assert.deepEqual(seen.map(([, v, verdict]) => [v, verdict]), recorded);
    const unobserved = await run();
    assert.equal(unobserved.outcome, observed.outcome);
  });
});
