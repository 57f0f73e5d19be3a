import { defineGuardrail, verdict } from './common';

/**
 * The target's namespace must be listed literally in spec.scope.allowedNamespaces. '*' is not a
 * wildcard: a runbook names the namespaces it may touch, so a reviewer can see them.
 */
/** Why `namespace` is outside the runbook's scope, or undefined when it is listed (the tree reads this too). */
export function namespaceScopeProblem(allowed: readonly string[], namespace: string): string | undefined {
  if (allowed.length === 0) return 'the runbook allows no namespaces (scope.allowedNamespaces is empty)';
  if (allowed.includes(namespace)) return undefined;
  const wildcard = allowed.includes('*') ? "; '*' is not a wildcard, list namespaces by name" : '';
  return `namespace ${namespace} is not in the runbook's allowed namespaces (${allowed.join(', ')})${wildcard}`;
}

export const allowedNamespaces = defineGuardrail('allowedNamespaces', (ctx) => {
  const id = 'allowedNamespaces';
  const namespace = ctx.target.ref.namespace;
  const allowed = ctx.runbook.spec.scope?.allowedNamespaces ?? [];
  const evidence = { namespace, allowedNamespaces: allowed };
  if (!namespace) return verdict(id, 'error', `the target ${ctx.target.ref.name} has no namespace`, evidence);
  const problem = namespaceScopeProblem(allowed, namespace);
  if (problem) return verdict(id, 'fail', problem, evidence);
  return verdict(id, 'pass', `namespace ${namespace} is in the runbook's allowed namespaces`, evidence);
});
