// Time guardrails fail closed: a window start, a record time or "now" that is not a valid date is an
// `error` verdict, never a pass, and no history of any size overflows the stack.
import * as assert from 'assert';
import { ALL_GUARDRAILS } from '../../../src/core/guardrails';
import type { Guardrail } from '../../../src/core/guardrails/types';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import { runCases } from '../../support/guardrailCases';
import { auditRecord, context, minutesAgo, runbook } from '../../support/k8s';
import { SEED, edit } from '../runbook/helpers';

const byId = (id: string): Guardrail => {
  const g = ALL_GUARDRAILS.find((x) => x.id === id);
  if (!g) throw new Error(`no guardrail ${id}`);
  return g;
};
const HUGE = 999999999999;

describe('time guardrails fail closed', () => {
  describe('a huge cooldown (the window start is not a valid date)', () => {
    runCases(byId('cooldownMinutes'), [{
      name: 'cooldownMinutes 999999999999 one minute after an action',
      ctx: () => context({ runbook: runbook({ guardrails: { cooldownMinutes: HUGE } }), records: [auditRecord({ time: minutesAgo(1) })] }),
      status: 'error', reason: ['cooldownMinutes'],
    }]);
  });

  describe('a huge circuit-breaker window', () => {
    runCases(byId('circuitBreaker'), [{
      name: 'windowMinutes 999999999999 after three failures',
      ctx: () => context({
        runbook: runbook({ spec: { escalation: { onGuardrailFailure: 'page', onVerificationFailure: 'page' } }, guardrails: { circuitBreaker: { failureThreshold: 3, windowMinutes: HUGE } } }),
        records: [1, 2, 3].map((m) => auditRecord({ id: `a${m}`, outcome: 'verification_failed', time: minutesAgo(m) })),
      }),
      status: 'error', reason: ['windowMinutes'],
    }]);
  });

  describe('"now" is not a valid date', () => {
    for (const id of ['cooldownMinutes', 'maxExecutionsPerHour', 'maxConcurrentActions', 'circuitBreaker', 'stateFreshness', 'blastRadius']) {
      runCases(byId(id), [{
        name: `${id} with an invalid clock`,
        ctx: () => context({
          now: new Date(Number.NaN),
          runbook: runbook({ guardrails: { blastRadius: { maxPercentOfReplicas: 100 } } }),
        }),
        status: 'error', reason: ['not a valid time'],
      }]);
    }
  });

  describe('a history record whose time cannot be read is an error, not skipped', () => {
    const bad = (o: Parameters<typeof auditRecord>[0]) => [auditRecord({ time: 'yesterday-ish', ...o })];
    runCases(byId('cooldownMinutes'), [{
      name: 'cooldown: an undated action of the same key', ctx: () => context({ records: bad({ outcome: 'verified' }) }),
      status: 'error', reason: ['"yesterday-ish"', 'not a valid time'],
    }]);
    runCases(byId('maxExecutionsPerHour'), [{
      name: 'rate limit: an undated action of the same key', ctx: () => context({ records: bad({ outcome: 'executed' }) }),
      status: 'error', reason: ['"yesterday-ish"'],
    }]);
    runCases(byId('circuitBreaker'), [{
      name: 'circuit breaker: an undated failure of the same key', ctx: () => context({ records: bad({ outcome: 'verification_failed' }) }),
      status: 'error', reason: ['"yesterday-ish"'],
    }]);
    runCases(byId('maxConcurrentActions'), [{
      name: 'concurrency: an undated executed record with no final record', ctx: () => context({ records: bad({ outcome: 'executed' }) }),
      status: 'error', reason: ['"yesterday-ish"'],
    }]);
    runCases(byId('cooldownMinutes'), [{
      name: 'an undated dry run is no action and does not matter', ctx: () => context({ records: bad({ outcome: 'dry_run' }) }),
      status: 'pass',
    }]);
  });

  describe('a record from the future (clocks that disagree) still counts, and says so', () => {
    runCases(byId('cooldownMinutes'), [{
      name: 'cooldown: an action 30 minutes in the future',
      ctx: () => context({ records: [auditRecord({ time: minutesAgo(-30) })] }),
      status: 'fail', reason: ['30 minutes in the future', 'the clocks disagree'],
    }]);
    runCases(byId('cooldownMinutes'), [{
      name: 'cooldown: an action at the last valid date',
      ctx: () => context({ records: [auditRecord({ time: '+275760-09-13T00:00:00.000Z' })] }),
      status: 'fail', reason: ['in the future', 'past any valid date'],
    }]);
  });

  it('a cooldown over 200,000 actions in the window fails without overflowing the stack', () => {
    const records = Array.from({ length: 200_000 }, (_, i) => auditRecord({ id: `a${i}`, time: minutesAgo(1 + (i % 5)) }));
    const v = byId('cooldownMinutes').evaluate(context({ records }));
    assert.strictEqual(v.status, 'fail', v.reason);
    assert.match(v.reason, /1 minute ago/);
  });

  it('a rate limit over 200,000 actions in the window fails without overflowing the stack', () => {
    const records = Array.from({ length: 200_000 }, (_, i) => auditRecord({ id: `a${i}`, time: minutesAgo(1 + (i % 50)) }));
    const v = byId('maxExecutionsPerHour').evaluate(context({ records }));
    assert.strictEqual(v.status, 'fail', v.reason);
    assert.match(v.reason, /oldest stops counting at 10:10 UTC/);
  });
});

describe('runbook schema: every duration and count is bounded', () => {
  const seed = SEED();
  const valid = (text: string) => !parseRunbooks(text).diagnostics.some((d) => d.severity === 'error');
  const cases: [string, string, string][] = [
    ['cooldownMinutes', 'cooldownMinutes: 10', 'cooldownMinutes: 525601'],
    ['maxExecutionsPerHour', 'maxExecutionsPerHour: 3', 'maxExecutionsPerHour: 1001'],
    ['maxConcurrentActions', 'maxConcurrentActions: 1', 'maxConcurrentActions: 1001'],
    ['minimumReadyReplicasWithSameApp', 'minimumReadyReplicasWithSameApp: 2', 'minimumReadyReplicasWithSameApp: 10001'],
    ['circuitBreaker.windowMinutes', 'maxConcurrentActions: 1', 'maxConcurrentActions: 1\n    circuitBreaker: { failureThreshold: 2, windowMinutes: 525601 }'],
    ['circuitBreaker.failureThreshold', 'maxConcurrentActions: 1', 'maxConcurrentActions: 1\n    circuitBreaker: { failureThreshold: 1001, windowMinutes: 60 }'],
    ['blastRadius.maxTargetsPerRun', 'maxConcurrentActions: 1', 'maxConcurrentActions: 1\n    blastRadius: { maxTargetsPerRun: 10001 }'],
    ['maxStateAgeSeconds', 'maxConcurrentActions: 1', 'maxConcurrentActions: 1\n    maxStateAgeSeconds: 31536001'],
    ['verification.timeoutSeconds', 'timeoutSeconds: 120', 'timeoutSeconds: 3601'],
  ];
  it('the seed runbook validates', () => assert.ok(valid(seed)));
  for (const [field, from, to] of cases) {
    it(`refuses ${field} above its maximum`, () => assert.ok(!valid(edit(seed, from, to)), `${to} validated`));
  }
  it('accepts a cooldown and a breaker window of exactly one year', () => {
    assert.ok(valid(edit(seed, 'cooldownMinutes: 10', 'cooldownMinutes: 525600')));
    assert.ok(valid(edit(seed, 'maxConcurrentActions: 1', 'maxConcurrentActions: 1\n    circuitBreaker: { failureThreshold: 2, windowMinutes: 525600 }')));
  });
});
