import assert from 'node:assert/strict';
import type { AuditRecord } from '../../src/core/model/audit';
import { KubeEventSink, REPORTING_CONTROLLER } from '../../src/adapters/k8s/events';
import { EVENTS, listAll, type KubeObject } from '../../src/adapters/k8s/resources';
import { ClusterError } from '../../src/core/ports';
import { counting } from './counting';
import { useCluster } from './harness';
import { readyPods, seedLab } from './objects';

interface EventObject extends KubeObject {
  reason?: string; note?: string; type?: string; action?: string; reportingController?: string;
  regarding?: { kind?: string; name?: string; uid?: string };
}

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
    const events = (await listAll<EventObject>(http, EVENTS, ns)).items.filter((e) => e.reportingController === REPORTING_CONTROLLER);
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
    const events = (await listAll<EventObject>(http, EVENTS, ns)).items.filter((e) => e.reportingController === REPORTING_CONTROLLER);
    assert.equal(events.find((e) => e.regarding?.name === pod.metadata.name)?.regarding?.uid, 'uid-the-decision-saw');
  });

  it('a failed write throws a ClusterError for the caller to handle', async function () {
    const sink = new KubeEventSink(cluster().http);
    const err = await sink.write(audit('no-such-namespace-x1', 'p', 'executed')).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ClusterError, String(err));
    assert.equal(err.kind, 'not_found');
  });
});
