export type VerdictStatus = 'pass' | 'fail' | 'error' | 'skip';

export type GuardrailId =
  | 'targetExists'
  | 'killSwitch'
  | 'allowedNamespaces'
  | 'requiredLabels'
  | 'controllerOwner'
  | 'blockingAnnotation'
  | 'stateFreshness'
  | 'rolloutInProgress'
  | 'minimumReadyReplicasWithSameApp'
  | 'podDisruptionBudget'
  | 'cooldownMinutes'
  | 'maxExecutionsPerHour'
  | 'maxConcurrentActions'
  | 'blastRadius'
  | 'circuitBreaker'
  | 'metricPreconditions'
  | 'helmReleaseExists'
  | 'helmReleaseNotPending'
  | 'helmTargetRevision'
  | 'maxMinutesSinceChange';

/**
 * One guardrail's answer. `fail` = unsafe; `error` = could not evaluate (never treated as pass);
 * `skip` = does not apply or is not configured. `reason` is a sentence a service owner understands.
 */
export interface Verdict {
  guardrail: GuardrailId;
  status: VerdictStatus;
  reason: string;
  evidence?: Record<string, unknown>;
}

export function blocks(v: Verdict): boolean {
  return v.status === 'fail' || v.status === 'error';
}
