import assert from 'node:assert/strict';
import { singleValue } from '../../../src/core/metrics/value';
import { isMetricsError, type MetricSample } from '../../../src/core/ports';

const sample = (value: number, labels: Record<string, string> = {}): MetricSample => ({ labels, value, timestamp: 1 });

describe('metrics: one value from a query result', function () {
  it('scalar and single series give their value', function () {
    assert.deepEqual(singleValue({ kind: 'scalar', value: 0.2, timestamp: 1 }, 'q'), { kind: 'value', value: 0.2, labels: {} });
    assert.deepEqual(singleValue({ kind: 'vector', samples: [sample(3, { app: 'web' })] }, 'q'), { kind: 'value', value: 3, labels: { app: 'web' } });
  });

  it('empty, NaN and ±Inf are no data, with the reason', function () {
    assert.deepEqual(singleValue({ kind: 'no_data' }, 'q'), { kind: 'no_data', reason: 'empty' });
    assert.deepEqual(singleValue({ kind: 'vector', samples: [] }, 'q'), { kind: 'no_data', reason: 'empty' });
    const nan = singleValue({ kind: 'vector', samples: [sample(NaN)] }, 'q');
    assert.ok(nan.kind === 'no_data' && nan.reason === 'nan');
    assert.deepEqual(singleValue({ kind: 'scalar', value: Infinity, timestamp: 1 }, 'q'), { kind: 'no_data', reason: 'infinite', value: Infinity });
  });

  it('many series: the error shows three and counts the rest', function () {
    const samples = ['a', 'b', 'c', 'd', 'e'].map((pod) => sample(1, { pod }));
    assert.throws(() => singleValue({ kind: 'vector', samples }, 'restarts'), (e: unknown) =>
      isMetricsError(e, 'multiple_series') && /"restarts" returned 5 series \(\{pod="a"\}, \{pod="b"\}, \{pod="c"\} and 2 more\)/.test(e.message)
      && e.details.series?.length === 5);
  });
});
