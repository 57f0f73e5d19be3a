// Namespace: only its metadata (labels, and the annotations blockingAnnotation reads).
import { clusterMeta } from './meta';
import { object, optionalString, type Shape } from './shape';

export const checkNamespace: Shape = object({ apiVersion: optionalString, metadata: clusterMeta });
