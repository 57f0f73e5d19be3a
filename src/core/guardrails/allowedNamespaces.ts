import { defineGuardrail, verdict } from './common';

/**
 * The target's namespace must be listed literally in spec.scope.allowedNamespaces. '*' is not a
 * wildcard: a runbook names the namespaces it may touch, so a reviewer can see them.
 */
export const allowedNamespaces = defineGuardrail('allowedNamespaces', (ctx) => {
  const id = 'allowedNamespaces';
  const namespace = ctx.target.ref.namespace;
  const allowed = ctx.runbook.spec.scope?.allowedNamespaces ?? [];
  const evidence = { namespace, allowedNamespaces: allowed };
  if (!namespace) return verdict(id, 'error', `the target ${ctx.target.ref.name} has no namespace`, evidence);
  if (allowed.length === 0) {
    return verdict(id, 'fail', 'the runbook allows no namespaces (scope.allowedNamespaces is empty)', evidence);
  }
  if (allowed.includes(namespace)) {
    return verdict(id, 'pass', `namespace ${namespace} is in the runbook's allowed namespaces`, evidence);
  }
  const wildcard = allowed.includes('*') ? "; '*' is not a wildcard, list namespaces by name" : '';
  return verdict(id, 'fail', `namespace ${namespace} is not in the runbook's allowed namespaces (${allowed.join(', ')})${wildcard}`, evidence);
});
