// What every action type declares about itself. The engine, lint, the editor, the schema test and
// export-job read these descriptors instead of switching on the type name.
import type { Permission, PlannedAction } from '../engine/plan';
import type { ResolvedTarget } from '../guardrails/types';
import type { WorkloadKind } from '../k8s/workload';
import type { Action, ActionType, DecisionMode, RollbackType, VerificationCheck } from '../model/runbook';
import type { GuardrailId } from '../model/verdict';

/** The kinds an action's target can be (what `NS/KIND/NAME` names and a plan's target is). */
export type TargetKind = 'Pod' | WorkloadKind;

export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;

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
  /**
   * Sent only when the action's target is this kind (an action that takes either workload kind reads and
   * writes only the one it targets): the access review of one plan asks for it only then, while
   * export-job's Role grants it, since the runbook may target either.
   */
  forKind?: WorkloadKind;
}

export const need = (verb: string, group: string, resource: string, where: Place = 'target', extra: Partial<ApiNeed> = {}): ApiNeed =>
  ({ verb, group, resource, where, ...extra });

/** The plan fields an action fills in (the engine adds type, target, mutating and permissions). */
export type PlanText = Omit<PlannedAction, 'type' | 'target' | 'mutating' | 'permissions'>;

/** One accepted seed-style `action.command` shape; `--replicas=N` is the only parameter token. */
export interface CommandShape<T extends ActionType = ActionType> {
  /** Where messages list this shape among all accepted ones (the order the seed documents them in). */
  rank: number;
  tokens: readonly string[];
  /** `value`: the number in the shape's one parameter token (--replicas=N or a revision N), else 0. */
  action(value: number): ActionOf<T>;
}

/** A problem with an action's own fields (beyond their types and limits), below spec.action. */
export interface FieldProblem {
  path: string[];
  at: 'key' | 'value';
  code: string;
  message: string;
}

/** A lint finding on one of the action's fields (lint points at the field, or at the command holding it). */
export interface ActionFinding {
  code: string;
  field: string;
  at: 'key' | 'value';
  message: string;
  severity?: 'error' | 'warning' | 'info';
}

export interface ActionDescriptor<T extends ActionType = ActionType> {
  type: T;
  /** The kind of object the action changes (and the kind its target reference names). */
  targetKind: TargetKind;
  /** Further workload kinds it changes the same way (rolloutRestart: a StatefulSet too); none when absent. */
  otherTargetKinds?: readonly WorkloadKind[];
  /** False only for read-only actions. */
  mutating: boolean;
  /** Sets the replica count: guardrails count the change in replicas, not one pod. */
  setsReplicas: boolean;
  /** Moves a Deployment back to an earlier ReplicaSet revision (needs the previous revision in the plan). */
  restoresRevision: boolean;
  /** The Kubernetes API requests the writer sends for this action (all in the target's namespace). */
  needs: readonly ApiNeed[];
  /** Integer fields the structured form takes, with their inclusive limits. */
  fields: Readonly<Record<string, readonly [min: number, max: number]>>;
  /** Words a numeric field also accepts (helmRollback's toRevision: previous-good). */
  fieldWords?: Readonly<Record<string, readonly string[]>>;
  /** The engine looks up the Helm release of the target workload (its history is in the snapshot). */
  readsHelmRelease?: boolean;
  /** Guardrails only this action needs (ACTION_GUARDRAILS), run with every general one. */
  guardrails?: readonly GuardrailId[];
  /** Rules between the fields (exclusive, required together...); empty when valid. */
  fieldProblems(fields: Record<string, unknown>): FieldProblem[];
  /** Lint rules about this action's own fields in a runbook with this decision mode. */
  lint(action: ActionOf<T>, mode: DecisionMode): ActionFinding[];
  plan(action: ActionOf<T>, target: ResolvedTarget, index: { previousRevision?: number }): PlanText;
  /** The action in the runbook's decision sentence ("execute ..."). */
  sentence(action: ActionOf<T>): string;
  /** The seed-style kubectl commands that parse into this action. */
  commands: readonly CommandShape<T>[];
  /** Rollback types that undo (or rightly leave) this action, the preferred one first. */
  rollbacks: readonly RollbackType[];
  /** The requests a rollback sends after this action, where they differ from the table's (a StatefulSet's scale). */
  rollbackNeeds?: Partial<Record<RollbackType, readonly ApiNeed[]>>;
  /** Why `check` does not fit this action (cannot fail, or cannot be met); undefined when it fits. */
  checkMismatch(check: VerificationCheck, action: ActionOf<T>): string | undefined;
  /** The check that can fail for this action (the editor's quick fix adds it). */
  fittingCheck(action: ActionOf<T>): VerificationCheck;
}
