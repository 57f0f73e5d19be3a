import type { PlanMode } from '../model/audit';
import type { Incident } from '../model/incident';
import type { Runbook } from '../model/runbook';
import { blocks, type Verdict } from '../model/verdict';

export interface TriggerMatch {
  symptomMatched: boolean;
  causeMatched: boolean | 'not_given';
  confidence: number;
  minimumConfidence: number;
}

export function matchTrigger(runbook: Runbook, incident: Incident): TriggerMatch {
  const t = runbook.spec.triggers;
  return {
    symptomMatched: t.symptoms.includes(incident.symptom),
    causeMatched: incident.probableCause === undefined ? 'not_given' : t.probableCauses.includes(incident.probableCause),
    confidence: incident.confidence,
    minimumConfidence: t.minimumConfidence,
  };
}

/**
 * Diagnosis confidence and action risk stay separate:
 *   no trigger match            -> manual  (page a human)
 *   a guardrail fails or errors -> abort   (do nothing, escalate per onGuardrailFailure)
 *   runbook is human-led        -> manual
 *   confidence below minimum    -> suggest
 *   otherwise the runbook's decisionMode, but risk: high never runs without approval.
 * An incident with no probable cause (a human marked the pod) matches on its symptom alone.
 */
export function chooseMode(runbook: Runbook, match: TriggerMatch, verdicts: readonly Verdict[]): { mode: PlanMode; reason: string } {
  const name = runbook.metadata.name;
  if (!match.symptomMatched) {
    return { mode: 'manual', reason: `no trigger of ${name} matches this symptom: a human decides` };
  }
  if (match.causeMatched === false) {
    return { mode: 'manual', reason: `the probable cause is not one ${name} is written for: a human decides` };
  }
  const blocking = verdicts.filter(blocks);
  if (blocking.length > 0) {
    const names = blocking.map((v) => `${v.guardrail} (${v.status})`).join(', ');
    return { mode: 'abort', reason: `blocked by ${names}: nothing is done; escalate: ${runbook.spec.escalation.onGuardrailFailure}` };
  }
  const decisionMode = runbook.spec.decisionMode;
  if (decisionMode === 'manual') {
    return { mode: 'manual', reason: `${name} is human-led: automation only prepares the plan` };
  }
  if (match.confidence < match.minimumConfidence) {
    return { mode: 'suggest', reason: `diagnosis confidence ${fmt(match.confidence)} is below the runbook's minimum ${fmt(match.minimumConfidence)}: suggest only` };
  }
  if (decisionMode === 'suggest') return { mode: 'suggest', reason: `${name} only suggests; a human runs it` };
  if (runbook.spec.risk === 'high' && decisionMode === 'auto_execute') {
    return { mode: 'approval_required', reason: 'the action is high risk, so it needs a human approval even though the runbook says auto_execute' };
  }
  if (decisionMode === 'approval_required') {
    return { mode: 'approval_required', reason: `${name} requires a human approval before acting (risk ${runbook.spec.risk})` };
  }
  return { mode: 'auto_execute', reason: `every guardrail passed and ${name} allows automatic execution (risk ${runbook.spec.risk})` };
}

export function fmt(n: number): string {
  return Number.isInteger(n * 100) ? n.toFixed(2) : String(n);
}
