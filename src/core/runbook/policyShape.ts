// Seed 001's `remediation_policy:` shape: how each of its fields maps onto a RemediationRunbook.
// Shared by the converter (notes) and by validation (info diagnostics on a policy file).
import { diagnostic } from './diagnostics';
import type { Locator } from './positions';
import type { Diagnostic } from './types';

export const POLICY_KEY = 'remediation_policy';

export const POLICY_FIELD_MAPPING: Readonly<Record<string, string>> = {
  incident_type: 'metadata.name and spec.triggers.probableCauses (and a guess at the action)',
  detection_signal: 'spec.triggers.symptoms',
  auto_execute: 'spec.decisionMode (true: auto_execute, false: approval_required)',
  confidence_threshold: 'spec.triggers.minimumConfidence',
  max_attempts: 'spec.guardrails.circuitBreaker.failureThreshold and spec.guardrails.maxExecutionsPerHour',
  cooldown_after_action: 'spec.guardrails.cooldownMinutes (durations like 10m, 90s, 1h)',
  verification_window: 'spec.verification.timeoutSeconds',
  rollback_if_failed: 'spec.rollback.type and spec.escalation.onVerificationFailure',
  escalation_channel: 'spec.escalation.onGuardrailFailure and spec.escalation.onVerificationFailure',
};

export function isPolicyDocument(data: unknown): data is { remediation_policy: unknown } {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && POLICY_KEY in data;
}

/** Info diagnostics: this is the older policy shape; here is where each field goes. */
export function policyDiagnostics(data: { remediation_policy: unknown }, locator: Locator): Diagnostic[] {
  const diagnostics = [diagnostic('info', 'convert', 'policy-shape',
    'this is a remediation_policy (the self-healing lesson\'s shape), not a RemediationRunbook; '
    + 'run "remediator convert FILE" to turn it into a runbook, then fill in the fields marked FILL IN',
    locator.keyRange([POLICY_KEY]), [POLICY_KEY])];
  const policy = data.remediation_policy;
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return diagnostics;
  for (const field of Object.keys(policy)) {
    const target = Object.hasOwn(POLICY_FIELD_MAPPING, field) ? POLICY_FIELD_MAPPING[field] : undefined;
    const message = target
      ? `${field} becomes ${target} in a RemediationRunbook`
      : `${field} has no RemediationRunbook equivalent; convert drops it`;
    diagnostics.push(diagnostic('info', 'convert', target ? 'policy-field' : 'policy-field-unmapped', message,
      locator.keyRange([POLICY_KEY, field]), [POLICY_KEY, field]));
  }
  return diagnostics;
}
