// Deployment: replica counts, rollout progress (generation, conditions) and the pod template's labels.
import { condition, labelSelector, namespacedMeta, podTemplate } from './meta';
import { list, object, optional, optionalBoolean, optionalCount, optionalString, integer, type Shape } from './shape';

export const checkDeployment: Shape = object({
  apiVersion: optionalString,
  metadata: namespacedMeta,
  spec: optional(object({
    replicas: optionalCount,
    selector: optional(labelSelector),
    template: optional(podTemplate),
    paused: optionalBoolean,
  })),
  status: optional(object({
    observedGeneration: optional(integer),
    replicas: optionalCount,
    updatedReplicas: optionalCount,
    readyReplicas: optionalCount,
    availableReplicas: optionalCount,
    unavailableReplicas: optionalCount,
    conditions: optional(list(condition)),
  })),
});
