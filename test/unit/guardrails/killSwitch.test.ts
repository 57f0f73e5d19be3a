import { killSwitch } from '../../../src/core/guardrails/killSwitch';
import { runCases } from '../../support/guardrailCases';
import { context } from '../../support/k8s';

describe('guardrail killSwitch', () => {
  // It reads one boolean setting; 'error' only comes from the never-throw wrapper (see index.test.ts).
  runCases(killSwitch, [
    { name: 'kill switch released', ctx: () => context(), status: 'pass' },
    { name: 'kill switch engaged', ctx: () => context({ settings: { killSwitch: true } }), status: 'fail', reason: ['kill switch is engaged'] },
  ]);
});
