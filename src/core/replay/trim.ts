// Objects as a decision slice keeps them: only the fields the engine reads (src/core/k8s/types.ts), so
// a record does not carry managedFields, container specs or last-applied configurations. Annotations are
// kept only where the engine reads them (the blocking annotations, the Deployment revision).
import type { ContainerStatus, Deployment, Namespace, ObjectMeta, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet } from '../k8s/types';
import type { SliceObject } from '../model/decisionInput';

/** A waiting message can be a whole stack trace; the engine reads only reasons. */
const MESSAGE_CHARS = 200;
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

function pickAnnotations(annotations: Record<string, string> | undefined, keep: ReadonlySet<string>): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const out: Record<string, string> = {};
  for (const key of Object.keys(annotations)) {
    if (keep.has(key)) Object.defineProperty(out, key, { value: annotations[key], enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A copy without the undefined fields (so the JSON has no nulls and no holes); copying is cheaper than delete. */
function defined<T extends object>(o: T): T {
  const out = {} as T;
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function meta(m: ObjectMeta, keep: ReadonlySet<string>): ObjectMeta {
  return defined({
    name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, generation: m.generation,
    labels: m.labels, annotations: pickAnnotations(m.annotations, keep),
    ownerReferences: m.ownerReferences?.map((o) => defined({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, controller: o.controller })),
    creationTimestamp: m.creationTimestamp, deletionTimestamp: m.deletionTimestamp,
  });
}

function short(text: string | undefined): string | undefined {
  return text === undefined || text.length <= MESSAGE_CHARS ? text : `${text.slice(0, MESSAGE_CHARS)}…`;
}

function containerState(s: ContainerStatus['state']): ContainerStatus['state'] {
  if (!s) return undefined;
  return defined({
    waiting: s.waiting ? defined({ reason: s.waiting.reason, message: short(s.waiting.message) }) : undefined,
    running: s.running ? {} : undefined,
    terminated: s.terminated ? defined({ reason: s.terminated.reason, exitCode: s.terminated.exitCode }) : undefined,
  });
}

/**
 * A peer is a pod the decision only counted (Ready, same controller and app): its identity, labels, owner
 * and Ready condition are all that is read of it. The named pod keeps its containers' state too.
 */
export function trimPod(p: Pod, keep: ReadonlySet<string>, role: 'named' | 'peer' = 'named'): SliceObject {
  const status = p.status;
  if (role === 'peer') {
    return defined({
      kind: 'Pod' as const, apiVersion: p.apiVersion, metadata: meta(p.metadata, keep),
      status: status ? defined({
        phase: status.phase,
        conditions: status.conditions?.filter((c) => c.type === 'Ready').map((c) => defined({ type: c.type, status: c.status })),
      }) : undefined,
    });
  }
  return defined({
    kind: 'Pod' as const, apiVersion: p.apiVersion, metadata: meta(p.metadata, keep),
    spec: p.spec ? defined({ nodeName: p.spec.nodeName, containers: p.spec.containers?.map((c) => defined({ name: c.name, image: c.image })) }) : undefined,
    status: status ? defined({
      phase: status.phase, reason: status.reason,
      conditions: status.conditions?.map((c) => defined({ type: c.type, status: c.status, reason: c.reason, lastTransitionTime: c.lastTransitionTime })),
      containerStatuses: status.containerStatuses?.map((c) => defined({
        name: c.name, ready: c.ready, restartCount: c.restartCount, state: containerState(c.state), lastState: containerState(c.lastState),
      })),
    }) : undefined,
  });
}

function templateLabels(t: { metadata?: { labels?: Record<string, string> } } | undefined) {
  return t?.metadata?.labels ? { metadata: { labels: t.metadata.labels } } : undefined;
}

export function trimReplicaSet(rs: ReplicaSet, keep: ReadonlySet<string>): SliceObject {
  const withRevision = new Set([...keep, REVISION_ANNOTATION]);
  return defined({
    kind: 'ReplicaSet' as const, apiVersion: rs.apiVersion, metadata: meta(rs.metadata, withRevision),
    spec: rs.spec ? defined({ replicas: rs.spec.replicas, selector: rs.spec.selector }) : undefined,
    status: rs.status,
  });
}

export function trimDeployment(d: Deployment, keep: ReadonlySet<string>): SliceObject {
  return defined({
    kind: 'Deployment' as const, apiVersion: d.apiVersion, metadata: meta(d.metadata, keep),
    spec: d.spec ? defined({ replicas: d.spec.replicas, selector: d.spec.selector, paused: d.spec.paused, template: templateLabels(d.spec.template) }) : undefined,
    status: d.status ? { ...d.status, conditions: d.status.conditions?.map((c) => defined({ type: c.type, status: c.status, reason: c.reason })) } : undefined,
  });
}

export function trimStatefulSet(s: StatefulSet, keep: ReadonlySet<string>): SliceObject {
  return defined({
    kind: 'StatefulSet' as const, apiVersion: s.apiVersion, metadata: meta(s.metadata, keep),
    spec: s.spec ? defined({ replicas: s.spec.replicas, selector: s.spec.selector, template: templateLabels(s.spec.template) }) : undefined,
    status: s.status,
  });
}

export function trimPdb(b: PodDisruptionBudget, keep: ReadonlySet<string>): SliceObject {
  return defined({ kind: 'PodDisruptionBudget' as const, apiVersion: b.apiVersion, metadata: meta(b.metadata, keep), spec: b.spec, status: b.status });
}

export function trimNamespace(n: Namespace, keep: ReadonlySet<string>): SliceObject {
  return { kind: 'Namespace', metadata: meta(n.metadata, keep) };
}
