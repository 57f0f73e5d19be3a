import assert from 'node:assert/strict';
import type { PlannedAction } from '../../src/core/engine/plan';
import type { Deployment, Pod, ReplicaSet } from '../../src/core/k8s/types';
import type { ActionType } from '../../src/core/model/runbook';
import { ClusterError, type ActionResult, type ActionResultOf } from '../../src/core/ports';
import { PATCH, type KubeHttp } from '../../src/adapters/k8s/http';
import { DEPLOYMENTS, PODS, REPLICA_SETS, listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { RESTARTED_AT_ANNOTATION, KubeClusterWriter } from '../../src/adapters/k8s/writer';
import { useCluster, waitFor } from './harness';
import { createPdb, readyPods, seedLab, waitAvailable } from './objects';

/** The result, checked to be of the operation of `type` (so its details are typed). */
function resultOf<T extends ActionType>(type: T, result: ActionResult): ActionResultOf<T> {
  assert.equal(result.type, type);
  return result as ActionResultOf<T>;
}

function action(type: PlannedAction['type'], namespace: string, kind: string, name: string, extra: Partial<PlannedAction> = {}): PlannedAction {
  return {
    type, target: { namespace, kind, name }, description: `${type} ${name}`, mutating: type !== 'collectEvidence',
    equivalentCommand: '', permissions: [], ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ClusterError, `expected a ClusterError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

async function podExists(http: KubeHttp, namespace: string, name: string): Promise<Pod | undefined> {
  return http.get<Pod>(objectPath(PODS, namespace, name)).catch((err: unknown) => {
    if (err instanceof ClusterError && err.kind === 'not_found') return undefined;
    throw err;
  });
}

describe('cluster: writer', function () {
  const { cluster, namespace } = useCluster('wrt');
  let writer: KubeClusterWriter;
  beforeEach(async function () {
    writer = new KubeClusterWriter(cluster().http);
    await seedLab(cluster().http, namespace());
  });

  it('deletes a pod only when its uid matches (dry run first)', async function () {
    const { http } = cluster();
    const [pod] = await readyPods(http, namespace(), 'web');
    const ns = namespace();
    const wrong = await rejection(writer.apply(action('deletePod', ns, 'Pod', pod.metadata.name, { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } }), { dryRun: false }));
    assert.equal(wrong.kind, 'conflict');
    assert.match(wrong.message, /changed since the decision/);
    const right = action('deletePod', ns, 'Pod', pod.metadata.name, { preconditions: { uid: pod.metadata.uid } });
    const dry = await writer.apply(right, { dryRun: true });
    assert.match(dry.summary, /dry run/);
    const afterDry = await podExists(http, ns, pod.metadata.name);
    assert.ok(afterDry, 'the pod still exists after the dry run');
    assert.equal(afterDry.metadata.uid, pod.metadata.uid);
    assert.equal(afterDry.metadata.deletionTimestamp, undefined, 'dry run deleted nothing');
    await writer.apply(right, { dryRun: false });
    await waitFor('the pod to be gone or terminating', async () => {
      const p = await podExists(http, ns, pod.metadata.name);
      return !p || p.metadata.deletionTimestamp ? true : undefined;
    }, 30_000);
  });

  it('an eviction blocked by a PodDisruptionBudget is blocked_by_pdb', async function () {
    const { http } = cluster();
    const ns = namespace();
    await createPdb(http, ns, 'singleton', 'singleton', 1);
    const [pod] = await readyPods(http, ns, 'singleton');
    const evict = action('evictPod', ns, 'Pod', pod.metadata.name, { preconditions: { uid: pod.metadata.uid } });
    const blocked = await rejection(writer.apply(evict, { dryRun: true }));
    assert.equal(blocked.kind, 'blocked_by_pdb');
    assert.equal(blocked.status, 429);
    assert.match(blocked.message, /blocked by PDB.*disruption budget/i);
    const [web] = await readyPods(http, ns, 'web');
    const ok = await writer.apply(action('evictPod', ns, 'Pod', web.metadata.name, { preconditions: { uid: web.metadata.uid } }), { dryRun: false });
    assert.match(ok.summary, /evicted pod/);
  });

  it('scales through the scale subresource and records the previous count', async function () {
    const { http } = cluster();
    const ns = namespace();
    const dry = resultOf('scaleDeployment', await writer.apply(action('scaleDeployment', ns, 'Deployment', 'web', { toReplicas: 3 }), { dryRun: true }));
    assert.equal(dry.details.previousReplicas, 2);
    assert.equal((await http.get<Deployment>(objectPath(DEPLOYMENTS, ns, 'web'))).spec?.replicas, 2, 'dry run changed nothing');
    const done = resultOf('scaleDeployment', await writer.apply(action('scaleDeployment', ns, 'Deployment', 'web', { toReplicas: 3 }), { dryRun: false }));
    assert.deepEqual([done.details.previousReplicas, done.details.replicas], [2, 3]);
    await waitAvailable(http, ns, 'web');
    const back = await writer.scaleDeployment({ namespace: ns, kind: 'Deployment', name: 'web' }, 2, { dryRun: false });
    assert.equal(back.details.previousReplicas, 3);
  });

  it('rollout restart sets restartedAt on the pod template and rolls out', async function () {
    const { http } = cluster();
    const ns = namespace();
    const result = resultOf('rolloutRestart', await writer.apply(action('rolloutRestart', ns, 'Deployment', 'web'), { dryRun: false }));
    assert.equal(result.details.fromRevision, 1);
    const d = await waitAvailable(http, ns, 'web');
    assert.equal(d.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION], result.details.restartedAt);
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  });

  it('rolls back to the previous revision like kubectl rollout undo', async function () {
    const { http } = cluster();
    const ns = namespace();
    const path = objectPath(DEPLOYMENTS, ns, 'web');
    await http.request('PATCH', path, { body: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } }, contentType: PATCH.strategic });
    await waitAvailable(http, ns, 'web');
    const dry = resultOf('rollbackDeployment', await writer.apply(action('rollbackDeployment', ns, 'Deployment', 'web'), { dryRun: true }));
    assert.deepEqual([dry.details.fromRevision, dry.details.toRevision], [2, 1]);
    const undone = resultOf('rollbackDeployment', await writer.apply(action('rollbackDeployment', ns, 'Deployment', 'web'), { dryRun: false }));
    assert.deepEqual([undone.details.fromRevision, undone.details.toRevision], [2, 1]);
    const d = await waitAvailable(http, ns, 'web');
    const containers = (d.spec?.template?.spec as { containers: { image: string }[] }).containers;
    assert.equal(containers[0].image, 'nginx:1.27');
    assert.equal(d.spec?.template?.metadata?.labels?.['pod-template-hash'], undefined);
    const owned = (await listAll<KubeObject>(http, REPLICA_SETS, ns)).items as unknown as ReplicaSet[];
    assert.equal(owned.filter((rs) => rs.metadata.name.startsWith('web-')).length, 2, 'the old ReplicaSet was reused');
  });

  it('collectEvidence reads pods and events without changing anything', async function () {
    const ns = namespace();
    const result = resultOf('collectEvidence', await writer.apply(action('collectEvidence', ns, 'Deployment', 'web'), { dryRun: false }));
    const pods = result.details.pods;
    assert.equal(pods.length, 2);
    assert.ok(pods.every((p) => p.ready));
    assert.match(result.summary, /2\/2 pods ready/);
    assert.ok(Array.isArray(result.details.events));
  });
});
