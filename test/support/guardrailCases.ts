// Table-driven guardrail tests: each case builds a context, names the expected status, and checks the
// reason (a sentence a service owner reads) and a subset of the evidence.
import * as assert from 'assert';
import type { Guardrail, GuardrailContext } from '../../src/core/guardrails/types';
import type { VerdictStatus } from '../../src/core/model/verdict';

export interface GuardrailCase {
  name: string;
  ctx: () => GuardrailContext;
  status: VerdictStatus;
  /** Substrings (or patterns) the reason must contain. */
  reason?: (string | RegExp)[];
  /** Evidence fields that must be deep-equal. */
  evidence?: Record<string, unknown>;
}

export function runCases(guardrail: Guardrail, cases: GuardrailCase[]): void {
  for (const c of cases) {
    it(`${c.status}: ${c.name}`, () => {
      const v = guardrail.evaluate(c.ctx());
      assert.strictEqual(v.guardrail, guardrail.id);
      assert.strictEqual(v.status, c.status, `reason was: ${v.reason}`);
      assert.ok(v.reason.length > 0, 'a verdict always has a reason');
      for (const part of c.reason ?? []) {
        if (typeof part === 'string') assert.ok(v.reason.includes(part), `reason "${v.reason}" lacks "${part}"`);
        else assert.match(v.reason, part);
      }
      for (const [key, value] of Object.entries(c.evidence ?? {})) {
        assert.deepStrictEqual(v.evidence?.[key], value, `evidence.${key} in ${JSON.stringify(v.evidence)}`);
      }
    });
  }
}
