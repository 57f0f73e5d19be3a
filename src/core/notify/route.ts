// Which channel hears about a notification. The runbook's escalation names are channel names:
// guardrail trouble (abort, manual, suggest, approval, error) goes to `onGuardrailFailure`, verification
// trouble to `onVerificationFailure`; an alert no runbook answers goes to the config's default channel.
// A resolve goes to the channels that heard the trigger (the outbox knows them).
import type { Runbook } from '../model/runbook';
import type { NotificationKind } from './notification';

export interface Escalation {
  onGuardrailFailure: string;
  onVerificationFailure: string;
}

/** The channel for a notification, or undefined when the name is not a configured channel (and no default). */
export function channelFor(kind: NotificationKind, escalation: Escalation | undefined, config: { channels: Readonly<Record<string, unknown>>; defaultChannel?: string }): string | undefined {
  const verification = kind === 'verification_failed' || kind === 'inconclusive' || kind === 'verified';
  const named = escalation === undefined ? undefined : verification ? escalation.onVerificationFailure : escalation.onGuardrailFailure;
  if (named !== undefined && Object.prototype.hasOwnProperty.call(config.channels, named)) return named;
  return config.defaultChannel;
}

export interface EscalationWarning {
  runbook: string;
  field: keyof Escalation;
  name: string;
  /** "escalation.onGuardrailFailure names page_service_owner, which is not a channel of the notify config (known: pagerduty-p1, ops-slack)" */
  message: string;
}

const ESCALATION_FIELDS: readonly (keyof Escalation)[] = ['onGuardrailFailure', 'onVerificationFailure'];

/** Escalation names that are not channels: a validation warning each, listing the known ones. */
export function escalationWarnings(runbooks: readonly Runbook[], config: { channels: Readonly<Record<string, unknown>> }): EscalationWarning[] {
  const known = Object.keys(config.channels);
  const warnings: EscalationWarning[] = [];
  for (const rb of runbooks) {
    for (const field of ESCALATION_FIELDS) {
      const name = rb.spec.escalation[field];
      if (Object.prototype.hasOwnProperty.call(config.channels, name)) continue;
      warnings.push({
        runbook: rb.metadata.name, field, name,
        message: `escalation.${field} names ${name}, which is not a channel of the notify config (known: ${known.join(', ') || 'none'})`,
      });
    }
  }
  return warnings;
}
