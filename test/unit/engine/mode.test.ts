import { strict as assert } from 'assert';
import { chooseMode, type TriggerMatch } from '../../../src/core/engine/mode';
import type { DecisionMode, Risk } from '../../../src/core/model/runbook';
import type { Verdict, VerdictStatus } from '../../../src/core/model/verdict';
import { runbook } from '../../support/k8s';

type Match = 'none' | 'cause_mismatch' | 'cause_not_given' | 'full';
const MATCHES: Match[] = ['none', 'cause_mismatch', 'cause_not_given', 'full'];
const CONFIDENCES = [0.5, 0.8, 0.95]; // below, equal to, above the minimum 0.8
const RISKS: Risk[] = ['low', 'medium', 'high'];
const MODES: DecisionMode[] = ['manual', 'suggest', 'approval_required', 'auto_execute'];
const GUARDRAILS: VerdictStatus[] = ['pass', 'skip', 'fail', 'error'];

function trigger(match: Match, confidence: number): TriggerMatch {
  return {
    symptomMatched: match !== 'none',
    causeMatched: match === 'cause_not_given' ? 'not_given' : match === 'full',
    confidence,
    minimumConfidence: 0.8,
  };
}

function verdicts(status: VerdictStatus): Verdict[] {
  return [
    { guardrail: 'allowedNamespaces', status: 'pass', reason: 'allowed' },
    { guardrail: 'minimumReadyReplicasWithSameApp', status, reason: status },
  ];
}

/** The rule, written out once as a table a reviewer can read (mode.ts explains the order). */
function expected(match: Match, confidence: number, risk: Risk, decisionMode: DecisionMode, g: VerdictStatus): string {
  if (match === 'none' || match === 'cause_mismatch') return 'manual';
  if (g === 'fail' || g === 'error') return 'abort';
  if (decisionMode === 'manual') return 'manual';
  if (confidence < 0.8) return 'suggest';
  if (decisionMode === 'suggest') return 'suggest';
  if (risk === 'high') return 'approval_required';
  return decisionMode;
}

describe('decision mode matrix (match x confidence x risk x decisionMode x guardrails)', () => {
  let cases = 0;
  for (const match of MATCHES) for (const confidence of CONFIDENCES) for (const risk of RISKS)
    for (const decisionMode of MODES) for (const g of GUARDRAILS) {
      cases++;
      const want = expected(match, confidence, risk, decisionMode, g);
      it(`${match} / confidence ${confidence} / ${risk} / ${decisionMode} / guardrail ${g} -> ${want}`, () => {
        const rb = runbook({ spec: { risk, decisionMode } });
        const got = chooseMode(rb, trigger(match, confidence), verdicts(g));
        assert.equal(got.mode, want);
        assert.ok(got.reason.length > 10, 'every mode carries a reason');
      });
    }
  it('covers every combination', () => assert.equal(cases, 4 * 3 * 3 * 4 * 4));

  it('never executes a high-risk action without approval', () => {
    for (const decisionMode of MODES) for (const confidence of CONFIDENCES) {
      const got = chooseMode(runbook({ spec: { risk: 'high', decisionMode } }), trigger('full', confidence), verdicts('pass'));
      assert.notEqual(got.mode, 'auto_execute');
    }
  });

  it('keeps confidence and risk separate: certain diagnosis of a high-risk action still needs approval', () => {
    const got = chooseMode(runbook({ spec: { risk: 'high', decisionMode: 'auto_execute' } }), trigger('full', 1), verdicts('pass'));
    assert.equal(got.mode, 'approval_required');
    assert.match(got.reason, /high risk/);
  });

  it('an error verdict blocks like a fail (error is never treated as pass)', () => {
    const got = chooseMode(runbook(), trigger('full', 1), verdicts('error'));
    assert.equal(got.mode, 'abort');
    assert.match(got.reason, /minimumReadyReplicasWithSameApp \(error\)/);
    assert.match(got.reason, /page_service_owner/);
  });
});
