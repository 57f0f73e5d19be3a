// The registry of action types: one descriptor each. Everything that depends on the action type reads
// it from here (plans, the decision sentence, permissions, command shapes, lint, the editor, the schema
// test); only the writer's dispatch lives in the adapters, as a map the compiler checks is complete.
import type { ResolvedTarget } from '../guardrails/types';
import type { Action, ActionType, VerificationCheck } from '../model/runbook';
import { collectEvidence, type CollectEvidenceDetails } from './collectEvidence';
import { deletePod, type DeletePodDetails } from './deletePod';
import { evictPod, type EvictPodDetails } from './evictPod';
import { helmRollback, type HelmRollbackDetails } from './helmRollback';
import { rollbackDeployment, type RollbackDeploymentDetails } from './rollbackDeployment';
import { rolloutRestart, type RolloutRestartDetails } from './rolloutRestart';
import { scaleDeployment, type ScaleDeploymentDetails } from './scaleDeployment';
import { scaleStatefulSet, type ScaleStatefulSetDetails } from './scaleStatefulSet';
import type { ActionDescriptor, CommandShape, PlanText, TargetKind } from './types';

export * from './commandTokens';
export type { CollectEvidenceDetails, EventEvidence, PodEvidence } from './collectEvidence';
export type { DeletePodDetails } from './deletePod';
export type { EvictPodDetails } from './evictPod';
export { HELM_ROLLBACK_NEEDS, MAX_HELM_REVISION, PREVIOUS_GOOD, type HelmRollbackDetails } from './helmRollback';
export { UNDO_NEEDS, type RollbackDeploymentDetails } from './rollbackDeployment';
export type { RolloutRestartDetails } from './rolloutRestart';
export { SCALE_NEEDS, type ScaleDeploymentDetails } from './scaleDeployment';
export type { ScaleStatefulSetDetails } from './scaleStatefulSet';
export { MAX_REPLICAS, scaleTo } from './workloadScale';
export * from './types';

export const ACTIONS: { readonly [T in ActionType]: ActionDescriptor<T> } = {
  deletePod, evictPod, scaleDeployment, scaleStatefulSet, rolloutRestart, rollbackDeployment, collectEvidence, helmRollback,
};

/** Every action type, in the registry's order (the schema's enum lists them in the same order). */
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/** The typed facts each writer operation returns (rollback and the audit record read them). */
export type ActionDetails = {
  deletePod: DeletePodDetails;
  evictPod: EvictPodDetails;
  scaleDeployment: ScaleDeploymentDetails;
  scaleStatefulSet: ScaleStatefulSetDetails;
  rolloutRestart: RolloutRestartDetails;
  rollbackDeployment: RollbackDeploymentDetails;
  collectEvidence: CollectEvidenceDetails;
  helmRollback: HelmRollbackDetails;
};

export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTIONS, value);
}

/** The descriptor of a type, seen through the Action union (each descriptor only sees its own action). */
export function descriptor(type: ActionType): ActionDescriptor {
  return ACTIONS[type] as unknown as ActionDescriptor;
}

export function isMutating(action: Action | ActionType): boolean {
  return descriptor(typeof action === 'string' ? action : action.type).mutating;
}

/** The action's main target kind (the one a target named by a pod resolves to first). */
export function actionTargetKind(type: ActionType): TargetKind {
  return ACTIONS[type].targetKind;
}

/** Every kind the action's target may be, the main one first. */
export function actionTargetKinds(type: ActionType): readonly TargetKind[] {
  const d: ActionDescriptor = descriptor(type);
  return [d.targetKind, ...(d.otherTargetKinds ?? [])];
}

export function isPodActionType(type: ActionType): boolean {
  return ACTIONS[type].targetKind === 'Pod';
}

export function planText(action: Action, target: ResolvedTarget, index: { previousRevision?: number }): PlanText {
  return descriptor(action.type).plan(action, target, index);
}

export function actionSentence(action: Action): string {
  return descriptor(action.type).sentence(action);
}

export function checkMismatch(check: VerificationCheck, action: Action): string | undefined {
  return descriptor(action.type).checkMismatch(check, action);
}

export function fittingCheck(action: Action): VerificationCheck {
  return descriptor(action.type).fittingCheck(action);
}

/** Every accepted command shape, in the order messages list them. */
export function commandShapes(): CommandShape[] {
  return ACTION_TYPES.flatMap((type) => descriptor(type).commands).sort((a, b) => a.rank - b.rank);
}
