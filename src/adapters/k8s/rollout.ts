// `kubectl rollout undo` as data: find the Deployment's ReplicaSet with the wanted revision and put its
// pod template back on the Deployment (minus pod-template-hash), guarded by the Deployment's
// resourceVersion so a concurrent change makes it fail (409 conflict) instead of being overwritten.
import type { Deployment, PodTemplate, ReplicaSet } from '../../core/k8s/types';
import type { TargetRef } from '../../core/model/audit';
import type { RollbackDeploymentDetails } from '../../core/actions';
import { ClusterError, type ActionResultOf } from '../../core/ports';
import type { KubeHttp } from './http';
import { DEPLOYMENTS, REPLICA_SETS, listAll, objectPath, type KubeObject } from './resources';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const POD_TEMPLATE_HASH = 'pod-template-hash';

function revisionOf(o: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const text = o.metadata.annotations?.[REVISION_ANNOTATION];
  const n = text === undefined ? NaN : Number(text);
  return Number.isInteger(n) ? n : undefined;
}

export function currentRevision(deployment: unknown): number | undefined {
  return revisionOf(deployment as Deployment);
}

/** The Deployment's own ReplicaSets (controller owner reference by uid), with their revisions. */
async function ownedReplicaSets(http: KubeHttp, deployment: Deployment): Promise<{ rs: ReplicaSet; revision: number }[]> {
  const { items } = await listAll<KubeObject>(http, REPLICA_SETS, deployment.metadata.namespace);
  return (items as unknown as ReplicaSet[])
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata.uid))
    .map((rs) => ({ rs, revision: revisionOf(rs) }))
    .filter((r): r is { rs: ReplicaSet; revision: number } => r.revision !== undefined)
    .sort((a, b) => b.revision - a.revision);
}

function pickTarget(ref: TargetRef, owned: { rs: ReplicaSet; revision: number }[], from: number | undefined, toRevision: number | undefined): { rs: ReplicaSet; revision: number } {
  if (toRevision !== undefined && toRevision > 0) {
    const wanted = owned.find((r) => r.revision === toRevision);
    if (!wanted) throw new ClusterError(`deployment ${ref.namespace}/${ref.name} has no revision ${toRevision} (known: ${owned.map((r) => r.revision).join(', ') || 'none'})`, 'not_found');
    return wanted;
  }
  const previous = owned.find((r) => from === undefined || r.revision < from);
  if (!previous) throw new ClusterError(`deployment ${ref.namespace}/${ref.name} has no previous revision to roll back to`, 'invalid');
  return previous;
}

function templateWithoutHash(template: PodTemplate | undefined): PodTemplate {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as PodTemplate;
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  return copy;
}

export async function rolloutUndo(http: KubeHttp, ref: TargetRef, toRevision: number | undefined, dryRun: boolean): Promise<ActionResultOf<'rollbackDeployment'>> {
  const path = objectPath(DEPLOYMENTS, ref.namespace, ref.name);
  const deployment = await http.get<Deployment>(path);
  if (deployment.spec?.paused) throw new ClusterError(`deployment ${ref.namespace}/${ref.name} is paused; resume it before rolling back`, 'invalid');
  const fromRevision = revisionOf(deployment);
  const target = pickTarget(ref, await ownedReplicaSets(http, deployment), fromRevision, toRevision);
  const template = templateWithoutHash(target.rs.spec?.template);
  const prefix = dryRun ? 'server dry run: ' : '';
  const details: RollbackDeploymentDetails = { dryRun, fromRevision, toRevision: target.revision, replicaSet: target.rs.metadata.name };
  if (JSON.stringify(template) === JSON.stringify(deployment.spec?.template)) {
    return { type: 'rollbackDeployment', summary: `${prefix}skipped rollback of ${ref.namespace}/${ref.name}: the template already matches revision ${target.revision}`, details: { ...details, skipped: true } };
  }
  // An update carrying the read resourceVersion: a concurrent change answers 409 instead of being overwritten.
  const updated = { ...deployment, spec: { ...deployment.spec, template } };
  await http.request('PUT', path, { query: dryRun ? { dryRun: 'All' } : {}, body: updated });
  return {
    type: 'rollbackDeployment',
    summary: `${prefix}rolled back deployment ${ref.namespace}/${ref.name} from revision ${fromRevision ?? '?'} to revision ${target.revision} (ReplicaSet ${target.rs.metadata.name})`,
    details,
  };
}
