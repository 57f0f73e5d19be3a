import { strict as assert } from 'assert';
import { MetricsError, type MetricQueryResult } from '../../../src/core/ports';
import type { VerificationMetric } from '../../../src/core/model/runbook';
import { advance, atDeadline, classify, compileMetric, initialState, MAX_KEPT_SAMPLES, type CompiledMetric, type MetricCheckState } from '../../../src/core/verify/metricCheck';
import { prometheusProvider, type ProviderRun } from '../../../src/core/verify/metricProvider';
import { ScriptedMetricsReader, type ScriptedAnswer } from '../../support/memoryMetrics';
import { prng } from '../../support/random';

const METRIC: VerificationMetric = {
  name: 'error-ratio', query: 'sum(x{app="${APP}"})', successCondition: 'result < 0.01', initialDelay: '30s', interval: '15s',
  count: 3, failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
};
const QUERY = 'sum(x{app="web"})';

function compiled(m: VerificationMetric): CompiledMetric {
  const c = compileMetric(m);
  if ('error' in c) throw new Error(c.error);
  return c;
}

/** A fake clock: sleeping moves time on at once, so a five-minute verification runs in microseconds. */
function fakeRun(deadlineMs: number): ProviderRun & { times: number[] } {
  let now = 0;
  const times: number[] = [];
  return {
    deadline: deadlineMs, times,
    now: () => now,
    sleep: async (ms) => { now += ms; },
    onSample: () => { times.push(now); },
  };
}

async function verify(answer: ScriptedAnswer, metric: VerificationMetric = METRIC, deadlineMs = 300_000, baseline?: number) {
  const reader = new ScriptedMetricsReader({ [QUERY]: answer });
  const run = fakeRun(deadlineMs);
  const provider = prometheusProvider(reader, [{ metric, query: { name: metric.name, ok: true, query: QUERY }, ...(baseline !== undefined ? { baseline: { kind: 'value', value: baseline } } : {}) }]);
  const [state] = await provider.run(run);
  return { state, times: run.times, calls: reader.calls.length };
}

const empty: MetricQueryResult = { kind: 'no_data' };

describe('verification metric: the Prometheus provider', () => {
  it('recovered: verified after count consecutive successes, first sample after initialDelay, then every interval', async () => {
    const { state, times } = await verify(0.001);
    assert.equal(state.status, 'verified', state.reason);
    assert.deepEqual(times, [30_000, 45_000, 60_000]);
  });

  it('errors do not return to baseline: failed past failureLimit', async () => {
    const { state } = await verify(0.3);
    assert.equal(state.status, 'failed');
    assert.match(state.reason!, /more than failureLimit 0/);
  });

  it('a streak is consecutive: a failure in between starts the count again (with failures tolerated)', async () => {
    const values = [0, 0, 0.5, 0, 0, 0];
    const { state, calls } = await verify((n) => values[n - 1] ?? 0, { ...METRIC, failureLimit: 1 });
    assert.equal(state.status, 'verified');
    assert.equal(calls, 6);
  });

  it('no data: inconclusive past inconclusiveLimit, or a failure with onNoData fail; NaN is no data', async () => {
    assert.equal((await verify(empty)).state.status, 'inconclusive');
    assert.equal((await verify(Number.NaN)).state.status, 'inconclusive');
    assert.equal((await verify(empty, { ...METRIC, onNoData: 'fail' })).state.status, 'failed');
  });

  it('Prometheus stops answering: unobservable, not failed', async () => {
    const { state } = await verify(new MetricsError('Prometheus at http://127.0.0.1:9 is unreachable', 'unreachable'));
    assert.equal(state.status, 'unobservable');
    assert.match(state.reason!, /unreachable/);
  });

  it('two series: an error that says so (aggregate it)', async () => {
    const two: MetricQueryResult = { kind: 'vector', samples: [{ labels: { pod: 'a' }, value: 0, timestamp: 0 }, { labels: { pod: 'b' }, value: 0, timestamp: 0 }] };
    const { state } = await verify(two);
    assert.equal(state.status, 'unobservable');
    assert.match(state.reason!, /returned 2 series .* aggregate it/);
  });

  it('the deadline first: inconclusive', async () => {
    const { state, times } = await verify(0, METRIC, 50_000);
    assert.equal(state.status, 'inconclusive');
    assert.deepEqual(times, [30_000, 45_000]);
  });

  it('baseline: failureCondition compares with the value at decision time; neither condition is inconclusive', async () => {
    const m = { ...METRIC, successCondition: 'result < baseline * 0.5', failureCondition: 'result > baseline * 1.2' };
    assert.equal((await verify(0.4, m, 300_000, 0.3)).state.status, 'failed');
    assert.equal((await verify(0.1, m, 300_000, 0.3)).state.status, 'verified');
    assert.equal((await verify(0.3, m, 300_000, 0.3)).state.status, 'inconclusive');
    // No baseline measured: a condition that reads it proves nothing.
    assert.equal((await verify(0.1, m)).state.status, 'inconclusive');
  });
});

describe('verification metric: generated sample sequences', () => {
  it('the state machine matches a direct count of the rules, and keeps a bounded sample list', () => {
    const next = prng(81);
    for (let run = 0; run < 300; run++) {
      const metric: VerificationMetric = {
        ...METRIC, count: Math.floor(next() * 4), failureLimit: Math.floor(next() * 3), inconclusiveLimit: Math.floor(next() * 3),
        onNoData: next() < 0.5 ? 'fail' : 'inconclusive', failureCondition: next() < 0.5 ? 'result > 0.5' : undefined,
      };
      const check = compiled(metric);
      let state: MetricCheckState = initialState(metric.name);
      let streak = 0; let failures = 0; let inconclusive = 0; let errors = 0; let expected = 'running';
      for (let i = 0; i < 80 && state.status === 'running'; i++) {
        const r = next();
        const reading = r < 0.1 ? { kind: 'error' as const, message: 'timeout' } : r < 0.2 ? { kind: 'no_data' as const, reason: 'empty' } : { kind: 'value' as const, value: next() };
        const sample = classify(check, reading, undefined, 't');
        state = advance(metric, state, sample);
        const counted = sample.countedAs;
        errors = counted === 'error' ? errors + 1 : 0;
        streak = counted === 'success' ? streak + 1 : 0;
        if (counted === 'failure') failures++;
        if (counted === 'inconclusive') inconclusive++;
        expected = failures > metric.failureLimit ? 'failed' : inconclusive > metric.inconclusiveLimit ? 'inconclusive'
          : errors >= 3 ? 'unobservable' : counted !== 'error' && streak >= metric.count ? 'verified' : 'running';
        assert.equal(state.status, expected, `run ${run} sample ${i}`);
        if (reading.kind === 'value' && metric.failureCondition === undefined) assert.equal(counted, reading.value < 0.01 ? 'success' : 'failure');
      }
      assert.ok(state.samples.length <= MAX_KEPT_SAMPLES);
      if (state.status === 'running') assert.notEqual(atDeadline(metric, state).status, 'running');
    }
  });
});
