import { circuitBreaker } from '../../../src/core/guardrails/circuitBreaker';
import type { Outcome } from '../../../src/core/model/audit';
import { runCases } from '../../support/guardrailCases';
import { LAB_SINGLETON_POD, auditRecord, context, minutesAgo, runbook } from '../../support/k8s';

const failed = (id: string, minutes: number, outcome: Outcome = 'verification_failed') => auditRecord({ id, outcome, time: minutesAgo(minutes) });
/** The seed runbook escalates with open_incident_and_disable_runbook; this one only pages. */
const paging = (extra: Parameters<typeof runbook>[0] = {}) => runbook({
  ...extra, spec: { ...extra.spec, escalation: { onGuardrailFailure: 'page_service_owner', onVerificationFailure: 'page_service_owner' } },
});

describe('guardrail circuitBreaker', () => {
  runCases(circuitBreaker, [
    { name: 'lab: no failures', ctx: () => context(), status: 'pass', reason: ['is closed', 'one failed verification disables the runbook'] },
    {
      name: 'seed runbook: one failed verification disables it',
      ctx: () => context({ records: [failed('a', 200)] }), status: 'fail',
      reason: ['is open: 1 failed verification or rollback', 'last at 06:40 UTC', 'open_incident_and_disable_runbook', 'until a human resets it'],
      evidence: { failures: 1, threshold: 1, disablesRunbook: true },
    },
    {
      name: 'seed runbook: a failure on another app does not count',
      ctx: () => context({ records: [failed('a', 5)], target: LAB_SINGLETON_POD }), status: 'pass',
    },
    {
      name: 'default breaker: 2 failures in an hour stay closed',
      ctx: () => context({ runbook: paging(), records: [failed('a', 30), failed('b', 10)] }), status: 'pass',
      reason: ['2 failed verifications or rollbacks in the last 60 minutes; it opens at 3'],
    },
    {
      name: 'default breaker: 3 failures in an hour open it',
      ctx: () => context({ runbook: paging(), records: [failed('a', 50), failed('b', 30, 'rolled_back'), failed('c', 10)] }), status: 'fail',
      reason: ['is open: 3 failed verifications or rollbacks in the last 60 minutes (last at 09:50 UTC'],
    },
    {
      name: 'a rolled_back record after verification_failed is one failed attempt',
      ctx: () => context({ runbook: paging(), records: [failed('a', 20), failed('a', 19, 'rolled_back'), failed('b', 10)] }), status: 'pass',
      evidence: { failures: 2 },
    },
    {
      name: 'failures outside the window do not count',
      ctx: () => context({ runbook: paging(), records: [failed('a', 90), failed('b', 80), failed('c', 10)] }), status: 'pass',
    },
    {
      name: 'configured threshold 1 within 30 minutes',
      ctx: () => context({ runbook: paging({ guardrails: { circuitBreaker: { failureThreshold: 1, windowMinutes: 30 } } }), records: [failed('a', 10)] }),
      status: 'fail',
    },
    {
      name: 'invalid configured threshold',
      ctx: () => context({ runbook: paging({ guardrails: { circuitBreaker: { failureThreshold: 0, windowMinutes: 30 } } }) }),
      status: 'error', reason: ['failureThreshold'],
    },
  ]);
});
