import assert from 'node:assert/strict';
import { InformerSnapshots } from '../../src/adapters/k8s/informerSnapshots';
import { KubeClusterReader } from '../../src/adapters/k8s/reader';
import { PODS, objectPath } from '../../src/adapters/k8s/resources';
import type { ClusterSnapshot } from '../../src/core/k8s/types';
import { counting } from './counting';
import { until, useCluster } from './harness';
import { readyPods, seedLab } from './objects';

const names = (s: ClusterSnapshot) => s.pods.map((p) => p.metadata.name).sort();

describe('cluster: informer-backed first look (serve)', function () {
  const { cluster, namespace } = useCluster('ifs');

  it('reads live until its informers watch, then answers from them with the same objects and no list', async function () {
    const ns = namespace();
    await seedLab(cluster().http, ns);
    await readyPods(cluster().http, ns, 'web');
    const counted = counting(cluster().http);
    const live = new KubeClusterReader(counted.http);
    const snapshots = new InformerSnapshots(counted.http, live);
    try {
      const scope = { namespaces: [ns], includeNamespaces: true };
      const first = await snapshots.snapshot(scope);
      const liveNow = await live.snapshot(scope);
      assert.deepEqual(names(first), names(liveNow));
      await until('the informers watch', async () => snapshots.status, (s) => s.watching === 1);
      const lists = counted.count('GET', /\/pods$/) + counted.sent.filter((s) => s.method === 'GET' && s.path.includes('/pods?')).length;
      const cached = await snapshots.snapshot(scope);
      const again = await snapshots.snapshot(scope);
      assert.deepEqual(names(cached), names(liveNow));
      assert.equal(cached.namespaces?.[0]?.metadata.name, ns, 'the Namespace object is there (blocking annotations)');
      assert.ok(Date.now() - Date.parse(cached.takenAt!) < 5000, 'as of now');
      assert.equal(counted.count('GET', /\/pods$/) + counted.sent.filter((s) => s.method === 'GET' && s.path.includes('/pods?')).length, lists, 'no pod list for a cached snapshot');
      assert.equal(again.pods, cached.pods, 'checked once per change, not per decision');
      // Other scopes are read live.
      const wide = await snapshots.snapshot({ namespaces: [ns, 'default'] });
      assert.deepEqual(names(wide), names(liveNow));
    } finally {
      snapshots.stop();
    }
  });

  it('follows a pod deletion: the cached view drops the pod', async function () {
    const ns = namespace();
    await seedLab(cluster().http, ns);
    const [victim] = await readyPods(cluster().http, ns, 'web');
    const snapshots = new InformerSnapshots(cluster().http, new KubeClusterReader(cluster().http));
    try {
      await snapshots.snapshot({ namespaces: [ns] });
      await until('the informers watch', async () => snapshots.status, (s) => s.watching === 1);
      assert.ok(names(await snapshots.snapshot({ namespaces: [ns] })).includes(victim.metadata.name));
      await cluster().http.request('DELETE', objectPath(PODS, ns, victim.metadata.name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
      await until('the deletion is seen', () => snapshots.snapshot({ namespaces: [ns] }), (s) => !names(s).includes(victim.metadata.name));
    } finally {
      snapshots.stop();
    }
    assert.equal(snapshots.status.namespaces, 0, 'stop ends every informer');
  });
  it('a change while the Namespace is read: the view has it, and no live list is made', async function () {
    const ns = namespace();
    await seedLab(cluster().http, ns);
    const [victim] = await readyPods(cluster().http, ns, 'web');
    const counted = counting(cluster().http);
    const live = new KubeClusterReader(counted.http);
    let release: () => void = () => undefined;
    let held = false;
    const slowFacts = Object.assign(Object.create(live) as KubeClusterReader, {
      namespaceFacts: async (namespaces: readonly string[]) => {
        if (held) await new Promise<void>((r) => { release = r; });
        return live.namespaceFacts(namespaces);
      },
    });
    const snapshots = new InformerSnapshots(counted.http, slowFacts, { namespaceMaxAgeMs: 0 });
    try {
      snapshots.warm([ns]);
      await until('the informers watch', async () => snapshots.status, (s) => s.watching === 1);
      const podLists = () => counted.sent.filter((x) => x.method === 'GET' && /\/pods(\?|$)/.test(x.path)).length;
      const seen: ClusterSnapshot[] = [];
      const watch = await snapshots.sharedWatchReader().watchNamespace(ns, (x) => seen.push(x), (err) => { throw err; });
      const before = podLists();
      held = true;
      const view = snapshots.snapshot({ namespaces: [ns], includeNamespaces: true });
      await cluster().http.request('DELETE', objectPath(PODS, ns, victim.metadata.name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
      await until('the informers dropped the pod', async () => seen, (all) => all.some((x) => !names(x).includes(victim.metadata.name)));
      held = false;
      release();
      const got = await view;
      assert.ok(!names(got).includes(victim.metadata.name), 'the view is as of its answer, with the deletion');
      assert.equal(got.namespaces?.[0]?.metadata.name, ns);
      assert.equal(podLists(), before, 'no live list');
      watch.stop();
    } finally {
      snapshots.stop();
    }
  });

  it('verification watches through the shared informers: a change is delivered, and no list is made for it', async function () {
    const ns = namespace();
    await seedLab(cluster().http, ns);
    const [victim] = await readyPods(cluster().http, ns, 'web');
    const counted = counting(cluster().http);
    const snapshots = new InformerSnapshots(counted.http, new KubeClusterReader(counted.http));
    try {
      snapshots.warm([ns]);
      await until('the informers watch', async () => snapshots.status, (s) => s.watching === 1);
      const lists = counted.sent.filter((s) => s.method === 'GET' && /\/pods(\?|$)/.test(s.path)).length;
      const seen: ClusterSnapshot[] = [];
      const sub = await snapshots.sharedWatchReader().watchNamespace(ns, (s) => seen.push(s), (err) => { throw err; });
      assert.ok(seen.length >= 1 && names(seen[0]).includes(victim.metadata.name), 'the current view right away');
      const alsoSeen: ClusterSnapshot[] = [];
      const also = await snapshots.sharedWatchReader().watchNamespace(ns, (s) => alsoSeen.push(s), (err) => { throw err; });
      assert.equal(alsoSeen[0].pods, seen[seen.length - 1].pods, 'one check per change, shared by every watcher');
      assert.equal((await snapshots.snapshot({ namespaces: [ns] })).pods, alsoSeen[0].pods, 'and by the first look');
      also.stop();
      await cluster().http.request('DELETE', objectPath(PODS, ns, victim.metadata.name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
      await until('the deletion is delivered', async () => seen, (all) => all.some((s) => !names(s).includes(victim.metadata.name)));
      sub.stop();
      const after = seen.length;
      assert.equal(counted.sent.filter((s) => s.method === 'GET' && /\/pods(\?|$)/.test(s.path)).length, lists, 'no list for the watch');
      const second = (await readyPods(cluster().http, ns, 'singleton'))[0].metadata.name;
      await cluster().http.request('DELETE', objectPath(PODS, ns, second), { body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
      await until('the informer saw the second deletion', () => snapshots.snapshot({ namespaces: [ns] }), (s) => !names(s).includes(second));
      assert.equal(seen.length, after, 'nothing delivered after stop');
    } finally {
      snapshots.stop();
    }
  });
});
