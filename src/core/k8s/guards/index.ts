// One guard per kind the engine reads, looked up by an input string through a Map (a kind such as
// "constructor" or "__proto__" is simply not one of them).
import type { ClusterSnapshot } from '../types';
import { checkDeployment } from './deployment';
import { checkNamespace } from './namespace';
import { checkPod } from './pod';
import { checkPodDisruptionBudget } from './podDisruptionBudget';
import { checkReplicaSet } from './replicaSet';
import { isPlainObject, own, ROOT, type PathKey, type Shape, type ShapeProblem } from './shape';
import { checkStatefulSet } from './statefulSet';

export type { ShapeProblem } from './shape';

export type SnapshotField = keyof Omit<ClusterSnapshot, 'takenAt' | 'unreadableNamespaces'>;

export interface KindGuard {
  /** The snapshot list objects of this kind go to. */
  field: SnapshotField;
  check: Shape;
}

export const KIND_GUARDS: ReadonlyMap<string, KindGuard> = new Map<string, KindGuard>([
  ['Pod', { field: 'pods', check: checkPod }],
  ['ReplicaSet', { field: 'replicaSets', check: checkReplicaSet }],
  ['Deployment', { field: 'deployments', check: checkDeployment }],
  ['StatefulSet', { field: 'statefulSets', check: checkStatefulSet }],
  ['PodDisruptionBudget', { field: 'podDisruptionBudgets', check: checkPodDisruptionBudget }],
  ['Namespace', { field: 'namespaces', check: checkNamespace }],
]);

/** Problems reported per input; the first is what a user sees, the rest would only cost memory. */
export const MAX_SHAPE_PROBLEMS = 100;

/** A name as is when it looks like one; quoted (control characters escaped) when not, so a message stays one line. */
function shown(name: string): string {
  return /^[\w.:/-]{1,253}$/.test(name) ? name : JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
}

/** "Pod shop/web-1" when the object has a usable name, else "Pod item 3". */
export function subjectOf(kind: string, item: unknown, fallback: string): string {
  const meta = isPlainObject(item) ? own(item, 'metadata') : undefined;
  const name = isPlainObject(meta) ? own(meta, 'name') : undefined;
  const namespace = isPlainObject(meta) ? own(meta, 'namespace') : undefined;
  if (typeof name !== 'string' || name === '') return `${kind} ${fallback}`;
  return `${kind} ${typeof namespace === 'string' && namespace !== '' ? `${shown(namespace)}/` : ''}${shown(name)}`;
}

/** Checks one object of a known kind; true when it fits (problems are appended otherwise). */
export function checkObject(guard: KindGuard, kind: string, item: unknown, base: PathKey[], fallback: string, problems: ShapeProblem[]): boolean {
  const before = problems.length;
  guard.check(item, ROOT, undefined, { subject: subjectOf(kind, item, fallback), base, problems });
  return problems.length === before;
}

const FIELD_KINDS: [SnapshotField, string][] = [...KIND_GUARDS].map(([kind, guard]) => [guard.field, kind]);

/**
 * Shape problems of an assembled snapshot (the live reader's lists), with paths like ['pods', 3, 'status'].
 * An API server (or a proxy in front of it) is input too: a malformed object is reported, never read.
 */
export function snapshotProblems(snapshot: ClusterSnapshot): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  for (const [field, kind] of FIELD_KINDS) {
    const guard = KIND_GUARDS.get(kind) as KindGuard;
    const items = snapshot[field] ?? [];
    for (let i = 0; i < items.length && problems.length < MAX_SHAPE_PROBLEMS; i++) {
      checkObject(guard, kind, items[i], [field, i], `${field}[${i}]`, problems);
    }
  }
  return problems;
}
