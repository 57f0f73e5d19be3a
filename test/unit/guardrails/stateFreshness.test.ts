import { stateFreshness } from '../../../src/core/guardrails/stateFreshness';
import { runCases } from '../../support/guardrailCases';
import { LAB_NOW, context, labSnapshot, runbook } from '../../support/k8s';

const secondsAfter = (s: number) => new Date(LAB_NOW.getTime() + s * 1000);

describe('guardrail stateFreshness', () => {
  runCases(stateFreshness, [
    { name: 'state read 30 s ago (default limit 60 s)', ctx: () => context({ now: secondsAfter(30) }), status: 'pass', evidence: { ageSeconds: 30, maxStateAgeSeconds: 60 } },
    { name: 'offline state has no age', ctx: () => context({ snapshot: labSnapshot({ takenAt: null }) }), status: 'skip', reason: ['offline state'] },
    {
      name: 'state 95 s old', ctx: () => context({ now: secondsAfter(95) }), status: 'fail',
      reason: ['the cluster state is 95 seconds old', 'at most 60 seconds'],
    },
    {
      name: 'runbook limit 120 s', ctx: () => context({ now: secondsAfter(95), runbook: runbook({ guardrails: { maxStateAgeSeconds: 120 } }) }),
      status: 'pass',
    },
    { name: 'state from the future', ctx: () => context({ now: secondsAfter(-10) }), status: 'error', reason: ['10 seconds in the future'] },
    { name: 'unparsable time', ctx: () => context({ snapshot: labSnapshot({ takenAt: 'yesterday' }) }), status: 'error', reason: ['"yesterday" is not a valid time'] },
  ]);
});
