import type { ClusterSnapshot } from './types';

export interface ListProblem {
  /** Path inside the document, e.g. ['items', 3, 'metadata', 'name']. */
  path: (string | number)[];
  message: string;
}

const KIND_FIELD: Record<string, keyof Omit<ClusterSnapshot, 'takenAt'>> = {
  Pod: 'pods',
  ReplicaSet: 'replicaSets',
  Deployment: 'deployments',
  StatefulSet: 'statefulSets',
  PodDisruptionBudget: 'podDisruptionBudgets',
  Namespace: 'namespaces',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A Kubernetes `List` (as printed by `kubectl get pods,deployments,replicasets,poddisruptionbudgets -A -o json`)
 * sorted into a snapshot. Kinds the engine does not read are ignored; malformed items are problems.
 */
export function snapshotFromList(doc: unknown): { snapshot: ClusterSnapshot; problems: ListProblem[] } {
  const snapshot: ClusterSnapshot = { pods: [], replicaSets: [], deployments: [], statefulSets: [], podDisruptionBudgets: [], namespaces: [] };
  const problems: ListProblem[] = [];
  if (!isObject(doc) || !Array.isArray(doc.items)) {
    problems.push({ path: [], message: 'expected a Kubernetes List with an "items" array (kubectl get ... -o json)' });
    return { snapshot, problems };
  }
  doc.items.forEach((item, i) => {
    if (!isObject(item)) { problems.push({ path: ['items', i], message: `item ${i} is not an object` }); return; }
    const kind = item.kind;
    if (typeof kind !== 'string') { problems.push({ path: ['items', i], message: `item ${i} has no "kind"` }); return; }
    const field = KIND_FIELD[kind];
    if (!field) return;
    const meta = item.metadata;
    if (!isObject(meta) || typeof meta.name !== 'string' || meta.name === '') {
      problems.push({ path: ['items', i, 'metadata'], message: `${kind} item ${i} has no metadata.name` });
      return;
    }
    if (kind !== 'Namespace' && typeof meta.namespace !== 'string') {
      problems.push({ path: ['items', i, 'metadata'], message: `${kind} ${meta.name} has no metadata.namespace` });
      return;
    }
    (snapshot[field] as unknown[]).push(item);
  });
  return { snapshot, problems };
}
