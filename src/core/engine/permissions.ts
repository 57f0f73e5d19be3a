// The one table of Kubernetes API requests Remediator makes, per pipeline step and per action and
// rollback type (each action's own requests are in its descriptor, src/core/actions). The exported Job's RBAC, the pre-flight access check and the adapters' tests all read
// it: a unit test replays the adapters' code paths against a recorder and proves every request they
// send is an entry here, and the exported Role grants exactly the entries a runbook's steps use.
import { ACTIONS, ACTION_TYPES, SCALE_NEEDS, UNDO_NEEDS, actionTargetKinds, descriptor, need, type ApiNeed, type Place, type Rule } from '../actions';
import { isWorkloadKind } from '../k8s/workload';
import type { ActionType, RollbackType, Runbook } from '../model/runbook';
import type { Permission } from './plan';

export type { ApiNeed, Place, Rule } from '../actions';

/** Pipeline steps that make API requests regardless of the action type. */
export type Step = 'snapshot' | 'verify' | 'lock' | 'state' | 'accessReview';

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

/** Each action's requests, read from its descriptor. */
export const ACTION_NEEDS: Readonly<Record<ActionType, readonly ApiNeed[]>> = Object.fromEntries(
  ACTION_TYPES.map((type) => [type, ACTIONS[type].needs]),
) as Record<ActionType, readonly ApiNeed[]>;

/** What the rollback after a failed verification sends (the same writer calls as the matching action), for Deployments. */
export const ROLLBACK_NEEDS: Record<RollbackType, readonly ApiNeed[]> = {
  controller_recreates_pod: [], manual: [], none: [],
  scale_to_previous_replicas: SCALE_NEEDS,
  rollout_undo: UNDO_NEEDS,
};

/** What the rollback sends after this action: the descriptor's own entry (a StatefulSet's scale), else the table's. */
export function rollbackNeeds(rollback: RollbackType, type: ActionType): readonly ApiNeed[] {
  return descriptor(type).rollbackNeeds?.[rollback] ?? ROLLBACK_NEEDS[rollback];
}

const TARGET_READ: Readonly<Record<string, ApiNeed>> = {
  Pod: need('get', '', 'pods'),
  Deployment: need('get', 'apps', 'deployments', 'target', { forKind: 'Deployment' }),
  StatefulSet: need('get', 'apps', 'statefulsets', 'target', { forKind: 'StatefulSet' }),
};

/** The audit Event on the target: create it, reading the target (get; a 404 is fine) for its uid. */
export function eventNeeds(type: ActionType): readonly ApiNeed[] {
  return [need('create', 'events.k8s.io', 'events'), ...actionTargetKinds(type).map((kind) => TARGET_READ[kind])];
}

/** serve only: raising the series count of an Event it posted (src/adapters/k8s/coalescingEvents.ts). */
export const EVENT_SERIES_NEED: ApiNeed = need('patch', 'events.k8s.io', 'events');

/** The needs sent when the target is the workload `kind`: those marked for the other workload kind are left out. */
export function forTargetKind(needs: readonly ApiNeed[], kind: string | undefined): ApiNeed[] {
  if (!isWorkloadKind(kind)) return [...needs];
  return needs.filter((n) => n.forKind === undefined || n.forKind === kind);
}

/** Every request a runbook's Job can make: scan, re-decide, act, verify, roll back, audit, lock, state. */
export function runbookNeeds(runbook: Runbook): ApiNeed[] {
  return dedupe([
    ...STEP_NEEDS.snapshot, ...STEP_NEEDS.verify, ...STEP_NEEDS.lock, ...STEP_NEEDS.state, ...STEP_NEEDS.accessReview,
    ...ACTION_NEEDS[runbook.spec.action.type], ...rollbackNeeds(runbook.spec.rollback.type, runbook.spec.action.type), ...eventNeeds(runbook.spec.action.type),
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

/** Least privilege: what this action needs in `namespace` (on a target of `kind`, when given), and nothing else. */
export function actionPermissions(type: ActionType, namespace: string, kind?: string): Permission[] {
  return grantedAt(forTargetKind(ACTION_NEEDS[type], kind), 'target').map((r) => ({ ...r, namespace }));
}

/** The namespaced reads every plan needs before and after acting (snapshot and verification watch). */
export function readPermissions(namespace: string): Permission[] {
  return grantedAt([...STEP_NEEDS.snapshot, ...STEP_NEEDS.verify], 'target').map((r) => ({ ...r, namespace }));
}

export function permissionLabel(p: Permission): string {
  const res = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  return `${p.verb} ${p.group ? `${res}.${p.group}` : res} in ${p.namespace}`;
}
