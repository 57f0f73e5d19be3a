// serve in shadow mode records what it would have done and does nothing; an approval_required decision
// becomes a pending approval, and the alert resolving before a human decides cancels it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Pod } from '../../../src/core/k8s/types';
import { KubeApprovalStore } from '../../../src/adapters/k8s/approvals';
import { PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { seedLab } from '../objects';
import { useCluster, waitFor } from '../harness';
import { startReceiver, type TestReceiver } from '../../support/receiver';
import { alertLabels, postWebhook, serveEnv, webhookPayload, type ServeEnv } from './support';

describe('serve: shadow mode and pending approvals', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('svsh');
  let receiver: TestReceiver;
  let env: ServeEnv;

  beforeEach(async () => {
    receiver = await startReceiver();
    env = serveEnv(cluster(), namespace(), receiver.url);
    await seedLab(cluster().http, namespace());
  });
  afterEach(async () => {
    await env.cleanup();
    await receiver.stop();
  });

  const webPod = async (): Promise<Pod> =>
    ((await listAll<KubeObject>(cluster().http, PODS, namespace(), { labelSelector: 'app=web' })).items as unknown as Pod[])[0];

  it('--shadow: the alert is decided and recorded as shadowed; the pod is untouched', async () => {
    const serve = await env.start({ args: ['--shadow'] });
    const web = await webPod();
    const r = await postWebhook(serve, env.token, webhookPayload(alertLabels(namespace(), web.metadata.name)));
    assert.equal(r.status, 200, r.text);
    const shadowed = await waitFor('a shadowed record', async () => env.audit().find((x) => x.outcome === 'shadowed'), 60_000);
    assert.equal(shadowed.target.name, web.metadata.name);
    assert.match(shadowed.message ?? '', /shadow mode: would have run/);
    assert.ok((await listAll<KubeObject>(cluster().http, PODS, namespace(), { labelSelector: 'app=web' })).items.some((p) => p.metadata.uid === web.metadata.uid), 'untouched');
    assert.ok(!env.audit().some((x) => x.outcome === 'executed'));
  });

  it('approval_required: a pending approval is kept; the alert resolving first cancels it, nothing done', async () => {
    const file = path.join(env.runbookDir, 'replace-redundant-pod.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('decisionMode: "auto_execute"', 'decisionMode: "approval_required"'));
    const serve = await env.start();
    const web = await webPod();
    const startsAt = new Date().toISOString();
    const labels = alertLabels(namespace(), web.metadata.name);
    assert.equal((await postWebhook(serve, env.token, webhookPayload(labels, { fingerprint: 'abc123', startsAt }))).status, 200);
    await waitFor('an approval_pending record', async () => env.audit().find((x) => x.outcome === 'approval_pending'), 60_000);
    const store = new KubeApprovalStore(cluster().http, env.stateNamespace);
    const listed = await store.list();
    assert.equal(listed.approvals.length, 1);
    assert.equal(listed.approvals[0].status, 'pending');
    assert.equal(listed.approvals[0].target.name, web.metadata.name);
    assert.equal((await postWebhook(serve, env.token, webhookPayload(labels, { fingerprint: 'abc123', startsAt, status: 'resolved' }))).status, 200);
    await waitFor('the approval cancelled', async () => ((await store.list()).approvals[0]?.status === 'cancelled' ? true : undefined), 60_000);
    await waitFor('the cancellation audited', async () => env.audit().find((x) => /cancelled: the alert resolved/.test(x.message ?? '')), 30_000);
    assert.ok((await listAll<KubeObject>(cluster().http, PODS, namespace(), { labelSelector: 'app=web' })).items.some((p) => p.metadata.uid === web.metadata.uid), 'untouched');
  });
});
