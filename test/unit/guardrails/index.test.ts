import * as assert from 'assert';
import { ALL_GUARDRAILS } from '../../../src/core/guardrails';
import type { GuardrailContext } from '../../../src/core/guardrails/types';
import { LAB_SINGLETON_POD, context } from '../../support/k8s';

describe('ALL_GUARDRAILS', () => {
  it('lists every guardrail once, in evaluation order', () => {
    assert.deepStrictEqual(ALL_GUARDRAILS.map((g) => g.id), [
      'killSwitch', 'allowedNamespaces', 'requiredLabels', 'controllerOwner', 'blockingAnnotation', 'stateFreshness',
      'rolloutInProgress', 'minimumReadyReplicasWithSameApp', 'podDisruptionBudget', 'cooldownMinutes',
      'maxExecutionsPerHour', 'maxConcurrentActions', 'blastRadius', 'circuitBreaker', 'metricPreconditions',
    ]);
  });

  it('never throws: an exception while evaluating becomes an error verdict, never a pass', () => {
    const exploding = new Proxy({}, { get: (_t, prop) => { throw new Error(`cannot read ${String(prop)}`); } }) as GuardrailContext;
    for (const g of ALL_GUARDRAILS) {
      const v = g.evaluate(exploding);
      assert.strictEqual(v.status, 'error', g.id);
      assert.match(v.reason, /cannot read/);
    }
  });

  it('seed lab: every guardrail lets the marked web pod through', () => {
    const blocking = ALL_GUARDRAILS.map((g) => g.evaluate(context())).filter((v) => v.status === 'fail' || v.status === 'error');
    assert.deepStrictEqual(blocking, []);
  });

  it('seed lab: only the replica floor stops the singleton pod', () => {
    const blocking = ALL_GUARDRAILS.map((g) => g.evaluate(context({ target: LAB_SINGLETON_POD })))
      .filter((v) => v.status === 'fail' || v.status === 'error');
    assert.deepStrictEqual(blocking.map((v) => [v.guardrail, v.status, v.reason]), [[
      'minimumReadyReplicasWithSameApp', 'fail', 'only 1 Ready pod with app=singleton in aiops-remediation-lab (counting the pods of Deployment singleton); the runbook needs 2',
    ]]);
  });
});
