import { defineGuardrail, describeWorkload, targetWorkload, verdict } from './common';
import { ownValue } from '../k8s/meta';

/** Each required label the workload's labels lack or carry with another value (the tree reads this too). */
export function requiredLabelProblems(required: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(required)) {
    const have = ownValue(labels, key);
    if (have === undefined) problems.push(`label ${key} is missing`);
    else if (have !== required[key]) problems.push(`label ${key} is "${have}", not "${required[key]}"`);
  }
  return problems;
}

/**
 * spec.scope.requiredLabels is the service owner's opt-in. It is read from the owning workload (the
 * Deployment in the seed lab), not the pod: pods come and go, the workload is what the owner labels.
 */
export const requiredLabels = defineGuardrail('requiredLabels', (ctx) => {
  const id = 'requiredLabels';
  const required = ctx.runbook.spec.scope?.requiredLabels ?? {};
  const keys = Object.keys(required);
  if (keys.length === 0) return verdict(id, 'skip', 'the runbook requires no opt-in labels');
  const lookup = targetWorkload(ctx.target);
  if (lookup.status !== 'found') {
    const status = lookup.status === 'missing' ? 'error' : 'fail';
    const why = status === 'fail' ? 'there is no owning workload to carry the opt-in labels: ' : 'cannot read the opt-in labels: ';
    return verdict(id, status, why + lookup.reason, { required });
  }
  const workload = lookup.workload;
  const actual = new Map<string, string | null>(keys.map((key) => [key, ownValue(workload.metadata.labels, key) ?? null]));
  const problems = requiredLabelProblems(required, workload.metadata.labels);
  const evidence = { workload: `${workload.kind}/${workload.metadata.name}`, required, actual: Object.fromEntries(actual) };
  if (problems.length > 0) {
    return verdict(id, 'fail', `${describeWorkload(workload)} has not opted in: ${problems.join('; ')}`, evidence);
  }
  const shown = keys.map((k) => `${k}=${required[k]}`).join(', ');
  return verdict(id, 'pass', `${describeWorkload(workload)} carries the opt-in label${keys.length > 1 ? 's' : ''} ${shown}`, evidence);
});
