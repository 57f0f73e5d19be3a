// PodDisruptionBudget: which pods it covers (selector) and how many disruptions it allows now (status).
import { labelSelector, namespacedMeta } from './meta';
import { countOrPercent, object, optional, optionalCount, optionalString, type Shape } from './shape';

export const checkPodDisruptionBudget: Shape = object({
  apiVersion: optionalString,
  metadata: namespacedMeta,
  spec: optional(object({
    selector: optional(labelSelector),
    minAvailable: optional(countOrPercent),
    maxUnavailable: optional(countOrPercent),
  })),
  status: optional(object({
    disruptionsAllowed: optionalCount,
    currentHealthy: optionalCount,
    desiredHealthy: optionalCount,
    expectedPods: optionalCount,
  })),
});
