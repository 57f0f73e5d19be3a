import { KIND_GUARDS, MAX_SHAPE_PROBLEMS, checkObject, type ShapeProblem } from './guards';
import { isPlainObject, own } from './guards/shape';
import type { ClusterSnapshot } from './types';

export type ListProblem = ShapeProblem;

/**
 * A Kubernetes `List` (as printed by `kubectl get pods,deployments,replicasets,poddisruptionbudgets -A -o json`)
 * sorted into a snapshot. Kinds the engine does not read are ignored; an item of a kind it reads is checked
 * by that kind's guard (src/core/k8s/guards), and a malformed one is a problem: the snapshot is then not used.
 */
export function snapshotFromList(doc: unknown): { snapshot: ClusterSnapshot; problems: ListProblem[] } {
  const snapshot: ClusterSnapshot = { pods: [], replicaSets: [], deployments: [], statefulSets: [], podDisruptionBudgets: [], namespaces: [] };
  const problems: ListProblem[] = [];
  const items = isPlainObject(doc) ? own(doc, 'items') : undefined;
  if (!Array.isArray(items)) {
    problems.push({ path: [], message: 'expected a Kubernetes List with an "items" array (kubectl get ... -o json)' });
    return { snapshot, problems };
  }
  for (let i = 0; i < items.length && problems.length < MAX_SHAPE_PROBLEMS; i++) {
    const item: unknown = items[i];
    if (!isPlainObject(item)) { problems.push({ path: ['items', i], message: `item ${i} is not an object` }); continue; }
    const kind = own(item, 'kind');
    if (typeof kind !== 'string') { problems.push({ path: ['items', i], message: `item ${i} has no "kind"` }); continue; }
    const guard = KIND_GUARDS.get(kind);
    if (!guard) continue;
    if (checkObject(guard, kind, item, ['items', i], `item ${i}`, problems)) (snapshot[guard.field] as unknown[]).push(item);
  }
  return { snapshot, problems };
}
