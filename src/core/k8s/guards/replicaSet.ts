// ReplicaSet: the link from a pod to its Deployment, and its replica counts.
import { labelSelector, namespacedMeta, podTemplate } from './meta';
import { object, optional, optionalCount, optionalString, type Shape } from './shape';

export const checkReplicaSet: Shape = object({
  apiVersion: optionalString,
  metadata: namespacedMeta,
  spec: optional(object({ replicas: optionalCount, selector: optional(labelSelector), template: optional(podTemplate) })),
  status: optional(object({ replicas: optionalCount, readyReplicas: optionalCount, availableReplicas: optionalCount })),
});
