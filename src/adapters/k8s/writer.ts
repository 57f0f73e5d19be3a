// ClusterWriter: the typed actions, each as a server-side dry run (dryRun=All) when asked. Preconditions
// (uid, resourceVersion) make sure the pod acted on is the pod decided on.
import type { PlannedAction } from '../../core/engine/plan';
import type { TargetRef } from '../../core/model/audit';
import type { ActionType } from '../../core/model/runbook';
import { ClusterError, systemClock, type ActionResult, type ActionResultOf, type Clock, type ClusterWriter } from '../../core/ports';
import { collectEvidence } from './evidence';
import { KubeApiError } from './errors';
import { PATCH, type KubeHttp, type Query } from './http';
import { DEPLOYMENTS, PODS, STATEFUL_SETS, objectPath, type ResourceType } from './resources';
import { currentRevision, rolloutUndo as undo } from './rollout';

/** Runs `helm rollback` (the helm adapter's HelmCli). */
export interface HelmRollbackRunner {
  rollback(release: string, revision: number, namespace: string, dryRun: boolean): Promise<string>;
}

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

interface Scale { metadata: { resourceVersion?: string }; spec?: { replicas?: number }; status?: { replicas?: number } }

/** The workload resource a ref names: a StatefulSet, else a Deployment (the plan's target kind). */
function workloadType(ref: TargetRef): ResourceType {
  return ref.kind === 'StatefulSet' ? STATEFUL_SETS : DEPLOYMENTS;
}

function dryRunQuery(dryRun: boolean): Query {
  return dryRun ? { dryRun: 'All' } : {};
}

function prefix(dryRun: boolean): string {
  return dryRun ? 'server dry run: ' : '';
}

/** Re-raises a 409 on a precondition as "the pod changed since the decision". */
function conflictAsChanged(ref: TargetRef, err: unknown): never {
  if (err instanceof ClusterError && err.status === 409) {
    throw new KubeApiError(`pod ${ref.namespace}/${ref.name} changed since the decision (${(err as KubeApiError).serverMessage ?? err.message}); nothing was done`, 'conflict', 409, 'Conflict');
  }
  throw err;
}

/** The writer operation of each action type (the compiler checks every type has one). */
type Operation<T extends ActionType> = (writer: KubeClusterWriter, action: PlannedAction, options: { dryRun: boolean }) => Promise<ActionResultOf<T>>;
type Operations = { readonly [T in ActionType]: Operation<T> };

const OPERATIONS: Operations = {
  deletePod: (w, action, o) => w.deletePod(action, o.dryRun),
  evictPod: (w, action, o) => w.evictPod(action, o.dryRun),
  scaleDeployment: (w, action, o) => {
    if (action.toReplicas === undefined) throw new ClusterError(`scale ${action.target.name}: the plan has no target replica count`, 'invalid');
    return w.scaleDeployment(action.target, action.toReplicas, o);
  },
  scaleStatefulSet: (w, action, o) => {
    if (action.toReplicas === undefined) throw new ClusterError(`scale ${action.target.name}: the plan has no target replica count`, 'invalid');
    return w.scaleStatefulSet(action.target, action.toReplicas, o);
  },
  rolloutRestart: (w, action, o) => w.rolloutRestart(action.target, o.dryRun),
  rollbackDeployment: (w, action, o) => w.rolloutUndo(action.target, action.toRevision, o),
  collectEvidence: (w, action) => collectEvidence(w.http, action.target),
  helmRollback: (w, action, o) => w.helmRollback(action, o.dryRun),
};

export class KubeClusterWriter implements ClusterWriter {
  constructor(readonly http: KubeHttp, private readonly clock: Clock = systemClock, private readonly helm?: HelmRollbackRunner) {}

  async apply(action: PlannedAction, options: { dryRun: boolean }): Promise<ActionResult> {
    const operation = Object.prototype.hasOwnProperty.call(OPERATIONS, action.type) ? OPERATIONS[action.type] : undefined;
    if (!operation) throw new ClusterError(`unknown action type ${(action as { type: string }).type}`, 'invalid');
    return operation(this, action, options);
  }

  async deletePod(action: PlannedAction, dryRun: boolean): Promise<ActionResultOf<'deletePod'>> {
    const { namespace, name } = action.target;
    // With a DeleteOptions body the API server ignores the dryRun query parameter: it must be in the body.
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: action.preconditions ?? {}, ...(dryRun ? { dryRun: ['All'] } : {}) };
    await this.http.request('DELETE', objectPath(PODS, namespace, name), { query: dryRunQuery(dryRun), body })
      .catch((err: unknown) => conflictAsChanged(action.target, err));
    return {
      type: 'deletePod',
      summary: `${prefix(dryRun)}deleted pod ${namespace}/${name}${action.preconditions?.uid ? ` (uid ${action.preconditions.uid})` : ''}`,
      details: { dryRun, uid: action.preconditions?.uid },
    };
  }

  async evictPod(action: PlannedAction, dryRun: boolean): Promise<ActionResultOf<'evictPod'>> {
    const { namespace, name } = action.target;
    const body = {
      apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace },
      deleteOptions: { preconditions: action.preconditions ?? {}, ...(dryRun ? { dryRun: ['All'] } : {}) },
    };
    await this.http.request('POST', objectPath(PODS, namespace, name, 'eviction'), { query: dryRunQuery(dryRun), body })
      .catch((err: unknown) => {
        if (err instanceof KubeApiError && err.status === 429) {
          throw new KubeApiError(`eviction of pod ${namespace}/${name} blocked by PDB: ${err.serverMessage ?? err.message}`, 'blocked_by_pdb', 429, err.reason, err.serverMessage);
        }
        return conflictAsChanged(action.target, err);
      });
    return { type: 'evictPod', summary: `${prefix(dryRun)}evicted pod ${namespace}/${name}`, details: { dryRun, uid: action.preconditions?.uid } };
  }

  async scaleDeployment(ref: TargetRef, replicas: number, options: { dryRun: boolean }): Promise<ActionResultOf<'scaleDeployment'>> {
    return { type: 'scaleDeployment', ...await this.scale(DEPLOYMENTS, ref, replicas, options.dryRun) };
  }

  async scaleStatefulSet(ref: TargetRef, replicas: number, options: { dryRun: boolean }): Promise<ActionResultOf<'scaleStatefulSet'>> {
    return { type: 'scaleStatefulSet', ...await this.scale(STATEFUL_SETS, ref, replicas, options.dryRun) };
  }

  /** Through the scale subresource: read, then replace with the read resourceVersion (409 if it moved). */
  private async scale(type: ResourceType, ref: TargetRef, replicas: number, dryRun: boolean) {
    if (!Number.isInteger(replicas) || replicas < 0) throw new ClusterError(`cannot scale ${ref.name} to ${replicas} replicas`, 'invalid');
    const path = objectPath(type, ref.namespace, ref.name, 'scale');
    const scale = await this.http.get<Scale>(path);
    const previousReplicas = scale.spec?.replicas ?? 0;
    await this.http.request('PUT', path, { query: dryRunQuery(dryRun), body: { ...scale, spec: { ...scale.spec, replicas } } });
    return {
      summary: `${prefix(dryRun)}scaled ${type.kind.toLowerCase()} ${ref.namespace}/${ref.name} from ${previousReplicas} to ${replicas} replicas`,
      details: { dryRun, previousReplicas, replicas },
    };
  }

  /** Like `kubectl rollout restart`: a new restartedAt annotation on the pod template starts a rollout. */
  async rolloutRestart(ref: TargetRef, dryRun: boolean): Promise<ActionResultOf<'rolloutRestart'>> {
    const type = workloadType(ref);
    const path = objectPath(type, ref.namespace, ref.name);
    const before = await this.http.get<{ status?: { updateRevision?: string } }>(path);
    const from = type === STATEFUL_SETS ? { fromControllerRevision: before.status?.updateRevision } : { fromRevision: currentRevision(before) };
    const restartedAt = this.clock.now().toISOString();
    const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } } };
    await this.http.request('PATCH', path, { query: dryRunQuery(dryRun), body: patch, contentType: PATCH.strategic });
    return {
      type: 'rolloutRestart',
      summary: `${prefix(dryRun)}restarted ${type.kind.toLowerCase()} ${ref.namespace}/${ref.name} (restartedAt ${restartedAt})`,
      details: { dryRun, restartedAt, ...from },
    };
  }

  rolloutUndo(ref: TargetRef, toRevision: number | undefined, options: { dryRun: boolean }): Promise<ActionResultOf<'rollbackDeployment'>> {
    return undo(this.http, ref, toRevision, options.dryRun);
  }

  /** `helm rollback` to the planned revision; helm's own --dry-run for the server-side dry run. */
  async helmRollback(action: PlannedAction, dryRun: boolean): Promise<ActionResultOf<'helmRollback'>> {
    const helm = action.helm;
    if (!helm || helm.fromRevision === undefined || action.toRevision === undefined) {
      throw new ClusterError(`helm rollback of ${action.target.name}: the plan names no revision to roll back to`, 'invalid');
    }
    if (!this.helm) throw new ClusterError('helm rollback needs the helm binary, and none is configured', 'config');
    const output = await this.helm.rollback(helm.release, action.toRevision, helm.namespace, dryRun);
    return {
      type: 'helmRollback',
      summary: `${prefix(dryRun)}helm rolled release ${helm.namespace}/${helm.release} back from revision ${helm.fromRevision} to ${action.toRevision}`,
      details: { dryRun, release: helm.release, namespace: helm.namespace, fromRevision: helm.fromRevision, toRevision: action.toRevision, output: output.slice(0, 2000) },
    };
  }
}
