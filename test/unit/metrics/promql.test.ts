import assert from 'node:assert/strict';
import { checkPromQL } from '../../../src/core/metrics/promql';

describe('metrics: PromQL syntax check', function () {
  const valid = [
    'sum(rate(http_requests_total{namespace="lab",app="web",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="lab",app="web"}[5m]))',
    '0/0',
    'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
    'up{app="a\\"b"} == 1',
    "max_over_time(queue_depth{app='x'}[1m:15s])",
  ];
  for (const query of valid) {
    it(`accepts ${query.slice(0, 50)}`, function () {
      assert.equal(checkPromQL(query), undefined);
    });
  }

  const invalid: Array<[string, RegExp, [number, number]]> = [
    ['sum(rate(x{a="b"}[5m])', /ends too early/, [22, 22]],
    ['x{a="b"} / ', /ends too early/, [11, 11]],
    ['foo bar', /unexpected "bar"/, [4, 7]],
    ['rate(x[5m]) +* 2', /syntax error before "\* 2"/, [13, 13]],
  ];
  for (const [query, message, [from, to]] of invalid) {
    it(`reports the first error of ${JSON.stringify(query)} at [${from}, ${to})`, function () {
      const problem = checkPromQL(query);
      assert.ok(problem, 'expected a syntax error');
      assert.match(problem.message, message);
      assert.deepEqual([problem.from, problem.to], [from, to]);
    });
  }

  it('an empty query is a problem', function () {
    assert.match(checkPromQL('  ')?.message ?? '', /empty/);
  });
});
