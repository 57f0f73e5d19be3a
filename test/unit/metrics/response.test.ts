import assert from 'node:assert/strict';
import { parseSampleValue, readErrorBody, readQueryData } from '../../../src/adapters/prometheus/response';
import { isMetricsError } from '../../../src/core/ports';

describe('Prometheus query answers', function () {
  it('sample values: numbers, NaN, ±Inf; anything else is refused', function () {
    assert.equal(parseSampleValue('0.25'), 0.25);
    assert.equal(parseSampleValue('1e-300'), 1e-300);
    assert.ok(Number.isNaN(parseSampleValue('NaN')));
    assert.equal(parseSampleValue('+Inf'), Infinity);
    assert.equal(parseSampleValue('-Inf'), -Infinity);
    for (const bad of ['', ' ', 'nan?', 'abc', 1, null, undefined]) assert.equal(parseSampleValue(bad), undefined, String(bad));
  });

  it('reads scalar, vector and empty vector', function () {
    assert.deepEqual(readQueryData({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }, 'p'), { kind: 'scalar', value: 2, timestamp: 1 });
    assert.deepEqual(readQueryData({ status: 'success', data: { resultType: 'vector', result: [] } }, 'p'), { kind: 'no_data' });
    assert.deepEqual(readQueryData({ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 'b' }, value: [3.5, '+Inf'] }] } }, 'p'),
      { kind: 'vector', samples: [{ labels: { a: 'b' }, value: Infinity, timestamp: 3.5 }] });
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['not an object', [], /not a JSON object/],
    ['error status', { status: 'error' }, /status is "error"/],
    ['no data', { status: 'success' }, /no "data"/],
    ['string result', { status: 'success', data: { resultType: 'string', result: [1, 'x'] } }, /a string/],
    ['unknown type', { status: 'success', data: { resultType: 'histogram' } }, /unknown resultType/],
    ['bad pair', { status: 'success', data: { resultType: 'scalar', result: ['1', '2'] } }, /\[time, "value"\]/],
    ['bad value', { status: 'success', data: { resultType: 'scalar', result: [1, 'twelve'] } }, /not a number: "twelve"/],
    ['label not string', { status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '1'] }] } }, /label "a"/],
    ['no metric', { status: 'success', data: { resultType: 'vector', result: [{ value: [1, '1'] }] } }, /series 1 has no "metric"/],
  ];
  for (const [name, body, message] of malformed) {
    it(`malformed answer (${name}) is a bad_response`, function () {
      assert.throws(() => readQueryData(body, 'http://p'), (e: unknown) => isMetricsError(e, 'bad_response') && message.test(e.message));
    });
  }

  it('error bodies: Prometheus JSON or nothing', function () {
    assert.deepEqual(readErrorBody('{"status":"error","errorType":"bad_data","error":"1:2: parse error"}'), { errorType: 'bad_data', error: '1:2: parse error' });
    assert.deepEqual(readErrorBody('<html>bad gateway</html>'), {});
    assert.deepEqual(readErrorBody('{"status":"success"}'), {});
  });
});
