// StatefulSet: a pod controller of its own (no ReplicaSet in between), with replica counts and revisions.
import { labelSelector, namespacedMeta, podTemplate } from './meta';
import { integer, object, optional, optionalCount, optionalString, type Shape } from './shape';

export const checkStatefulSet: Shape = object({
  apiVersion: optionalString,
  metadata: namespacedMeta,
  spec: optional(object({ replicas: optionalCount, selector: optional(labelSelector), template: optional(podTemplate) })),
  status: optional(object({
    observedGeneration: optional(integer),
    replicas: optionalCount,
    readyReplicas: optionalCount,
    availableReplicas: optionalCount,
    updatedReplicas: optionalCount,
    currentRevision: optionalString,
    updateRevision: optionalString,
  })),
});
