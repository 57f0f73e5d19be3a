// What the pre-action access review asks the API server about: every request this plan's steps will
// send, read from the one permissions table (the same one the exported Job's Role is built from). Asking
// for all of it up front means a missing permission is named before anything changes, instead of being
// discovered after the action (a refused rollback, Lease or state write half way through).
import type { Permission, Plan } from '../engine/plan';
import { ACTION_NEEDS, STEP_NEEDS, eventNeeds, forTargetKind, grantedAt, permissionLabel, rollbackNeeds, type ApiNeed } from '../engine/permissions';
import type { RollbackType } from '../model/runbook';

/** Where the pipeline's own bookkeeping lives, so its permissions can be reviewed too. */
export interface AccessScope {
  /** Namespace of the lock Leases and the shared-state ConfigMaps. */
  stateNamespace: string;
  /** false when the shared state is kept in a local file: no state ConfigMaps are touched. */
  clusterState: boolean;
  /** false when no audit Event is written on the target (an untrusted workspace writes none). */
  events: boolean;
}

/**
 * The permissions a plan needs, deduplicated: snapshot reads and verification watches, the action, the
 * rollback, the audit Event (target namespace), the Namespace read (by name), and, given a scope, the
 * Lease and state ConfigMaps. Entries the table marks as tolerated or granted to everyone are left out.
 */
export function accessNeeds(plan: Plan, rollback: RollbackType, scope?: AccessScope): Permission[] {
  const ns = plan.target.namespace;
  // An action that takes either workload kind only sends the requests of the kind it targets.
  const target: ApiNeed[] = [
    ...STEP_NEEDS.snapshot, ...STEP_NEEDS.verify,
    ...forTargetKind([...ACTION_NEEDS[plan.action.type], ...rollbackNeeds(rollback, plan.action.type)], plan.target.kind),
    ...(scope?.events === false ? [] : forTargetKind(eventNeeds(plan.action.type), plan.target.kind)),
  ];
  const state: ApiNeed[] = scope ? [...STEP_NEEDS.lock, ...(scope.clusterState ? STEP_NEEDS.state : [])] : [];
  const all: Permission[] = [
    ...plan.action.permissions,
    ...grantedAt(target, 'target').map((r) => ({ ...r, namespace: ns })),
    // The Namespace object is read by name; the access reviewer sends it as the GET's own attributes.
    ...grantedAt(STEP_NEEDS.snapshot, 'namespaceObject').map((r) => ({ ...r, namespace: ns })),
    ...(scope ? grantedAt(state, 'state').map((r) => ({ ...r, namespace: scope.stateNamespace })) : []),
  ];
  const seen = new Set<string>();
  return all.filter((p) => !seen.has(permissionLabel(p)) && !!seen.add(permissionLabel(p)));
}
