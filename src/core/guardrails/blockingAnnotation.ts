import type { ObjectMeta } from '../k8s/types';
import { defineGuardrail, describeWorkload, targetWorkload, verdict } from './common';
import type { GuardrailContext } from './types';

interface Place { where: string; metadata: ObjectMeta }

/** The places whose annotations can block: namespace (when the state has namespaces), workload, pod. */
function places(ctx: GuardrailContext): { places: Place[]; namespaceChecked: boolean; workloadProblem?: string } {
  const { target, index } = ctx;
  const found: Place[] = [];
  const ns = index.hasNamespaces() ? index.namespace(target.ref.namespace) : undefined;
  if (ns) found.push({ where: `Namespace ${ns.metadata.name}`, metadata: ns.metadata });
  const lookup = targetWorkload(target);
  let workloadProblem: string | undefined;
  if (lookup.status === 'found') found.push({ where: describeWorkload(lookup.workload), metadata: lookup.workload.metadata });
  else if (lookup.status === 'missing') workloadProblem = lookup.reason;
  if (target.pod) found.push({ where: `pod ${target.pod.metadata.name}`, metadata: target.pod.metadata });
  return { places: found, namespaceChecked: ns !== undefined, workloadProblem };
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
      const value = place.metadata.annotations?.[key];
      if (value !== undefined && value.trim().toLowerCase() !== 'false') hits.push(`${key}="${value}" on ${place.where}`);
    }
  }
  const evidence = { annotations: keys, checked: scope.places.map((p) => p.where), namespaceChecked: scope.namespaceChecked, found: hits };
  if (hits.length > 0) return verdict(id, 'fail', `a blocking annotation is set: ${hits.join('; ')}`, evidence);
  if (scope.workloadProblem) return verdict(id, 'error', `cannot check the workload's annotations: ${scope.workloadProblem}`, evidence);
  if (keys.length === 0) return verdict(id, 'pass', 'no blocking annotations are configured', evidence);
  const nsNote = scope.namespaceChecked ? '' : ' (namespace annotations were not available in this cluster state)';
  return verdict(id, 'pass', `none of ${keys.join(', ')} is set on ${evidence.checked.join(', ')}${nsNote}`, evidence);
});
