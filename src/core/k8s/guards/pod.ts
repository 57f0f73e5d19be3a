// Pod: what the engine reads to decide readiness, ownership and why a pod looks unhealthy (src/core/k8s/pods.ts).
import { condition, namespacedMeta } from './meta';
import { anyMapping, integer, list, object, optional, optionalBoolean, optionalCount, optionalString, string, type Shape } from './shape';

const terminated = object({ reason: optionalString, exitCode: optional(integer) });

const containerState = object({
  waiting: optional(object({ reason: optionalString, message: optionalString })),
  running: optional(anyMapping),
  terminated: optional(terminated),
});

const containerStatus = object({
  name: string,
  ready: optionalBoolean,
  restartCount: optionalCount,
  state: optional(containerState),
  lastState: optional(containerState),
});

export const checkPod: Shape = object({
  apiVersion: optionalString,
  metadata: namespacedMeta,
  spec: optional(object({
    nodeName: optionalString,
    containers: optional(list(object({ name: string, image: optionalString }))),
  })),
  status: optional(object({
    phase: optionalString,
    reason: optionalString,
    conditions: optional(list(condition)),
    containerStatuses: optional(list(containerStatus)),
  })),
});
