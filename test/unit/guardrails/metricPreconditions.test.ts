import { strict as assert } from 'assert';
import { metricPreconditions } from '../../../src/core/guardrails/metricPreconditions';
import type { MetricValues } from '../../../src/core/metrics/readings';
import { preconditionQueries, templateValues } from '../../../src/core/metrics/readings';
import type { MetricPrecondition } from '../../../src/core/model/runbook';
import { LAB_NAMESPACE, LAB_WEB_POD, context, runbook } from '../../support/k8s';
import { prng as random } from '../../support/random';

const ERRORS: MetricPrecondition = {
  name: 'errors-present',
  query: 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[5m]))',
  condition: 'result > 0.05',
};

function withPreconditions(metrics: MetricValues | undefined, list: MetricPrecondition[] = [ERRORS]) {
  return { ...context({ runbook: runbook({ guardrails: { metricPreconditions: list } }) }), metrics };
}

describe('guardrail metricPreconditions', () => {
  it('skips a runbook without preconditions', () => {
    assert.equal(metricPreconditions.evaluate(context()).status, 'skip');
  });

  it('passes with the value when the condition holds', () => {
    const v = metricPreconditions.evaluate(withPreconditions({ 'errors-present': 0.3 }));
    assert.equal(v.status, 'pass', v.reason);
    assert.deepEqual((v.evidence as { preconditions: { value: number }[] }).preconditions[0].value, 0.3);
  });

  it('fails with the value when the symptom is gone', () => {
    const v = metricPreconditions.evaluate(withPreconditions({ 'errors-present': 0 }));
    assert.equal(v.status, 'fail');
    assert.equal(v.reason, 'errors-present 0.00 is not > 0.05: the symptom is gone');
  });

  it('is an error (abort) when the value is missing, has no data, NaN, or could not be read', () => {
    const cases: [MetricValues | undefined, RegExp][] = [
      [undefined, /not measured/],
      [{}, /not measured/],
      [{ 'errors-present': Number.NaN }, /no data/],
      [{ 'errors-present': { kind: 'no_data', reason: 'the query returned no series' } }, /no data \(the query returned no series\)/],
      [{ 'errors-present': { kind: 'error', message: 'Prometheus at http://127.0.0.1:1 is unreachable' } }, /could not be measured: Prometheus/],
      [{ 'errors-present': { kind: 'error', message: 'query "errors-present" returned 2 series' } }, /2 series/],
    ];
    for (const [metrics, reason] of cases) {
      const v = metricPreconditions.evaluate(withPreconditions(metrics));
      assert.equal(v.status, 'error', JSON.stringify(metrics));
      assert.match(v.reason, reason);
    }
  });

  it('an error wins over a fail, a fail over a pass', () => {
    const second: MetricPrecondition = { name: 'latency-high', query: 'max(x{app="${APP}"})', condition: 'result >= 2.0' };
    assert.equal(metricPreconditions.evaluate(withPreconditions({ 'errors-present': 0.3, 'latency-high': 1 }, [ERRORS, second])).status, 'fail');
    assert.equal(metricPreconditions.evaluate(withPreconditions({ 'errors-present': 0, 'latency-high': { kind: 'error', message: 'x' } }, [ERRORS, second])).status, 'error');
  });

  it('generated values: pass exactly when the value is a finite number above the threshold, never a pass otherwise', () => {
    const next = random(8);
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.05, -0, 0];
    for (let i = 0; i < 500; i++) {
      const value = i % 10 === 0 ? specials[i % specials.length] : (next() - 0.3) * 0.3;
      const v = metricPreconditions.evaluate(withPreconditions({ 'errors-present': value }));
      const expected = !Number.isFinite(value) ? 'error' : value > 0.05 ? 'pass' : 'fail';
      assert.equal(v.status, expected, `value ${value}: ${v.reason}`);
    }
  });
});

describe('metric precondition queries', () => {
  it('fills the target names in, escaped so a hostile app label cannot change the query', () => {
    const hostile = 'web"} or vector(1) or x{a="';
    const queries = preconditionQueries(runbook({ guardrails: { metricPreconditions: [ERRORS] } }),
      { target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD }, app: hostile });
    assert.deepEqual(queries, [{
      name: 'errors-present', ok: true,
      query: `sum(rate(http_requests_total{namespace="${LAB_NAMESPACE}",app="web\\"} or vector(1) or x{a=\\"",code=~"5.."}[5m]))`,
    }]);
  });

  it('a target without the named value is a query that cannot be built (the guardrail then aborts)', () => {
    const queries = preconditionQueries(runbook({ guardrails: { metricPreconditions: [ERRORS] } }),
      { target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD } });
    assert.equal(queries[0].ok, false);
    assert.deepEqual(templateValues({ target: { namespace: 'n', kind: 'Deployment', name: 'web' }, app: 'web' }), { NAMESPACE: 'n', APP: 'web', DEPLOYMENT: 'web', WORKLOAD: 'web' });
  });
});
