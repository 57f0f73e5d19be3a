// scaleStatefulSet: scaleDeployment's twin for a StatefulSet, through its scale subresource. The
// StatefulSet controller removes pods from the highest ordinal down, one at a time (OrderedReady).
import { STATEFULSET_PLACEHOLDER } from './commandTokens';
import { scaleAction, scaleNeeds } from './workloadScale';

export type ScaleStatefulSetDetails = { dryRun: boolean; previousReplicas: number; replicas: number };

export const scaleStatefulSet = scaleAction('scaleStatefulSet', 'StatefulSet', 'statefulset', STATEFULSET_PLACEHOLDER, 3.5, scaleNeeds('statefulsets'));
