// Shapes shared by several kinds: ObjectMeta, label selectors, conditions, pod templates.
import {
  integer, list, nonEmptyString, object, optional, optionalBoolean, optionalString, optionalStringMap, string, type Shape,
} from './shape';

const ownerReference = object({
  apiVersion: optionalString,
  kind: string,
  name: string,
  uid: optionalString,
  controller: optionalBoolean,
});

const metaFields = {
  name: nonEmptyString,
  uid: optionalString,
  resourceVersion: optionalString,
  generation: optional(integer),
  labels: optionalStringMap,
  annotations: optionalStringMap,
  ownerReferences: optional(list(ownerReference)),
  creationTimestamp: optionalString,
  deletionTimestamp: optionalString,
};

/** metadata of a namespaced object: name and namespace are required (the engine keys objects by both). */
export const namespacedMeta: Shape = object({ ...metaFields, namespace: nonEmptyString });
/** metadata of a cluster-scoped object (a Namespace). */
export const clusterMeta: Shape = object({ ...metaFields, namespace: optionalString });

export const labelSelector: Shape = object({
  matchLabels: optionalStringMap,
  matchExpressions: optional(list(object({ key: string, operator: string, values: optional(list(string)) }))),
});

export const condition: Shape = object({
  type: string,
  status: string,
  reason: optionalString,
  message: optionalString,
  lastTransitionTime: optionalString,
});

export const podTemplate: Shape = object({
  metadata: optional(object({ labels: optionalStringMap, annotations: optionalStringMap })),
});

