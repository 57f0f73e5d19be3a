// Why a workload or pod may (or may not) be remediated from this workspace (opt-in label, runbook scope).
// Not a decision: for marked pods the tree shows the engine's would-be decision (decisions.ts).
import type { Runbook } from '../../../core/model/runbook';
import { ownValue } from '../../../core/k8s/meta';

interface Labelled {
  metadata: { name: string; labels?: Record<string, string> };
}

export interface Eligibility {
  eligible: boolean;
  /** The workload carries the opt-in label with value "true". */
  optedIn: boolean;
  /** Pods only: the pod carries the restart label with value "true". */
  marked?: boolean;
  /** Workspace runbooks whose scope (namespace + required labels) covers the workload. */
  allowedBy: string[];
  /** Sentences for the tooltip, most important first. */
  reasons: string[];
}

function scopeProblem(runbook: Runbook, namespace: string, labels: Record<string, string>): string | undefined {
  const scope = runbook.spec.scope;
  if (!scope.allowedNamespaces.includes(namespace)) return `namespace ${namespace} is not in its allowedNamespaces`;
  for (const [key, value] of Object.entries(scope.requiredLabels ?? {})) {
    const have = ownValue(labels, key);
    if (have !== value) return have === undefined ? `the workload lacks label ${key}=${value}` : `label ${key} is "${have}", not "${value}"`;
  }
  return undefined;
}

export function workloadEligibility(workload: Labelled, namespace: string, runbooks: readonly Runbook[], optInLabel: string): Eligibility {
  const labels = workload.metadata.labels ?? {};
  const optedIn = labels[optInLabel] === 'true';
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

export function podEligibility(pod: Labelled, owner: Eligibility | undefined, restartLabel: string): Eligibility {
  const marked = pod.metadata.labels?.[restartLabel] === 'true';
  const markReason = marked ? `marked for restart: carries ${restartLabel}=true` : `not marked for restart (${restartLabel})`;
  if (!owner) {
    return { eligible: false, optedIn: false, marked, allowedBy: [], reasons: ['no owning Deployment or StatefulSet: nothing would recreate it', markReason] };
  }
  return { ...owner, marked, reasons: [markReason, ...owner.reasons] };
}
