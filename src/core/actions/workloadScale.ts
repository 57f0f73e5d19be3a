// What the two scale actions (scaleDeployment, scaleStatefulSet) share: set a workload's replica count
// (replicas: N) or change it (by: N, bounded by minReplicas/maxReplicas), through the scale subresource.
import type { ResolvedTarget } from '../guardrails/types';
import { replicatedWorkload, type WorkloadKind } from '../k8s/workload';
import type { Action, DecisionMode } from '../model/runbook';
import { workloadCheckMismatch } from './checks';
import { NAMESPACE_PLACEHOLDER, REPLICAS_TOKEN } from './commandTokens';
import { need, type ActionDescriptor, type ActionFinding, type ActionOf, type ApiNeed, type FieldProblem } from './types';

export type ScaleActionType = 'scaleDeployment' | 'scaleStatefulSet';
type ScaleAction = ActionOf<ScaleActionType>;

/** The one replica limit: every replica count a runbook names (structured or in a command) is 0 to this. */
export const MAX_REPLICAS = 10000;

/** Through the scale subresource: read it, then replace it with the resourceVersion read (PUT = verb update). */
export function scaleNeeds(resource: 'deployments' | 'statefulsets'): readonly ApiNeed[] {
  return [
    { ...need('get', 'apps', resource), subresource: 'scale' },
    { ...need('update', 'apps', resource), subresource: 'scale' },
  ];
}

function isScaleAction(action: Action): action is ScaleAction {
  return action.type === 'scaleDeployment' || action.type === 'scaleStatefulSet';
}

/**
 * The new replica count from `current`, clamped to the runbook's bounds (and never below 0); undefined
 * for other actions and for a scale action that names neither replicas nor by.
 */
export function scaleTo(action: Action, current: number): number | undefined {
  if (!isScaleAction(action)) return undefined;
  if (action.replicas === undefined && action.by === undefined) return undefined;
  let to = action.replicas ?? current + (action.by ?? 0);
  if (action.maxReplicas !== undefined) to = Math.min(to, action.maxReplicas);
  if (action.minReplicas !== undefined) to = Math.max(to, action.minReplicas);
  return Math.max(0, to);
}

function scaleFieldProblems(type: ScaleActionType) {
  return (action: Record<string, unknown>): FieldProblem[] => {
    const problems: FieldProblem[] = [];
    const hasReplicas = 'replicas' in action;
    if (!hasReplicas && !('by' in action)) {
      problems.push({ path: [], at: 'key', code: 'missing-field', message: `a ${type} action needs either replicas: N (set the count) or by: N (change it)` });
    }
    if (hasReplicas && 'by' in action) {
      problems.push({ path: ['by'], at: 'key', code: 'conflicting-fields', message: `use either replicas or by in a ${type} action, not both` });
    }
    for (const bound of ['minReplicas', 'maxReplicas']) {
      if (hasReplicas && bound in action) {
        problems.push({ path: [bound], at: 'key', code: 'conflicting-fields', message: `${bound} only applies with by: N; with replicas the count is already exact` });
      }
    }
    return problems;
  };
}

function scaleLint(action: ScaleAction, mode: DecisionMode): ActionFinding[] {
  const findings: ActionFinding[] = [];
  if (action.replicas === 0 && mode === 'auto_execute') {
    findings.push({ code: 'scale-to-zero-not-approval', at: 'value', field: 'replicas',
      message: 'scaling to 0 replicas takes the workload down; use decisionMode approval_required' });
  }
  if (action.by !== undefined && action.by > 0 && action.maxReplicas === undefined) {
    findings.push({ code: 'unbounded-scale-out', at: 'key', field: 'by',
      message: `scaling out by ${action.by} with no maxReplicas can grow without limit on repeated incidents; set maxReplicas` });
  }
  if (action.by !== undefined && action.by < 0 && action.minReplicas === undefined) {
    findings.push({ code: 'unbounded-scale-in', at: 'key', field: 'by',
      message: `scaling in by ${-action.by} with no minReplicas can scale the workload to 0; set minReplicas` });
  }
  if (action.minReplicas !== undefined && action.maxReplicas !== undefined && action.minReplicas > action.maxReplicas) {
    findings.push({ code: 'scale-bounds-inverted', at: 'value', field: 'minReplicas', severity: 'error',
      message: `minReplicas ${action.minReplicas} is greater than maxReplicas ${action.maxReplicas}; no replica count satisfies both` });
  }
  return findings;
}

/** The descriptor of the scale action of one workload kind (`word` is kubectl's resource word, e.g. statefulset). */
export function scaleAction<T extends ScaleActionType>(
  type: T, kind: WorkloadKind, word: string, placeholder: string, rank: number, needs: readonly ApiNeed[],
): ActionDescriptor<T> {
  return {
    type,
    targetKind: kind,
    mutating: true,
    restoresRevision: false,
    setsReplicas: true,
    needs,
    fields: { replicas: [0, MAX_REPLICAS], by: [-MAX_REPLICAS, MAX_REPLICAS], minReplicas: [0, MAX_REPLICAS], maxReplicas: [1, MAX_REPLICAS] },
    fieldProblems: scaleFieldProblems(type),
    lint: scaleLint,
    plan: (action: ActionOf<T>, target: ResolvedTarget) => {
      const { namespace, name } = target.ref;
      const from = replicatedWorkload(target)?.object.spec?.replicas ?? 0;
      const to = scaleTo(action, from) ?? from;
      return {
        description: `scale ${kind} ${name} in ${namespace} from ${from} to ${to} replicas`,
        fromReplicas: from,
        toReplicas: to,
        equivalentCommand: `kubectl scale ${word}/${name} -n ${namespace} --replicas=${to}`,
      };
    },
    sentence: (a: ScaleAction) => (a.replicas !== undefined ? `scale the ${kind} to ${a.replicas} replicas` : `scale the ${kind} by ${a.by ?? 0}`),
    commands: [{
      rank,
      tokens: ['kubectl', 'scale', `${word}/${placeholder}`, '-n', NAMESPACE_PLACEHOLDER, REPLICAS_TOKEN],
      action: (replicas) => ({ type, replicas }) as ActionOf<T>,
    }],
    rollbacks: ['scale_to_previous_replicas', 'manual'],
    // Scaling back goes through the same scale subresource as the action.
    rollbackNeeds: { scale_to_previous_replicas: needs },
    checkMismatch: workloadCheckMismatch,
    fittingCheck: (a: ScaleAction) => (a.replicas === 0 ? 'no_pods_remain' : 'available_replicas_equal_desired_replicas'),
  };
}
