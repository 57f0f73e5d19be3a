// The panel protocol's runtime guards: what a well-formed host or webview message looks like, and that
// malformed or hostile ones (wrong types, unknown verdicts, non-finite numbers, oversized lists) are refused.
import { strict as assert } from 'assert';
import { isHostMessage, isPlanView, isWebviewMessage, type MetricCheckView, type PlanView } from '../../../src/protocol/messages';
import { MAX_VIEW_SAMPLES, isMetricCheckView, isMetricSampleView } from '../../../src/protocol/metricChecks';
import { seededRandom } from '../../support/seeded';
import { int, pick } from '../../support/random';

const CHECK: MetricCheckView = {
  kind: 'verification', name: 'error-ratio', query: 'sum(rate(x[1m]))', condition: 'result < 0.01', now: '0.5', nowValue: 0.5,
  baseline: 0.5, verdict: 'running', samples: [{ at: '2026-01-01T00:00:00.000Z', value: 0.2, verdict: 'failure', detail: 'result < 0.01 does not hold' }, { at: '2026-01-01T00:00:01.000Z', verdict: 'no_data' }],
};

const VIEW: PlanView = {
  source: 'live', runbook: 'rb', target: 'ns/pod/p', mode: 'auto_execute', modeReason: 'ok', sentence: 's', currentState: 'c',
  incident: { id: 'i', symptom: 'x', confidence: 1 }, verdicts: [{ guardrail: 'g', status: 'pass', reason: 'r' }],
  action: { description: 'd', equivalentCommand: 'kubectl', mutating: true }, verification: { checks: ['a'], timeoutSeconds: 60 },
  metrics: [CHECK, { kind: 'precondition', name: 'errors-present', query: 'q', condition: 'result > 0.05', now: '0.5', nowValue: 0.5, verdict: 'pass', samples: [] }],
  rollback: { description: 'r', risk: 'low' }, escalation: [], access: [], execute: { enabled: true },
};

const drawn = { checks: [{ name: 'error-ratio', verdict: 'running', now: '0.5', samples: 2 }] };

describe('panel protocol guards', () => {
  it('accepts the plan with metric checks, a streamed sample, and the webview\'s render and sample reports', () => {
    assert.ok(isPlanView(VIEW));
    assert.ok(isPlanView({ ...VIEW, metrics: undefined }), 'a runbook without metric checks has no metrics field');
    assert.ok(isHostMessage({ type: 'plan', view: VIEW }));
    assert.ok(isHostMessage({ type: 'sample', metric: 'error-ratio', sample: { at: 't', value: 0.001, verdict: 'success' } }));
    assert.ok(isWebviewMessage({ type: 'rendered', mode: 'auto_execute', verdicts: 1, checks: 1, access: 0, approval: false, metrics: drawn }));
    assert.ok(isWebviewMessage({ type: 'sampled', metric: 'error-ratio', metrics: drawn }));
  });

  it('refuses malformed metric checks and samples', () => {
    const bad: unknown[] = [
      { ...CHECK, kind: 'other' }, { ...CHECK, name: 1 }, { ...CHECK, nowValue: Number.NaN }, { ...CHECK, baseline: Infinity },
      { ...CHECK, baseline: '0.5' }, { ...CHECK, samples: 'none' }, { ...CHECK, samples: [{ at: 't', verdict: 'maybe' }] },
      { ...CHECK, samples: [{ at: 't', value: Number.NaN, verdict: 'success' }] },
      { ...CHECK, samples: Array.from({ length: MAX_VIEW_SAMPLES + 1 }, () => ({ at: 't', verdict: 'success' })) },
      { ...CHECK, reason: 5 }, null, [], 'check',
    ];
    for (const b of bad) assert.equal(isMetricCheckView(b), false, JSON.stringify(b));
    assert.equal(isPlanView({ ...VIEW, metrics: [{ ...CHECK, verdict: undefined }] }), false);
    assert.equal(isPlanView({ ...VIEW, metrics: CHECK }), false);
    assert.equal(isHostMessage({ type: 'sample', metric: 'm', sample: { at: 't', verdict: 'success', detail: {} } }), false);
    assert.equal(isHostMessage({ type: 'sample', sample: { at: 't', verdict: 'success' } }), false);
    assert.equal(isWebviewMessage({ type: 'rendered', mode: 'm', verdicts: 1, checks: 1, access: 0, approval: false }), false, 'the metrics report is required');
    assert.equal(isWebviewMessage({ type: 'sampled', metric: 'm', metrics: { checks: [{ name: 'm', verdict: 'v', now: 'n', samples: '2' }] } }), false);
  });

  it('generated messages: a guard never throws, and accepts a sample only when every field has its type', () => {
    const random = seededRandom(88);
    const values: unknown[] = [undefined, null, 0, -1, 1.5, Number.NaN, Infinity, '', 'x', 'success', 'no_data', true, [], {}, { toString: 1 }];
    for (let i = 0; i < 2000; i++) {
      const sample: Record<string, unknown> = {};
      for (const key of ['at', 'value', 'verdict', 'detail']) if (random() < 0.8) sample[key] = pick(random, values);
      const message = random() < 0.5 ? { type: 'sample', metric: pick(random, values), sample } : { type: pick(random, ['sample', 'plan', 'progress', 'sampled', 'rendered']), ...sample };
      const expected = typeof sample.at === 'string'
        && (sample.value === undefined || (typeof sample.value === 'number' && Number.isFinite(sample.value)))
        && (sample.verdict === 'success' || sample.verdict === 'no_data')
        && (sample.detail === undefined || typeof sample.detail === 'string');
      assert.equal(isMetricSampleView(sample), expected, JSON.stringify(sample));
      assert.doesNotThrow(() => { isHostMessage(message); isWebviewMessage(message); });
      if (int(random, 10) === 0) assert.equal(isHostMessage(message), message.type === 'sample' && typeof (message as { metric?: unknown }).metric === 'string' && expected);
    }
  });
});
