import type { ActionType } from '../model/runbook';
import type { Permission } from './plan';

type Rule = Omit<Permission, 'namespace'>;

/** Reads the engine does for any plan (snapshot of the target's namespace). */
export const READ_RULES: readonly Rule[] = [
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'get', group: '', resource: 'pods' },
  { verb: 'list', group: 'apps', resource: 'replicasets' },
  { verb: 'list', group: 'apps', resource: 'deployments' },
  { verb: 'get', group: 'apps', resource: 'deployments' },
  { verb: 'list', group: 'apps', resource: 'statefulsets' },
  { verb: 'list', group: 'policy', resource: 'poddisruptionbudgets' },
  // verification watches the namespace
  { verb: 'watch', group: '', resource: 'pods' },
  { verb: 'watch', group: 'apps', resource: 'replicasets' },
  { verb: 'watch', group: 'apps', resource: 'deployments' },
];

const ACTION_RULES: Record<ActionType, readonly Rule[]> = {
  deletePod: [{ verb: 'delete', group: '', resource: 'pods' }],
  evictPod: [{ verb: 'create', group: '', resource: 'pods', subresource: 'eviction' }],
  scaleDeployment: [
    { verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale' },
    { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale' },
  ],
  rolloutRestart: [{ verb: 'patch', group: 'apps', resource: 'deployments' }],
  rollbackDeployment: [{ verb: 'patch', group: 'apps', resource: 'deployments' }],
  collectEvidence: [{ verb: 'list', group: 'events.k8s.io', resource: 'events' }],
};

/** Least privilege: what this action needs in `namespace`, and nothing else. */
export function actionPermissions(type: ActionType, namespace: string): Permission[] {
  return ACTION_RULES[type].map((r) => ({ ...r, namespace }));
}

export function readPermissions(namespace: string): Permission[] {
  return READ_RULES.map((r) => ({ ...r, namespace }));
}

export function permissionLabel(p: Permission): string {
  const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return `${p.verb} ${p.group ? `${res}.${p.group}` : res} in ${p.namespace}`;
}
