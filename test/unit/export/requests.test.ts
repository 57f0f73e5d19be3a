// Every request the Kubernetes adapters send is an entry of the permission table (the exported Job's RBAC
// is derived from it), and every granted entry is used: each adapter code path runs against a recorder
// that maps requests to RBAC attributes the way the API server does.
import { strict as assert } from 'assert';
import { KubeAccessReviewer } from '../../../src/adapters/k8s/access';
import { CoalescingEventSink } from '../../../src/adapters/k8s/coalescingEvents';
import { KubeEventSink } from '../../../src/adapters/k8s/events';
import { KubeLeaseLock } from '../../../src/adapters/k8s/lock';
import { KubeClusterReader } from '../../../src/adapters/k8s/reader';
import { KubeStateStore } from '../../../src/adapters/k8s/state';
import { KubeHelmReleaseReader } from '../../../src/adapters/helm/releases';
import { KubeClusterWriter } from '../../../src/adapters/k8s/writer';
import {
  ACTION_NEEDS, EVENT_SERIES_NEED, ROLLBACK_NEEDS, STEP_NEEDS, eventNeeds, forTargetKind, grantedAt, needKey, rollbackNeeds, type ApiNeed, type Place,
} from '../../../src/core/engine/permissions';
import { ACTIONS, actionTargetKinds, type TargetKind } from '../../../src/core/actions';
import type { PlannedAction } from '../../../src/core/engine/plan';
import type { ActionType } from '../../../src/core/model/runbook';
import { RequestRecorder, attributesOf, placeOf, type Recorded } from './requestRecorder';
import { auditRecord } from '../../support/k8s';

const NS = 'shop';
const OTHERS = ['a', 'b', 'c', 'd', 'e'];
const STATE_NS = 'remediator-state';
const DEP_UID = 'dep-uid';

const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });
const owned = (name: string, revision: number, image: string) => ({
  metadata: { name, namespace: NS, uid: `${name}-uid`, annotations: { 'deployment.kubernetes.io/revision': String(revision) }, ownerReferences: [{ kind: 'Deployment', name: 'web', uid: DEP_UID, controller: true }] },
  spec: { template: template(image) },
});

/** A small store behind the recorder: the objects the adapters read, keyed by path. */
function objects(): Map<string, object> {
  const apps = `/apis/apps/v1/namespaces/${NS}`;
  return new Map<string, object>([
    [`/api/v1/namespaces/${NS}`, { metadata: { name: NS } }],
    [`/api/v1/namespaces/${NS}/pods/web-1`, { metadata: { name: 'web-1', namespace: NS, uid: 'pod-uid', labels: { app: 'web' } } }],
    [`${apps}/deployments/web`, {
      metadata: { name: 'web', namespace: NS, uid: DEP_UID, resourceVersion: '7', annotations: { 'deployment.kubernetes.io/revision': '3' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('v3') },
    }],
    [`${apps}/deployments/web/scale`, { metadata: { name: 'web', resourceVersion: '7' }, spec: { replicas: 2 } }],
    [`${apps}/statefulsets/db`, {
      metadata: { name: 'db', namespace: NS, uid: 'sts-uid', resourceVersion: '8' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'db' } }, template: template('v1') },
      status: { updateRevision: 'db-1', currentRevision: 'db-1' },
    }],
    [`${apps}/statefulsets/db/scale`, { metadata: { name: 'db', resourceVersion: '8' }, spec: { replicas: 3 } }],
    [`${apps}/replicasets/web-2`, owned('web-2', 2, 'v2')],
    [`${apps}/replicasets/web-3`, owned('web-3', 3, 'v3')],
  ]);
}

interface Options { forbidClusterWide?: boolean; forbidNamespaces?: boolean; leaseTaken?: boolean }

function recorder(o: Options = {}): RequestRecorder {
  const store = objects();
  return new RequestRecorder((r) => {
    const a = attributesOf(r);
    if (o.forbidNamespaces && a.resource === 'namespaces' && a.verb !== 'create') return { status: 403 };
    if (o.forbidClusterWide && a.verb === 'list' && a.namespace === undefined) return { status: 403 };
    if (a.verb === 'list') {
      const inList = (p: string) => {
        const item = attributesOf({ method: 'GET', path: p, query: {} });
        return item.resource === a.resource && item.group === a.group && !item.subresource && (a.namespace === undefined || item.namespace === a.namespace);
      };
      const items = [...store.entries()].filter(([p]) => inList(p)).map(([, v]) => v);
      return { status: 200, body: { metadata: { resourceVersion: '10' }, items } };
    }
    if (a.verb === 'get') {
      const found = store.get(r.path);
      return found ? { status: 200, body: found } : { status: 404 };
    }
    if (a.verb === 'create' && a.resource === 'leases' && o.leaseTaken) {
      store.set(`${r.path}/${(r.body as { metadata: { name: string } }).metadata.name}`, { metadata: { name: 'x', uid: 'l', resourceVersion: '1' }, spec: { holderIdentity: 'old', renewTime: '2000-01-01T00:00:00.000000Z', leaseDurationSeconds: 1 } });
      return { status: 409 };
    }
    if (a.verb === 'create' && a.resource === 'configmaps') store.set(`${r.path}/${(r.body as { metadata: { name: string } }).metadata.name}`, r.body as object);
    if (a.resource === 'selfsubjectaccessreviews') return { status: 201, body: { status: { allowed: true } } };
    return { status: 200, body: { metadata: { name: 'x', uid: 'u', resourceVersion: '2' }, ...(r.body as object) } };
  });
}

/** Each request must be a table entry at the place it goes to; returns the entries it used. */
function covered(requests: Recorded[], table: readonly ApiNeed[], what: string): Set<string> {
  const used = new Set<string>();
  assert.ok(requests.length > 0, `${what}: no request recorded`);
  for (const r of requests) {
    const a = attributesOf(r);
    const raw = placeOf(a, NS, STATE_NS);
    // The other allowed namespaces of a multi-namespace scan count as target namespaces.
    const where: Place | 'elsewhere' = raw === 'elsewhere' && OTHERS.includes(a.namespace ?? '') ? (a.resource === 'namespaces' ? 'namespaceObject' : 'target') : raw;
    const hit = table.find((n) => n.verb === a.verb && n.group === a.group && n.resource === a.resource && (n.subresource ?? '') === (a.subresource ?? '') && n.where === where);
    assert.ok(hit, `${what}: ${r.method} ${r.path} (${a.verb} ${a.group}/${a.resource}${a.subresource ? `/${a.subresource}` : ''} at ${where}) is not in the permission table`);
    used.add(needKey(hit));
  }
  return used;
}

/** The granted entries of `table` are exactly those used (nothing granted that no code path asks for). */
function exactly(used: Set<string>, table: readonly ApiNeed[], what: string, places: Place[] = ['target']): void {
  const granted = places.flatMap((p) => grantedAt(table, p).map((r) => needKey({ ...r, where: p })));
  assert.deepEqual([...used].filter((k) => granted.includes(k)).sort(), [...granted].sort(), `${what}: granted but never requested`);
}

const NAMES: Record<TargetKind, string> = { Pod: 'web-1', Deployment: 'web', StatefulSet: 'db' };

function planned(type: PlannedAction['type'], kind: TargetKind): PlannedAction {
  const target = { namespace: NS, kind, name: NAMES[kind] };
  return { type, target, description: '', mutating: type !== 'collectEvidence', preconditions: { uid: 'pod-uid' }, toReplicas: 3, equivalentCommand: '', permissions: [] };
}

describe('permission table: every adapter request is an entry, every granted entry is used', () => {
  it('snapshot: one namespace, with its Namespace object', async () => {
    const rec = recorder();
    const snap = await new KubeClusterReader(rec.asHttp()).snapshot({ namespaces: [NS], includeNamespaces: true });
    assert.equal(snap.namespaces?.length, 1);
    await new KubeClusterReader(rec.asHttp()).listPods([NS], 'app=web');
    exactly(covered(rec.take(), STEP_NEEDS.snapshot, 'snapshot'), STEP_NEEDS.snapshot, 'snapshot', ['target', 'namespaceObject']);
  });

  it('snapshot around one pod (the re-check before a pod action): lists only, all in the snapshot\'s entries', async () => {
    for (const workload of [{ kind: 'Deployment', name: 'web' }, { kind: 'StatefulSet', name: 'db' }, undefined]) {
      const rec = recorder();
      await new KubeClusterReader(rec.asHttp()).snapshot({ namespaces: [NS], includeNamespaces: true, around: { pod: 'web-1', app: 'web', ...(workload ? { workload } : {}) } });
      const requests = rec.take();
      covered(requests, STEP_NEEDS.snapshot, `around ${workload?.kind ?? 'no workload'}`);
      assert.ok(requests.every((r) => attributesOf(r).verb === 'list' || attributesOf(r).resource === 'namespaces'), 'no get of a workload or pod');
    }
  });

  it('snapshot: many namespaces, cluster-wide lists allowed, then forbidden (tolerated, falls back)', async () => {
    for (const forbidClusterWide of [false, true]) {
      const rec = recorder({ forbidClusterWide });
      await new KubeClusterReader(rec.asHttp()).snapshot({ namespaces: [NS, ...OTHERS], includeNamespaces: true });
      const requests = rec.take();
      covered(requests, STEP_NEEDS.snapshot, `snapshot (cluster-wide ${forbidClusterWide ? 'forbidden' : 'allowed'})`);
      const clusterWide = requests.filter((r) => attributesOf(r).namespace === undefined);
      assert.ok(clusterWide.length > 0);
      for (const r of clusterWide) {
        const a = attributesOf(r);
        assert.ok(STEP_NEEDS.snapshot.find((n) => n.where === 'cluster' && n.resource === a.resource)?.tolerated, `${r.path} must be a tolerated request`);
      }
    }
  });

  it('snapshot: a denied Namespace read is recorded as unreadable, with the reason', async () => {
    const rec = recorder({ forbidNamespaces: true });
    const snap = await new KubeClusterReader(rec.asHttp()).snapshot({ namespaces: [NS], includeNamespaces: true });
    assert.deepEqual(Object.keys(snap.unreadableNamespaces ?? {}), [NS]);
    const many = await new KubeClusterReader(recorder({ forbidNamespaces: true }).asHttp()).snapshot({ namespaces: [NS, ...OTHERS], includeNamespaces: true });
    assert.deepEqual(Object.keys(many.unreadableNamespaces ?? {}).sort(), [NS, ...OTHERS].sort());
    const all = await new KubeClusterReader(recorder({ forbidNamespaces: true }).asHttp()).snapshot({ includeNamespaces: true });
    assert.deepEqual(Object.keys(all.unreadableNamespaces ?? {}), [NS], 'all namespaces: the namespaces objects were read from');
    const readable = await new KubeClusterReader(recorder().asHttp()).snapshot({ namespaces: [NS, 'gone'], includeNamespaces: true });
    assert.equal(readable.unreadableNamespaces, undefined, 'a missing namespace (404) is not unreadable');
  });

  it('verification: the watch of the target namespace (list + watch of the five types)', async () => {
    const rec = recorder();
    const sub = await new KubeClusterReader(rec.asHttp()).watchNamespace(NS, () => undefined, () => undefined);
    sub.stop();
    exactly(covered(rec.take(), STEP_NEEDS.verify, 'verify'), STEP_NEEDS.verify, 'verify');
  });

  // ACTION_NEEDS is a Record over ActionType, so its keys are every action type.
  // helm rollback's writes are sent by the helm process (its needs are proven with auth can-i in the
  // cluster tests); what Remediator itself sends for it is the history read, checked here.
  it('action helmRollback: the release history read is one list of secrets, an entry of its needs', async () => {
    const rec = recorder();
    await new KubeHelmReleaseReader(rec.asHttp()).read(NS, 'web');
    const sent = rec.take();
    assert.ok(sent.length > 0);
    covered(sent, ACTION_NEEDS.helmRollback, 'helmRollback');
  });

  for (const type of (Object.keys(ACTION_NEEDS) as ActionType[]).filter((t) => t !== 'helmRollback')) {
    it(`action ${type}: server dry run and the real request`, async () => {
      const rec = recorder();
      // A read-only action may look at a pod or a workload of its kinds; a mutating one changes its target kinds only.
      const kinds: readonly TargetKind[] = ACTIONS[type].mutating ? actionTargetKinds(type) : ['Pod', ...actionTargetKinds(type)];
      for (const kind of kinds) {
        for (const dryRun of [true, false]) await new KubeClusterWriter(rec.asHttp()).apply(planned(type, kind), { dryRun });
      }
      exactly(covered(rec.take(), ACTION_NEEDS[type], type), ACTION_NEEDS[type], type);
    });
  }

  it('the requests of an action that takes either workload kind: only those of the kind it targets', async () => {
    for (const kind of actionTargetKinds('rolloutRestart')) {
      const rec = recorder();
      await new KubeClusterWriter(rec.asHttp()).apply(planned('rolloutRestart', kind), { dryRun: false });
      const table = forTargetKind(ACTION_NEEDS.rolloutRestart, kind);
      assert.ok(table.length < ACTION_NEEDS.rolloutRestart.length, kind);
      exactly(covered(rec.take(), table, `rolloutRestart on a ${kind}`), table, `rolloutRestart on a ${kind}`);
    }
  });

  it('rollback of a StatefulSet scale: its own scale subresource', async () => {
    const rec = recorder();
    await new KubeClusterWriter(rec.asHttp()).scaleStatefulSet({ namespace: NS, kind: 'StatefulSet', name: 'db' }, 1, { dryRun: false });
    const table = rollbackNeeds('scale_to_previous_replicas', 'scaleStatefulSet');
    assert.notEqual(table, ROLLBACK_NEEDS.scale_to_previous_replicas);
    exactly(covered(rec.take(), table, 'scale a StatefulSet back'), table, 'scale a StatefulSet back');
  });

  it('rollbacks: scale to the previous replicas, rollout undo', async () => {
    for (const type of ['scale_to_previous_replicas', 'rollout_undo'] as const) {
      const rec = recorder();
      const writer = new KubeClusterWriter(rec.asHttp());
      const ref = { namespace: NS, kind: 'Deployment', name: 'web' };
      if (type === 'scale_to_previous_replicas') await writer.scaleDeployment(ref, 1, { dryRun: false });
      else await writer.rolloutUndo(ref, 2, { dryRun: false });
      exactly(covered(rec.take(), ROLLBACK_NEEDS[type], type), ROLLBACK_NEEDS[type], type);
    }
  });

  it('audit Events: on a pod target, a Deployment target and a StatefulSet target', async () => {
    for (const [type, kind, name] of [['deletePod', 'Pod', 'web-1'], ['scaleDeployment', 'Deployment', 'web'], ['scaleStatefulSet', 'StatefulSet', 'db']] as const) {
      const rec = recorder();
      await new KubeEventSink(rec.asHttp()).write(auditRecord({ target: { namespace: NS, kind, name } }));
      exactly(covered(rec.take(), eventNeeds(type), `event on ${kind}`), eventNeeds(type), `event on ${kind}`);
    }
  });

  it('serve\'s coalesced Events: the same requests as KubeEventSink', async () => {
    for (const [type, kind, name] of [['deletePod', 'Pod', 'web-1'], ['scaleDeployment', 'Deployment', 'web'], ['scaleStatefulSet', 'StatefulSet', 'db']] as const) {
      const rec = recorder();
      const sink = new CoalescingEventSink(rec.asHttp(), { onError: (err) => assert.fail(err) });
      await sink.write(auditRecord({ target: { namespace: NS, kind, name } }));
      await sink.write(auditRecord({ target: { namespace: NS, kind, name } }));
      await sink.close();
      exactly(covered(rec.take(), eventNeeds(type), `coalesced event on ${kind}`), eventNeeds(type), `coalesced event on ${kind}`);
    }
  });

  it('serve\'s Event series: a later decision patches the posted Event (EVENT_SERIES_NEED), nothing else', async () => {
    for (const [type, kind, name] of [['deletePod', 'Pod', 'web-1'], ['scaleDeployment', 'Deployment', 'web']] as const) {
      const rec = recorder();
      const sink = new CoalescingEventSink(rec.asHttp(), { onError: (err) => assert.fail(err) });
      await sink.write(auditRecord({ target: { namespace: NS, kind, name } }));
      await sink.flush();
      await sink.write(auditRecord({ target: { namespace: NS, kind, name } }));
      await sink.close();
      const requests = rec.take();
      assert.ok(requests.some((r) => r.method === 'PATCH'), 'the count was patched');
      const table = [...eventNeeds(type), EVENT_SERIES_NEED];
      exactly(covered(requests, table, `series on ${kind}`), table, `series on ${kind}`);
    }
  });

  it('lock: create, take over an expired Lease, release', async () => {
    const used = new Set<string>();
    for (const leaseTaken of [false, true]) {
      const rec = recorder({ leaseTaken });
      const handle = await new KubeLeaseLock(rec.asHttp(), STATE_NS).tryAcquire('key', 'me', 30);
      assert.ok(handle, 'acquired');
      await handle.release();
      for (const k of covered(rec.take(), STEP_NEEDS.lock, 'lock')) used.add(k);
    }
    exactly(used, STEP_NEEDS.lock, 'lock', ['state']);
  });

  it('shared state: read history, first append creates, next append updates', async () => {
    const rec = recorder();
    const store = new KubeStateStore(rec.asHttp(), STATE_NS);
    await store.history('rb');
    await store.record(auditRecord({ runbook: 'rb', time: new Date().toISOString() }));
    await store.record(auditRecord({ runbook: 'rb', id: 'attempt-2', time: new Date().toISOString() }));
    exactly(covered(rec.take(), STEP_NEEDS.state, 'state'), STEP_NEEDS.state, 'state', ['state']);
  });

  it('access review and identity: granted to every authenticated user, so never exported', async () => {
    const rec = recorder();
    const access = new KubeAccessReviewer(rec.asHttp(), 'fallback');
    await access.check([{ verb: 'delete', group: '', resource: 'pods', namespace: NS }]);
    await access.whoAmI();
    covered(rec.take(), STEP_NEEDS.accessReview, 'access review');
    assert.ok(STEP_NEEDS.accessReview.every((n) => n.everyone));
  });
});
