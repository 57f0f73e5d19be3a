import { defineGuardrail, verdict } from './common';
import { helmLookup } from './helmCommon';

const id = 'helmReleaseExists';

/** A Helm rollback needs the workload's release and its history; a workload outside any release is a clear fail. */
export const helmReleaseExists = defineGuardrail(id, (ctx) => {
  const lookup = helmLookup(ctx);
  if (!lookup) return verdict(id, 'error', `the Helm release of ${ctx.target.ref.kind} ${ctx.target.ref.name} was not looked up`);
  if (lookup.status === 'none') return verdict(id, 'fail', lookup.reason, lookup.ref ? { ...lookup.ref } : undefined);
  if (lookup.status === 'unreadable') return verdict(id, 'error', lookup.reason, { ...lookup.ref });
  // The annotation names the release's namespace: a workload must not steer a rollback outside the scope.
  const allowed = ctx.runbook.spec.scope?.allowedNamespaces ?? [];
  if (!allowed.includes(lookup.ref.namespace)) {
    return verdict(id, 'fail', `Helm release ${lookup.ref.release} is in namespace ${lookup.ref.namespace}, which the runbook's scope.allowedNamespaces does not list`, { ...lookup.ref, allowedNamespaces: allowed });
  }
  const current = lookup.revisions[lookup.revisions.length - 1];
  return verdict(id, 'pass',
    `Helm release ${lookup.ref.release} in ${lookup.ref.namespace} has ${lookup.revisions.length} revision${lookup.revisions.length === 1 ? '' : 's'}; the current one is ${current.revision} (${current.status})`,
    { ...lookup.ref, revisions: lookup.revisions.map((r) => r.revision), currentRevision: current.revision, currentStatus: current.status });
});
