// scaleDeployment: set a Deployment's replica count (replicas: N) or change it (by: N, bounded by
// minReplicas/maxReplicas), through the scale subresource.
import type { Action } from '../model/runbook';
import { workloadCheckMismatch } from './checks';
import { DEPLOYMENT_PLACEHOLDER, NAMESPACE_PLACEHOLDER, REPLICAS_TOKEN } from './commandTokens';
import type { DecisionMode } from '../model/runbook';
import { need, type ActionDescriptor, type ActionFinding, type ActionOf, type ApiNeed, type FieldProblem } from './types';

export type ScaleDeploymentDetails = { dryRun: boolean; previousReplicas: number; replicas: number };

/** The one replica limit: every replica count a runbook names (structured or in a command) is 0 to this. */
export const MAX_REPLICAS = 10000;

/** Through the scale subresource: read it, then replace it with the resourceVersion read (PUT = verb update). */
export const SCALE_NEEDS: readonly ApiNeed[] = [
  { ...need('get', 'apps', 'deployments'), subresource: 'scale' },
  { ...need('update', 'apps', 'deployments'), subresource: 'scale' },
];

/**
 * The new replica count from `current`, clamped to the runbook's bounds (and never below 0); undefined
 * for other actions and for a scale action that names neither replicas nor by.
 */
export function scaleTo(action: Action, current: number): number | undefined {
  if (action.type !== 'scaleDeployment') return undefined;
  if (action.replicas === undefined && action.by === undefined) return undefined;
  let to = action.replicas ?? current + (action.by ?? 0);
  if (action.maxReplicas !== undefined) to = Math.min(to, action.maxReplicas);
  if (action.minReplicas !== undefined) to = Math.max(to, action.minReplicas);
  return Math.max(0, to);
}

function scaleFieldProblems(action: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const hasReplicas = 'replicas' in action;
  if (!hasReplicas && !('by' in action)) {
    problems.push({ path: [], at: 'key', code: 'missing-field', message: 'a scaleDeployment action needs either replicas: N (set the count) or by: N (change it)' });
  }
  if (hasReplicas && 'by' in action) {
    problems.push({ path: ['by'], at: 'key', code: 'conflicting-fields', message: 'use either replicas or by in a scaleDeployment action, not both' });
  }
  for (const bound of ['minReplicas', 'maxReplicas']) {
    if (hasReplicas && bound in action) {
      problems.push({ path: [bound], at: 'key', code: 'conflicting-fields', message: `${bound} only applies with by: N; with replicas the count is already exact` });
    }
  }
  return problems;
}

function scaleLint(action: ActionOf<'scaleDeployment'>, mode: DecisionMode): ActionFinding[] {
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

export const scaleDeployment: ActionDescriptor<'scaleDeployment'> = {
  type: 'scaleDeployment',
  targetKind: 'Deployment',
  mutating: true,
  restoresRevision: false,
  setsReplicas: true,
  needs: SCALE_NEEDS,
  fields: { replicas: [0, MAX_REPLICAS], by: [-MAX_REPLICAS, MAX_REPLICAS], minReplicas: [0, MAX_REPLICAS], maxReplicas: [1, MAX_REPLICAS] },
  fieldProblems: scaleFieldProblems,
  lint: scaleLint,
  plan: (action: ActionOf<'scaleDeployment'>, target) => {
    const { namespace, name } = target.ref;
    const from = target.deployment?.spec?.replicas ?? 0;
    const to = scaleTo(action, from) ?? from;
    return {
      description: `scale Deployment ${name} in ${namespace} from ${from} to ${to} replicas`,
      fromReplicas: from,
      toReplicas: to,
      equivalentCommand: `kubectl scale deployment/${name} -n ${namespace} --replicas=${to}`,
    };
  },
  sentence: (a) => (a.replicas !== undefined ? `scale the Deployment to ${a.replicas} replicas` : `scale the Deployment by ${a.by ?? 0}`),
  commands: [{
    rank: 3,
    tokens: ['kubectl', 'scale', `deployment/${DEPLOYMENT_PLACEHOLDER}`, '-n', NAMESPACE_PLACEHOLDER, REPLICAS_TOKEN],
    action: (replicas) => ({ type: 'scaleDeployment', replicas }),
  }],
  rollbacks: ['scale_to_previous_replicas', 'manual'],
  checkMismatch: workloadCheckMismatch,
  fittingCheck: (a) => (a.replicas === 0 ? 'no_pods_remain' : 'available_replicas_equal_desired_replicas'),
};
