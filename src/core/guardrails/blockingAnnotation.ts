import type { ObjectMeta } from '../k8s/types';
import { defineGuardrail, describeWorkload, targetWorkload, verdict } from './common';
import type { GuardrailContext } from './types';
import { ownValue } from '../k8s/meta';

interface Place { where: string; metadata: ObjectMeta }

/** What became of the target's Namespace: read, denied to a live read (why), or absent from a saved state. */
type NamespaceRead = { status: 'read' } | { status: 'unreadable'; why: string } | { status: 'not in state' };

/** The places whose annotations can block: namespace (when the state has namespaces), workload, pod. */
function places(ctx: GuardrailContext): { places: Place[]; namespace: NamespaceRead; workloadProblem?: string } {
  const { target, index } = ctx;
  const found: Place[] = [];
  const ns = index.hasNamespaces() ? index.namespace(target.ref.namespace) : undefined;
  // An own-property check: the namespace name comes from the cluster or a state file.
  const unreadable = index.snapshot.unreadableNamespaces;
  const why = unreadable && Object.prototype.hasOwnProperty.call(unreadable, target.ref.namespace) ? unreadable[target.ref.namespace] : undefined;
  const namespace: NamespaceRead = ns ? { status: 'read' } : why !== undefined ? { status: 'unreadable', why } : { status: 'not in state' };
  if (ns) found.push({ where: `Namespace ${ns.metadata.name}`, metadata: ns.metadata });
  const lookup = targetWorkload(target);
  let workloadProblem: string | undefined;
  if (lookup.status === 'found') found.push({ where: describeWorkload(lookup.workload), metadata: lookup.workload.metadata });
  else if (lookup.status === 'missing') workloadProblem = lookup.reason;
  if (target.pod) found.push({ where: `pod ${target.pod.metadata.name}`, metadata: target.pod.metadata });
  return { places: found, namespace, workloadProblem };
}

/**
 * Any blocking annotation (settings plus the runbook's own) whose value is not "false", on the
 * namespace, the workload or the pod, stops the action: e.g. an active incident or a maintenance window.
 */
export const blockingAnnotation = defineGuardrail('blockingAnnotation', (ctx) => {
  const id = 'blockingAnnotation';
  const keys = [...new Set([...ctx.settings.blockingAnnotations, ...(ctx.runbook.spec.guardrails?.blockingAnnotations ?? [])])];
  const scope = places(ctx);
  const hits: string[] = [];
  for (const place of scope.places) {
    for (const key of keys) {
      const value = ownValue(place.metadata.annotations, key);
      if (value !== undefined && value.trim().toLowerCase() !== 'false') hits.push(`${key}="${value}" on ${place.where}`);
    }
  }
  const evidence = {
    annotations: keys, checked: scope.places.map((p) => p.where), namespaceChecked: scope.namespace.status === 'read', namespace: scope.namespace.status, found: hits,
  };
  if (hits.length > 0) return verdict(id, 'fail', `a blocking annotation is set: ${hits.join('; ')}`, evidence);
  if (scope.workloadProblem) return verdict(id, 'error', `cannot check the workload's annotations: ${scope.workloadProblem}`, evidence);
  if (keys.length === 0) return verdict(id, 'pass', 'no blocking annotations are configured', evidence);
  if (scope.namespace.status === 'unreadable') {
    // Fail closed: "not allowed to look" must never read as "not set".
    const ns = ctx.target.ref.namespace;
    return verdict(id, 'error', `could not read the annotations of Namespace ${ns} (${scope.namespace.why}); checking them needs "get" on namespaces `
      + `(resourceNames [${ns}]) through a ClusterRole and ClusterRoleBinding, as export-job emits`, evidence);
  }
  const nsNote = scope.namespace.status === 'read' ? ' (Namespace read from the cluster state)' : ' (namespace annotations were not available: the Namespace was not part of this cluster state)';
  return verdict(id, 'pass', `none of ${keys.join(', ')} is set on ${evidence.checked.join(', ')}${nsNote}`, evidence);
});
