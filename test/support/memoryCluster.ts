// In-memory implementations of the core ports, for unit tests of the pipeline's ordering and invariants.
// (Real behaviour against a real API server is covered by test/cluster.)
import type { PlannedAction } from '../../src/core/engine/plan';
import type { ClusterSnapshot, Pod } from '../../src/core/k8s/types';
import type { AuditRecord, TargetRef } from '../../src/core/model/audit';
import type { AccessReviewer, ActionResult, ActionResultOf, AuditSink, ClusterReader, ClusterWriter, Lock, SnapshotScope, StateStore } from '../../src/core/ports';
import type { PipelineDeps } from '../../src/core/pipeline/execute';

export class MemoryCluster implements ClusterReader, ClusterWriter {
  private listeners = new Set<(s: ClusterSnapshot) => void>();
  readonly applied: { action: PlannedAction; dryRun: boolean }[] = [];
  /** Called after a real delete: lets a test play the ReplicaSet controller. */
  onDelete?: (pod: Pod) => void;
  snapshots = 0;
  /** The scope of each snapshot asked for (the whole state is returned whatever it says). */
  readonly scopes: SnapshotScope[] = [];

  constructor(public state: ClusterSnapshot) {}

  async snapshot(scope: SnapshotScope = {}): Promise<ClusterSnapshot> {
    this.snapshots++;
    this.scopes.push(scope);
    return structuredClone({ ...this.state, ...(scope.withoutPods ? { pods: [] } : {}), takenAt: new Date().toISOString() });
  }

  /** Supports the selectors the pipeline uses: `key=value` and `key in (a,b)`. */
  async listPods(namespaces: readonly string[], labelSelector: string): Promise<Pod[]> {
    const inSet = /^([^ ]+) in \(([^)]*)\)$/.exec(labelSelector);
    const [key, values] = inSet ? [inSet[1], inSet[2].split(',')] : [labelSelector.split('=')[0], [labelSelector.split('=')[1]]];
    return structuredClone(this.state.pods.filter((p) => (namespaces.length === 0 || namespaces.includes(p.metadata.namespace ?? ''))
      && values.includes(p.metadata.labels?.[key] ?? '\u0000')));
  }

  async watchNamespace(_ns: string, onChange: (s: ClusterSnapshot) => void) {
    this.listeners.add(onChange);
    onChange(structuredClone(this.state));
    return { stop: () => { this.listeners.delete(onChange); } };
  }

  change(mutate: (s: ClusterSnapshot) => void): void {
    mutate(this.state);
    for (const l of this.listeners) l(structuredClone(this.state));
  }

  async apply(action: PlannedAction, o: { dryRun: boolean }): Promise<ActionResult> {
    this.applied.push({ action, dryRun: o.dryRun });
    if (action.type === 'deletePod') {
      const pod = this.state.pods.find((p) => p.metadata.name === action.target.name && p.metadata.namespace === action.target.namespace);
      if (!pod || pod.metadata.uid !== action.preconditions?.uid) throw new Error('Conflict: precondition failed');
      if (!o.dryRun) {
        this.change((s) => { s.pods = s.pods.filter((p) => p !== pod); });
        this.onDelete?.(pod);
      }
    }
    // Details as the real writer's are not modelled: only the summary is read from this fake.
    return { type: action.type, summary: `${o.dryRun ? 'dry run: ' : ''}${action.description}`, details: {} } as ActionResult;
  }

  async scaleDeployment(ref: TargetRef, replicas: number): Promise<ActionResultOf<'scaleDeployment'>> {
    return { type: 'scaleDeployment', summary: `scaled ${ref.name} to ${replicas}`, details: { dryRun: false, previousReplicas: 0, replicas } };
  }
  async scaleStatefulSet(ref: TargetRef, replicas: number): Promise<ActionResultOf<'scaleStatefulSet'>> {
    return { type: 'scaleStatefulSet', summary: `scaled statefulset ${ref.name} to ${replicas}`, details: { dryRun: false, previousReplicas: 0, replicas } };
  }
  async rolloutUndo(ref: TargetRef, toRevision?: number): Promise<ActionResultOf<'rollbackDeployment'>> {
    return { type: 'rollbackDeployment', summary: `undid ${ref.name}`, details: { dryRun: false, toRevision: toRevision ?? 0, replicaSet: '' } };
  }
}

export class MemoryState implements StateStore, AuditSink {
  readonly records: AuditRecord[] = [];
  constructor(initial: AuditRecord[] = []) { this.records.push(...initial); }
  async history(): Promise<AuditRecord[]> { return [...this.records]; }
  async record(r: AuditRecord): Promise<void> { this.records.push(r); }
  async write(r: AuditRecord): Promise<void> { this.records.push(r); }
}

export class MemoryLock implements Lock {
  readonly held = new Set<string>();
  async tryAcquire(key: string) {
    if (this.held.has(key)) return undefined;
    this.held.add(key);
    return { release: async () => { this.held.delete(key); } };
  }
}

export const allowAll: AccessReviewer = {
  check: async (permissions) => permissions.map((permission) => ({ permission, allowed: true })),
  whoAmI: async () => 'system:serviceaccount:aiops-remediation-lab:remediator',
};

/** The pipeline's ports over a memory cluster: one audit sink and the shared state in memory, attempt ids attempt-1, attempt-2, ... */
export function memoryPipeline(cluster: MemoryCluster): { audit: MemoryState; state: MemoryState; deps: PipelineDeps } {
  const audit = new MemoryState();
  const state = new MemoryState();
  let n = 0;
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit],
    clock: { now: () => new Date() }, newId: () => `attempt-${++n}`,
  };
  return { audit, state, deps };
}
