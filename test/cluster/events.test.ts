import assert from 'node:assert/strict';
import type { AuditRecord } from '../../src/core/model/audit';
import { CoalescingEventSink } from '../../src/adapters/k8s/coalescingEvents';
import { KubeEventSink, eventBody, eventContent } from '../../src/adapters/k8s/events';
import { statusOf } from '../../src/adapters/k8s/errors';
import { EVENTS, collectionPath } from '../../src/adapters/k8s/resources';
import { ClusterError } from '../../src/core/ports';
import { counting } from './counting';
import { useCluster, waitFor } from './harness';
import { readyPods, remediatorEvents, seedLab } from './objects';

function audit(namespace: string, name: string, outcome: AuditRecord['outcome']): AuditRecord {
  return {
    time: new Date().toISOString(), incidentId: 'inc-1', runbook: 'web-restart', target: { namespace, kind: 'Pod', name, app: 'web' },
    mode: 'auto_execute', outcome, verdicts: [], action: { type: 'deletePod' }, actor: 'tester', message: 'deleted pod\nafter CrashLoopBackOff',
  };
}

describe('cluster: Event audit sink', function () {
  const { cluster, namespace } = useCluster('evt');

  it('writes an Event on the pod that describe shows', async function () {
    const { http } = cluster();
    const ns = namespace();
    await seedLab(http, ns);
    const [pod] = await readyPods(http, ns, 'web');
    const sink = new KubeEventSink(http, { reportingInstance: 'test-host' });
    await sink.write(audit(ns, pod.metadata.name, 'executed'));
    await sink.write(audit(ns, 'gone-pod', 'blocked'));
    const events = await remediatorEvents(http, ns);
    const onPod = events.find((e) => e.regarding?.name === pod.metadata.name)!;
    assert.equal(onPod.reason, 'RemediationExecuted');
    assert.equal(onPod.type, 'Normal');
    assert.equal(onPod.action, 'deletePod');
    assert.equal(onPod.regarding?.uid, pod.metadata.uid);
    assert.equal(onPod.note, 'runbook web-restart: executed (auto_execute) by tester - deleted pod after CrashLoopBackOff');
    const blocked = events.find((e) => e.regarding?.name === 'gone-pod')!;
    assert.deepEqual([blocked.reason, blocked.type], ['RemediationBlocked', 'Warning']);
  });

  it('takes the uid of the object the decision saw from the record, without reading the object', async function () {
    const { http } = cluster();
    const ns = namespace();
    await seedLab(http, ns);
    const [pod] = await readyPods(http, ns, 'web');
    const counted = counting(http);
    const sink = new KubeEventSink(counted.http, { reportingInstance: 'test-host' });
    const seen = { ...audit(ns, pod.metadata.name, 'blocked'), verdicts: [{ guardrail: 'targetExists', status: 'pass', reason: 'found', evidence: { uid: 'uid-the-decision-saw' } }] } as AuditRecord;
    await sink.write(seen);
    assert.equal(counted.count('GET', '/pods/'), 0, 'no read of the pod');
    const events = await remediatorEvents(http, ns);
    assert.equal(events.find((e) => e.regarding?.name === pod.metadata.name)?.regarding?.uid, 'uid-the-decision-saw');
  });

  it('serve\'s coalescing sink: the API server accepts an Event with a series (count, lastObservedTime) and the newest note', async function () {
    const { http } = cluster();
    const ns = namespace();
    await seedLab(http, ns);
    const [pod] = await readyPods(http, ns, 'web');
    const errors: Error[] = [];
    const sink = new CoalescingEventSink(http, { reportingInstance: 'test-host', onError: (err) => errors.push(err) });
    const seen = (message: string) => ({ ...audit(ns, pod.metadata.name, 'blocked'), message, verdicts: [{ guardrail: 'targetExists', status: 'pass', reason: 'found', evidence: { uid: pod.metadata.uid } }] } as AuditRecord);
    for (let i = 1; i <= 3; i++) await sink.write(seen(`replica floor (decision ${i})`));
    await sink.write(audit(ns, 'lone-pod', 'blocked'));
    assert.equal((await remediatorEvents(http, ns)).length, 0, 'nothing posted while the window is open');
    await sink.close();
    assert.deepEqual(errors, []);
    const events = await remediatorEvents(http, ns);
    assert.equal(events.length, 2);
    const onPod = events.find((e) => e.regarding?.name === pod.metadata.name)!;
    assert.equal(onPod.series?.count, 3);
    assert.ok(onPod.eventTime && onPod.series?.lastObservedTime, 'both times kept');
    assert.ok(Date.parse(onPod.series.lastObservedTime) >= Date.parse(onPod.eventTime), 'last observed after the first');
    assert.equal(onPod.note, 'runbook web-restart: blocked (auto_execute) by tester - replica floor (decision 3)');
    assert.deepEqual([onPod.reason, onPod.type, onPod.regarding?.uid], ['RemediationBlocked', 'Warning', pod.metadata.uid]);
    const lone = events.find((e) => e.regarding?.name === 'lone-pod')!;
    assert.equal(lone.series, undefined, 'one decision: no series');
  });

  it('serve\'s coalescing sink: a later decision raises the posted Event\'s series count (a PATCH the API server accepts)', async function () {
    const { http } = cluster();
    const ns = namespace();
    await seedLab(http, ns);
    const [pod] = await readyPods(http, ns, 'web');
    const errors: Error[] = [];
    const sink = new CoalescingEventSink(http, { reportingInstance: 'test-host', windowMs: 20, seriesIntervalMs: 20, onError: (err) => errors.push(err) });
    const seen = (message: string) => ({ ...audit(ns, pod.metadata.name, 'blocked'), message, verdicts: [{ guardrail: 'targetExists', status: 'pass', reason: 'found', evidence: { uid: pod.metadata.uid } }] } as AuditRecord);
    await sink.write(seen('first'));
    const posted = await waitFor('the first Event', async () => (await remediatorEvents(http, ns))[0]);
    assert.equal(posted.series, undefined);
    for (let i = 2; i <= 4; i++) await sink.write(seen(`decision ${i}`));
    const counted = await waitFor('the count of 4', async () => (await remediatorEvents(http, ns)).find((e) => e.series?.count === 4));
    assert.equal(counted.metadata.name, posted.metadata.name, 'the same Event');
    assert.equal(counted.note, posted.note, 'the note is the first one (immutable)');
    assert.ok(Date.parse(counted.series?.lastObservedTime ?? '') >= Date.parse(counted.eventTime ?? ''));
    await sink.write(seen('fifth'));
    await sink.close();
    assert.equal((await remediatorEvents(http, ns)).find((e) => e.metadata.name === posted.metadata.name)?.series?.count, 5, 'close writes the last count');
    assert.equal((await remediatorEvents(http, ns)).length, 1);
    assert.deepEqual(errors, []);
  });

  it('the API server\'s rules these Events are built for: series.count >= 2, a note of at most 1024 bytes', async function () {
    const { http } = cluster();
    const ns = namespace();
    const post = (body: Record<string, unknown>) => http.request('POST', collectionPath(EVENTS, ns), { body }).then(() => 200, (err: unknown) => statusOf(err));
    const base = () => eventBody(eventContent(audit(ns, 'p', 'blocked')), { eventTime: new Date(), reportingInstance: 'test-host', regarding: { kind: 'Pod', name: 'p', namespace: ns, apiVersion: 'v1' } });
    assert.equal(await post({ ...base(), series: { count: 1, lastObservedTime: new Date().toISOString().replace('Z', '000Z') } }), 422, 'a series of one is refused');
    assert.equal(await post({ ...base(), note: 'é'.repeat(600) }), 422, '600 characters but 1,200 bytes is refused');
    // eventNote cuts by bytes: the same kind of message goes through.
    await new KubeEventSink(http, { reportingInstance: 'test-host' }).write({ ...audit(ns, 'p', 'blocked'), message: 'é'.repeat(2000) });
    const [written] = await remediatorEvents(http, ns);
    assert.ok(Buffer.byteLength(written.note ?? '') <= 1024 && (written.note ?? '').endsWith('é'));
  });

  it('a failed write throws a ClusterError for the caller to handle', async function () {
    const sink = new KubeEventSink(cluster().http);
    const err = await sink.write(audit('no-such-namespace-x1', 'p', 'executed')).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ClusterError, String(err));
    assert.equal(err.kind, 'not_found');
  });
});
