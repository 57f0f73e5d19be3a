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
import type { Guardrail } from './types';

export {
  allowedNamespaces, blastRadius, blockingAnnotation, circuitBreaker, controllerOwner, cooldownMinutes, killSwitch,
  maxConcurrentActions, maxExecutionsPerHour, metricPreconditions, minimumReadyReplicasWithSameApp, podDisruptionBudget, requiredLabels,
  rolloutInProgress, stateFreshness,
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
