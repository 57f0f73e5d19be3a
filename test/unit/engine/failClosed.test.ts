// The engine fails closed on a broken clock: deciding never throws, and nothing is auto-executed.
import { strict as assert } from 'assert';
import { decisionContext, decideTargets, scanTargets } from '../../../src/core/engine/decide';
import { auditRecord, labSnapshot, runbook } from '../../support/k8s';

describe('decide: an invalid clock', () => {
  for (const [label, now] of [['NaN', new Date(Number.NaN)], ['past the last valid date', new Date(8.64e15 + 1)]] as const) {
    it(`aborts every plan on a clock at ${label}, with the time guardrails in error`, () => {
      const ctx = decisionContext({ runbook: runbook(), snapshot: labSnapshot(), now, history: [auditRecord()] });
      const plans = decideTargets(ctx, scanTargets(ctx));
      assert.equal(plans.length, 2);
      for (const plan of plans) {
        assert.equal(plan.mode, 'abort', plan.modeReason);
        for (const id of ['cooldownMinutes', 'maxExecutionsPerHour', 'maxConcurrentActions', 'circuitBreaker', 'stateFreshness']) {
          assert.equal(plan.verdicts.find((v) => v.guardrail === id)?.status, 'error', id);
        }
      }
    });
  }

  it('aborts even when the runbook sets no time guardrail (the default circuit breaker reads the clock)', () => {
    const rb = runbook({ guardrails: { cooldownMinutes: undefined, maxExecutionsPerHour: undefined, maxConcurrentActions: undefined } });
    const ctx = decisionContext({ runbook: rb, snapshot: labSnapshot({ takenAt: null }), now: new Date(Number.NaN) });
    for (const plan of decideTargets(ctx, scanTargets(ctx))) assert.equal(plan.mode, 'abort', plan.modeReason);
  });
});
