import { allowedNamespaces } from './allowedNamespaces';
import { blastRadius } from './blastRadius';
import { blockingAnnotation } from './blockingAnnotation';
import { circuitBreaker } from './circuitBreaker';
import { controllerOwner } from './controllerOwner';
import { cooldownMinutes } from './cooldownMinutes';
import { killSwitch } from './killSwitch';
import { maxConcurrentActions } from './maxConcurrentActions';
import { maxExecutionsPerHour } from './maxExecutionsPerHour';
import { metricPreconditions } from './metricPreconditions';
import { minimumReadyReplicasWithSameApp } from './minimumReadyReplicasWithSameApp';
import { podDisruptionBudget } from './podDisruptionBudget';
import { requiredLabels } from './requiredLabels';
import { rolloutInProgress } from './rolloutInProgress';
import { stateFreshness } from './stateFreshness';
import { helmReleaseExists } from './helmReleaseExists';
import { helmReleaseNotPending } from './helmReleaseNotPending';
import { helmTargetRevision } from './helmTargetRevision';
import { maxMinutesSinceChange } from './maxMinutesSinceChange';
import type { GuardrailId } from '../model/verdict';
import type { Guardrail } from './types';

export {
  allowedNamespaces, blastRadius, blockingAnnotation, circuitBreaker, controllerOwner, cooldownMinutes, killSwitch,
  maxConcurrentActions, maxExecutionsPerHour, metricPreconditions, minimumReadyReplicasWithSameApp, podDisruptionBudget, requiredLabels,
  rolloutInProgress, stateFreshness, helmReleaseExists, helmReleaseNotPending, helmTargetRevision, maxMinutesSinceChange,
};

/**
 * Every guardrail in evaluation order: cheap global and scope checks first, then the live state of the
 * workload, then history. ('targetExists' is decided by the engine while resolving the target.)
 */
export const ALL_GUARDRAILS: readonly Guardrail[] = [
  killSwitch,
  allowedNamespaces,
  requiredLabels,
  controllerOwner,
  blockingAnnotation,
  stateFreshness,
  rolloutInProgress,
  minimumReadyReplicasWithSameApp,
  podDisruptionBudget,
  cooldownMinutes,
  maxExecutionsPerHour,
  maxConcurrentActions,
  blastRadius,
  circuitBreaker,
  // Last: it reads values measured before the decision, and says whether the symptom is still there.
  metricPreconditions,
];

/**
 * Guardrails that apply to some action types only; a descriptor lists the ids it needs (`guardrails`),
 * and the engine runs them right before the history guardrails (cooldown and after).
 */
export const ACTION_GUARDRAILS: readonly Guardrail[] = [helmReleaseExists, helmReleaseNotPending, helmTargetRevision, maxMinutesSinceChange];

/** The guardrails for an action whose descriptor lists `extra`: ALL_GUARDRAILS with those inserted before cooldownMinutes. */
export function guardrailsWith(extra: readonly GuardrailId[]): readonly Guardrail[] {
  if (extra.length === 0) return ALL_GUARDRAILS;
  const added = ACTION_GUARDRAILS.filter((g) => extra.includes(g.id));
  const at = ALL_GUARDRAILS.findIndex((g) => g.id === 'cooldownMinutes');
  return [...ALL_GUARDRAILS.slice(0, at), ...added, ...ALL_GUARDRAILS.slice(at)];
}
