// Why a workload or pod may (or may not) be remediated from a workspace's runbooks: the opt-in label and
// each runbook's scope, read with the allowedNamespaces and requiredLabels guardrails' own checks, and
// the restart mark as the engine reads it. Not a decision: for marked pods the tree shows the engine's
// would-be decision (src/core/engine/podDecisions.ts).
import { namespaceScopeProblem } from '../guardrails/allowedNamespaces';
import { requiredLabelProblems } from '../guardrails/requiredLabels';
import type { EngineSettings } from '../guardrails/types';
import { ownValue } from '../k8s/meta';
import type { Runbook } from '../model/runbook';
import { isMarkedForRestart } from './incident';

interface Labelled {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

export interface Eligibility {
  eligible: boolean;
  /** The workload carries the opt-in label with value "true". */
  optedIn: boolean;
  /** Pods only: the pod carries the restart label with its value. */
  marked?: boolean;
  /** Runbooks whose scope (namespace + required labels) covers the workload. */
  allowedBy: string[];
  /** Sentences for the tooltip, most important first. */
  reasons: string[];
}

/** The first reason a runbook's scope leaves the workload out, or undefined when it covers it. */
export function scopeProblem(runbook: Runbook, namespace: string, labels: Readonly<Record<string, string>> | undefined): string | undefined {
  const scope = runbook.spec.scope;
  return namespaceScopeProblem(scope.allowedNamespaces ?? [], namespace) ?? requiredLabelProblems(scope.requiredLabels ?? {}, labels)[0];
}

export function workloadEligibility(workload: Labelled, namespace: string, runbooks: readonly Runbook[], optInLabel: string): Eligibility {
  const labels = workload.metadata.labels ?? {};
  const optedIn = ownValue(labels, optInLabel) === 'true';
  const allowedBy: string[] = [];
  const refused: string[] = [];
  for (const rb of runbooks) {
    const problem = scopeProblem(rb, namespace, labels);
    if (problem) refused.push(`runbook ${rb.metadata.name}: ${problem}`);
    else allowedBy.push(rb.metadata.name);
  }
  const reasons = [
    optedIn ? `opted in: carries ${optInLabel}=true` : `not opted in: no ${optInLabel}=true label`,
    allowedBy.length > 0 ? `allowed by runbook${allowedBy.length > 1 ? 's' : ''} ${allowedBy.join(', ')}`
      : runbooks.length === 0 ? 'no runbook in this workspace' : 'no workspace runbook covers it',
    ...refused,
  ];
  return { eligible: optedIn && allowedBy.length > 0, optedIn, allowedBy, reasons };
}

export function podEligibility(pod: Labelled, owner: Eligibility | undefined, restartLabel: EngineSettings['restartLabel']): Eligibility {
  const marked = isMarkedForRestart(pod, restartLabel);
  const markReason = marked ? `marked for restart: carries ${restartLabel.key}=${restartLabel.value}` : `not marked for restart (${restartLabel.key})`;
  if (!owner) {
    return { eligible: false, optedIn: false, marked, allowedBy: [], reasons: ['no owning Deployment or StatefulSet: nothing would recreate it', markReason] };
  }
  return { ...owner, marked, reasons: [markReason, ...owner.reasons] };
}
