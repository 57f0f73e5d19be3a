// The one table of Kubernetes API requests Remediator makes, per pipeline step and per action and
// rollback type. The exported Job's RBAC, the pre-flight access check and the adapters' tests all read
// it: a unit test replays the adapters' code paths against a recorder and proves every request they
// send is an entry here, and the exported Role grants exactly the entries a runbook's steps use.
import { actionTargetKind, type ActionType, type RollbackType, type Runbook } from '../model/runbook';
import type { Permission } from './plan';

export type Rule = Omit<Permission, 'namespace'>;

/**
 * Where a request goes: `target` = each of the runbook's allowed namespaces; `state` = the namespace of
 * the shared state and Leases; `namespaceObject` = the cluster-scoped Namespace object of an allowed
 * namespace (by name); `cluster` = a cluster-scoped or all-namespaces request.
 */
export type Place = 'target' | 'state' | 'namespaceObject' | 'cluster';

export interface ApiNeed extends Rule {
  where: Place;
  /** Why a 403 on this request is tolerated (the caller falls back). Such requests are never granted. */
  tolerated?: string;
  /** Granted to every authenticated user by the API server's default roles (system:basic-user). */
  everyone?: boolean;
}

/** Pipeline steps that make API requests regardless of the action type. */
export type Step = 'snapshot' | 'verify' | 'lock' | 'state' | 'accessReview';

const need = (verb: string, group: string, resource: string, where: Place = 'target', extra: Partial<ApiNeed> = {}): ApiNeed =>
  ({ verb, group, resource, where, ...extra });

/** The five types a snapshot (and the verification watch) holds. */
const WORKLOADS: readonly [group: string, resource: string][] = [
  ['', 'pods'], ['apps', 'replicasets'], ['apps', 'deployments'], ['apps', 'statefulsets'], ['policy', 'poddisruptionbudgets'],
];
const CLUSTER_WIDE_LIST = 'with more than 4 namespaces a cluster-wide list is tried first; a 403 falls back to one list per namespace';
const CREATE_STATE_NAMESPACE = 'the state namespace is created when missing; a 403 leaves it to the next request to fail clearly';

export const STEP_NEEDS: Record<Step, readonly ApiNeed[]> = {
  snapshot: [
    ...WORKLOADS.map(([g, r]) => need('list', g, r)),
    ...WORKLOADS.map(([g, r]) => need('list', g, r, 'cluster', { tolerated: CLUSTER_WIDE_LIST })),
    // Blocking annotations on the Namespace: a denied read makes blockingAnnotation answer `error`.
    need('get', '', 'namespaces', 'namespaceObject'),
    need('list', '', 'namespaces', 'cluster', { tolerated: CLUSTER_WIDE_LIST }),
  ],
  // Verification watches the target's namespace (NamespaceCache: list, then watch, each of the five types).
  verify: WORKLOADS.flatMap(([g, r]) => [need('list', g, r), need('watch', g, r)]),
  lock: [
    ...['create', 'get', 'update', 'delete'].map((v) => need(v, 'coordination.k8s.io', 'leases', 'state')),
    need('create', '', 'namespaces', 'cluster', { tolerated: CREATE_STATE_NAMESPACE }),
  ],
  state: [
    ...['create', 'get', 'update'].map((v) => need(v, '', 'configmaps', 'state')),
    need('create', '', 'namespaces', 'cluster', { tolerated: CREATE_STATE_NAMESPACE }),
  ],
  accessReview: [
    need('create', 'authorization.k8s.io', 'selfsubjectaccessreviews', 'cluster', { everyone: true }),
    need('create', 'authentication.k8s.io', 'selfsubjectreviews', 'cluster', { everyone: true }),
  ],
};

const SCALE: readonly ApiNeed[] = [
  { ...need('get', 'apps', 'deployments'), subresource: 'scale' },
  // The writer replaces the Scale object with the resourceVersion it read (PUT = verb update).
  { ...need('update', 'apps', 'deployments'), subresource: 'scale' },
];
const UNDO: readonly ApiNeed[] = [
  need('get', 'apps', 'deployments'), need('list', 'apps', 'replicasets'), need('update', 'apps', 'deployments'),
];

export const ACTION_NEEDS: Record<ActionType, readonly ApiNeed[]> = {
  deletePod: [need('delete', '', 'pods')],
  evictPod: [{ ...need('create', '', 'pods'), subresource: 'eviction' }],
  scaleDeployment: SCALE,
  rolloutRestart: [need('get', 'apps', 'deployments'), need('patch', 'apps', 'deployments')],
  rollbackDeployment: UNDO,
  collectEvidence: [need('get', '', 'pods'), need('get', 'apps', 'deployments'), need('list', '', 'pods'), need('list', 'events.k8s.io', 'events')],
};

/** What the rollback after a failed verification sends (the same writer calls as the matching action). */
export const ROLLBACK_NEEDS: Record<RollbackType, readonly ApiNeed[]> = {
  controller_recreates_pod: [], manual: [], none: [],
  scale_to_previous_replicas: SCALE,
  rollout_undo: UNDO,
};

/** The audit Event on the target: create it, reading the target (get; a 404 is fine) for its uid. */
export function eventNeeds(type: ActionType): readonly ApiNeed[] {
  const kind = actionTargetKind(type);
  return [need('create', 'events.k8s.io', 'events'), kind === 'Pod' ? need('get', '', 'pods') : need('get', 'apps', 'deployments')];
}

/** Every request a runbook's Job can make: scan, re-decide, act, verify, roll back, audit, lock, state. */
export function runbookNeeds(runbook: Runbook): ApiNeed[] {
  return dedupe([
    ...STEP_NEEDS.snapshot, ...STEP_NEEDS.verify, ...STEP_NEEDS.lock, ...STEP_NEEDS.state, ...STEP_NEEDS.accessReview,
    ...ACTION_NEEDS[runbook.spec.action.type], ...ROLLBACK_NEEDS[runbook.spec.rollback.type], ...eventNeeds(runbook.spec.action.type),
  ]);
}

/** The needs that must be granted (not tolerated, not granted to everyone), at one place. */
export function grantedAt(needs: readonly ApiNeed[], where: Place): Rule[] {
  return dedupe(needs.filter((n) => n.where === where && !n.tolerated && !n.everyone)).map(({ verb, group, resource, subresource }) =>
    (subresource ? { verb, group, resource, subresource } : { verb, group, resource }));
}

export function needKey(n: Rule & { where?: Place }): string {
  return `${n.where ?? ''}|${n.verb}|${n.group}|${n.resource}|${n.subresource ?? ''}`;
}

function dedupe<T extends Rule & { where?: Place }>(needs: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const n of needs) if (!seen.has(needKey(n))) seen.set(needKey(n), n);
  return [...seen.values()];
}

/** Least privilege: what this action needs in `namespace`, and nothing else. */
export function actionPermissions(type: ActionType, namespace: string): Permission[] {
  return grantedAt(ACTION_NEEDS[type], 'target').map((r) => ({ ...r, namespace }));
}

/** The namespaced reads every plan needs before and after acting (snapshot and verification watch). */
export function readPermissions(namespace: string): Permission[] {
  return grantedAt([...STEP_NEEDS.snapshot, ...STEP_NEEDS.verify], 'target').map((r) => ({ ...r, namespace }));
}

export function permissionLabel(p: Permission): string {
  const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return `${p.verb} ${p.group ? `${res}.${p.group}` : res} in ${p.namespace}`;
}
