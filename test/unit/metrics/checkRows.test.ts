import { strict as assert } from 'assert';
import { metricCheckRows, numberText, readingText, rowVerdict, hasMetricChecks } from '../../../src/core/metrics/checkRows';
import type { VerificationMetric } from '../../../src/core/model/runbook';
import type { Verdict } from '../../../src/core/model/verdict';
import { LAB_NAMESPACE, LAB_WEB_POD } from '../../support/lab';
import { runbook } from '../../support/model';

const METRIC: VerificationMetric = {
  name: 'error-ratio', query: 'sum(rate(errors{app="${APP}"}[1m]))', successCondition: 'result < 0.01', failureCondition: 'result > baseline * 1.2',
  initialDelay: '0s', interval: '1s', count: 3, failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
};
const withChecks = runbook({
  guardrails: { metricPreconditions: [{ name: 'errors-present', query: 'sum(errors{namespace="${NAMESPACE}"})', condition: 'result > 0.05' }] },
  spec: { verification: { checks: [], timeoutSeconds: 60, metrics: [METRIC, { ...METRIC, name: 'latency', query: 'p99{pod="${POD_NAME}"}', failureCondition: undefined, successCondition: 'result < 0.5' }] } },
});
const plan = { target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD }, app: 'web' };
const verdicts: Verdict[] = [{
  guardrail: 'metricPreconditions', status: 'fail', reason: 'gone',
  evidence: { preconditions: [{ name: 'errors-present', condition: 'result > 0.05', value: 0, status: 'fail' }] },
}];

describe('metric check rows (what every renderer shows)', () => {
  it('one row per check, preconditions first, queries filled in for the target', () => {
    const rows = metricCheckRows(withChecks, plan, { preconditions: { 'errors-present': 0 }, baselines: { 'error-ratio': 0.3, latency: { kind: 'no_data', reason: 'the value is NaN' } }, verdicts });
    assert.deepEqual(rows.map((r) => [r.kind, r.name]), [['precondition', 'errors-present'], ['verification', 'error-ratio'], ['verification', 'latency']]);
    assert.deepEqual(rows[0], {
      kind: 'precondition', name: 'errors-present', query: `sum(errors{namespace="${LAB_NAMESPACE}"})`, condition: 'result > 0.05',
      now: { kind: 'value', value: 0 }, verdict: 'fail',
    });
    assert.deepEqual(rows[1], {
      kind: 'verification', name: 'error-ratio', query: 'sum(rate(errors{app="web"}[1m]))', condition: 'result < 0.01; fails when result > baseline * 1.2',
      now: { kind: 'value', value: 0.3 }, baseline: 0.3,
    });
    assert.equal(rows[2].query, `p99{pod="${LAB_WEB_POD}"}`);
    assert.equal(rows[2].baseline, undefined, 'no data is no baseline');
    assert.deepEqual(rows[2].now, { kind: 'no_data', reason: 'the value is NaN' });
  });

  it('nothing measured (offline): rows without readings or verdicts', () => {
    const rows = metricCheckRows(withChecks, plan);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.now === undefined && r.verdict === undefined && r.baseline === undefined));
    assert.deepEqual(rows.map(rowVerdict), ['—', 'not run', 'not run']);
  });

  it('a template that cannot be filled keeps the query as written', () => {
    const rows = metricCheckRows(withChecks, { target: { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'web' } }, { baselines: { 'error-ratio': { kind: 'error', message: 'cannot build the query' } } });
    assert.equal(rows[1].query, METRIC.query);
    assert.equal(readingText(rows[1].now), 'error: cannot build the query');
  });

  it('verification results: recorded baseline, status, reason and samples; a re-sample is "now"', () => {
    const samples = [{ at: '2026-01-01T00:00:00.000Z', value: 0.001, verdict: 'success' as const }];
    const rows = metricCheckRows(withChecks, plan, {
      now: { 'error-ratio': 0.002 },
      results: [{ name: 'error-ratio', status: 'verified', reason: '3 consecutive', baseline: 0.25, samples }],
    });
    assert.deepEqual({ ...rows[1], query: undefined }, {
      kind: 'verification', name: 'error-ratio', query: undefined, condition: 'result < 0.01; fails when result > baseline * 1.2',
      now: { kind: 'value', value: 0.002 }, baseline: 0.25, status: 'verified', reason: '3 consecutive', samples,
    });
    assert.equal(rowVerdict(rows[1]), 'verified');
  });

  it('verdict evidence of another shape is ignored, not trusted', () => {
    for (const evidence of [{ preconditions: 'x' }, { preconditions: [null, 3, { name: 'errors-present', status: 'maybe' }] }, {}]) {
      const rows = metricCheckRows(withChecks, plan, { verdicts: [{ guardrail: 'metricPreconditions', status: 'pass', reason: '', evidence }] });
      assert.equal(rows[0].verdict, undefined);
    }
  });

  it('readings and numbers in words', () => {
    assert.equal(readingText(undefined), 'not measured');
    assert.equal(readingText({ kind: 'no_data', reason: 'the query returned no series' }), 'no data (the query returned no series)');
    assert.deepEqual([0, 3, 0.012345, 12.345, 1.2e-7, -0.5, 2.5e7].map(numberText), ['0', '3', '0.0123', '12.35', '1.20e-7', '-0.5', '25000000']);
  });

  it('hasMetricChecks', () => {
    assert.equal(hasMetricChecks(runbook()), false);
    assert.equal(hasMetricChecks(withChecks), true);
  });
});
