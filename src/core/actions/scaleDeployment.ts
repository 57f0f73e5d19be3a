// scaleDeployment: set a Deployment's replica count (replicas: N) or change it (by: N, bounded by
// minReplicas/maxReplicas), through the scale subresource.
import { DEPLOYMENT_PLACEHOLDER } from './commandTokens';
import { scaleAction, scaleNeeds } from './workloadScale';

export type ScaleDeploymentDetails = { dryRun: boolean; previousReplicas: number; replicas: number };

/** A Deployment's scale subresource: read, then replace (the table's scale_to_previous_replicas rollback). */
export const SCALE_NEEDS = scaleNeeds('deployments');

export const scaleDeployment = scaleAction('scaleDeployment', 'Deployment', 'deployment', DEPLOYMENT_PLACEHOLDER, 3, SCALE_NEEDS);
