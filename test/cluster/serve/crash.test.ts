// serve killed with SIGKILL in the middle of verifying: the restart (same data dir) finds the alert still
// in its intake journal and the incident `acting` in the ledger, verifies again, records the outcome and
// never repeats the action. The replacement pod is held Pending (its node selector matches no node until
// the test labels a node), so the kill lands in verification for certain.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import { PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { ENABLED_LABEL, create, deployment, waitAvailable } from '../objects';
import { useCluster, waitFor, type TestCluster } from '../harness';
import { startReceiver, type TestReceiver } from '../../support/receiver';
import { ROUTING_KEY, alertLabels, postWebhook, serveEnv, webhookPayload, type ServeEnv } from './support';

async function pods(cluster: TestCluster, ns: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
}

async function labelNode(cluster: TestCluster, node: string, key: string, value: string | null): Promise<void> {
  await cluster.http.request('PATCH', `/api/v1/nodes/${node}`, { body: { metadata: { labels: { [key]: value } } }, contentType: 'application/merge-patch+json' });
}

describe('serve: SIGKILL during verification', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('serve-crash');
  let receiver: TestReceiver;
  let env: ServeEnv;
  let node: string;
  let key: string;

  beforeEach(async () => {
    receiver = await startReceiver();
    env = serveEnv(cluster(), namespace(), receiver.url);
    const nodes = await cluster().http.get<{ items: KubeObject[] }>('/api/v1/nodes');
    node = nodes.items[0].metadata.name;
    key = `remediator.test/${namespace()}`;
    await labelNode(cluster(), node, key, 'yes');
  });
  afterEach(async () => {
    await labelNode(cluster(), node, key, null);
    await env.cleanup();
    await receiver.stop();
  });

  it('the restart records verified and does not act again', async () => {
    const ns = namespace();
    const web = deployment('web', 2, { labels: { [ENABLED_LABEL]: 'true' } }) as { spec: { template: { spec: Record<string, unknown> } } };
    web.spec.template.spec.nodeSelector = { [key]: 'yes' };
    await create(cluster().http, ns, web);
    await waitAvailable(cluster().http, ns, 'web');
    const [target] = await pods(cluster(), ns);
    // From now on a new web pod cannot be scheduled: the running ones stay.
    await labelNode(cluster(), node, key, null);

    const first = await env.start();
    assert.equal((await postWebhook(first, env.token, webhookPayload(alertLabels(ns, target.metadata.name)))).status, 200);
    await first.waitForLog('verification under way', /executed: .*; verifying/);
    assert.equal(await first.stop('SIGKILL'), null);
    const executed = env.audit().filter((r) => r.outcome === 'executed');
    assert.equal(executed.length, 1);
    assert.ok(!env.audit().some((r) => r.outcome === 'verified'), 'killed before the verification ended');

    await labelNode(cluster(), node, key, 'yes');
    const second = await env.start({ port: first.port });
    await second.waitForLog('the alert resumed', /resuming 1 alert\(s\) from the intake journal/);
    const verified = await waitFor('the outcome recorded after the restart', async () => env.audit().find((r) => r.outcome === 'verified'), 90_000);
    assert.equal(verified.id, executed[0].id, 'the same attempt');
    assert.match(verified.message ?? '', /after a restart: re-verified/);
    assert.match(verified.message ?? '', /the action is not repeated/);
    await second.waitForLog('done', /\(PodUnhealthy\): verified \(recovered\)/);
    assert.equal(env.audit().filter((r) => r.outcome === 'executed').length, 1, 'acted once');
    const now = await pods(cluster(), ns);
    assert.equal(now.filter((p) => !p.metadata.deletionTimestamp).length, 2);
    assert.ok(now.every((p) => p.metadata.uid !== target.metadata.uid));
    const resolve = await receiver.waitFor('the PagerDuty resolve', (r) => r.path === '/verification');
    assert.deepEqual(resolve.body, { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: verified.incidentId });

    // A third start has nothing left to do: the journal is compacted and the incident is done.
    assert.equal(await second.stop('SIGTERM'), 0, second.log());
    const third = await env.start({ port: first.port });
    assert.doesNotMatch(third.log(), /resuming/);
    assert.equal((await postWebhook(third, env.token, webhookPayload(alertLabels(ns, target.metadata.name), { fingerprint: verified.incidentId.split('@')[0], startsAt: verified.incidentId.split('@')[1] }))).status, 200);
    await third.waitForLog('the re-sent alert', /\(PodUnhealthy\): duplicate: incident \S+ is already handled \(verified\)/);
    assert.equal(env.audit().filter((r) => r.outcome === 'executed').length, 1, 'still acted once');
  });
});
