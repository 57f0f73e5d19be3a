import assert from 'node:assert/strict';
import { MetricsError } from '../../../src/core/ports';
import { ScriptedMetricsReader } from '../../support/memoryMetrics';

describe('metrics: scripted reader for core tests', function () {
  it('answers numbers, results, errors and per-call functions, and records calls', async function () {
    const reader = new ScriptedMetricsReader({
      a: 0.5,
      empty: { kind: 'no_data' },
      down: new MetricsError('unreachable', 'unreachable'),
      falling: (call) => 1 / call,
    });
    assert.deepEqual(await reader.query('a'), { kind: 'vector', samples: [{ labels: {}, value: 0.5, timestamp: 0 }] });
    assert.deepEqual(await reader.query('empty'), { kind: 'no_data' });
    await assert.rejects(reader.query('down'), (e: unknown) => e instanceof MetricsError && e.kind === 'unreachable');
    const values = [];
    for (let i = 0; i < 3; i++) {
      const r = await reader.query('falling');
      values.push(r.kind === 'vector' ? r.samples[0].value : undefined);
    }
    assert.deepEqual(values, [1, 0.5, 1 / 3]);
    await assert.rejects(reader.query('unknown'), /no scripted answer/);
    assert.equal(reader.calls.length, 7);
  });
});
