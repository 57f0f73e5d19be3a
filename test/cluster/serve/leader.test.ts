// Leader election between two real serve processes on one Lease: both receive, only the leader acts, the
// standby says so (log, /metrics gauge); a standby's alerts reach the leader through the incident ledger;
// with the leader killed (SIGKILL), the standby takes the Lease over once it expires and acts on what it
// recorded meanwhile; a graceful stop hands the Lease back at once; nothing ever acts twice.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import { CONFIG_MAPS, PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { INCIDENT_LABEL, PHASE_LABEL } from '../../../src/adapters/k8s/incidents';
import { PAGE_LABEL } from '../../../src/adapters/k8s/ledgerPages';
import { seedLab } from '../objects';
import { useCluster, waitFor, type TestCluster } from '../harness';
import { startAlertmanager, type TestAlertmanager } from '../../support/alertmanager';
import { startReceiver, type TestReceiver } from '../../support/receiver';
import type { ServeProcess } from '../../support/serveProcess';
import { CONFIDENT, alertLabels, postWebhook, serveEnv, webhookPayload, type ServeEnv } from './support';

const LEADS = /leadership: this replica \((\S+)\) holds Lease (\S+); it acts/;
const SHORT_LEASE = ['--lease-duration', '3'];

async function pods(cluster: TestCluster, ns: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
}

async function leaderGauge(serve: ServeProcess): Promise<string | undefined> {
  return /^remediator_leader (\d)$/m.exec(await (await fetch(`${serve.url}/metrics`)).text())?.[1];
}

describe('serve: leader election between two replicas', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('serve-leader');
  let receiver: TestReceiver;
  let env: ServeEnv;
  let alertmanager: TestAlertmanager | undefined;

  beforeEach(async () => {
    receiver = await startReceiver();
    env = serveEnv(cluster(), namespace(), receiver.url);
    await seedLab(cluster().http, namespace());
  });
  afterEach(async () => {
    await alertmanager?.stop();
    alertmanager = undefined;
    await env.cleanup();
    await receiver.stop();
  });

  it('both receive from Alertmanager, the leader acts once, the standby reports standby', async () => {
    const ns = namespace();
    const a = await env.start({ dataDir: 'a' });
    await a.waitForLog('a leads', LEADS);
    const b = await env.start({ dataDir: 'b' });
    await b.waitForLog('b is standby', /leadership: standby; \S+ holds Lease \S+/);
    assert.deepEqual([await leaderGauge(a), await leaderGauge(b)], ['1', '0']);
    assert.deepEqual([(await fetch(`${a.url}/readyz`)).status, (await fetch(`${b.url}/readyz`)).status], [200, 200], 'leadership known on both');

    alertmanager = await startAlertmanager({ webhookUrls: [`${a.url}/alertmanager`, `${b.url}/alertmanager`], tokenFile: env.tokenFile });
    const [web] = await pods(cluster(), ns);
    await alertmanager.post([{ labels: alertLabels(ns, web.metadata.name), annotations: CONFIDENT }]);
    await waitFor('a verified record', async () => env.audit().find((r) => r.outcome === 'verified'), 90_000);
    await b.waitForLog('the standby handled its copy', /\(PodUnhealthy\): standby: /);
    await a.waitForLog('the leader acted', /\(PodUnhealthy\): verified/);
    assert.doesNotMatch(b.log(), /\(PodUnhealthy\): verified/);
    assert.equal(env.audit().filter((r) => r.outcome === 'executed').length, 1);
  });

  it('an alert posted to the standby only is acted on by the leader, through the incident ledger', async () => {
    const ns = namespace();
    const a = await env.start({ dataDir: 'a' });
    await a.waitForLog('a leads', LEADS);
    const b = await env.start({ dataDir: 'b' });
    await b.waitForLog('b is standby', /leadership: standby/);
    const [web] = await pods(cluster(), ns);
    assert.equal((await postWebhook(b, env.token, webhookPayload(alertLabels(ns, web.metadata.name)))).status, 200);
    await b.waitForLog('recorded for the leader', /\(PodUnhealthy\): standby: recorded for the leader/);
    await a.waitForLog('picked up and acted', /\(PodUnhealthy\): verified \(picked up from the incident ledger\)/, 90_000);
    assert.equal(env.audit().filter((r) => r.outcome === 'executed').length, 1);
  });

  it('leader killed: the standby takes over once the Lease expires and acts on what it recorded; nothing acts twice', async () => {
    const ns = namespace();
    const a = await env.start({ dataDir: 'a', args: SHORT_LEASE });
    await a.waitForLog('a leads', LEADS);
    const b = await env.start({ dataDir: 'b', args: SHORT_LEASE });
    await b.waitForLog('b is standby', /leadership: standby/);
    assert.equal(await a.stop('SIGKILL'), null);

    // While the dead leader's Lease has not expired, b only records (it never acts without the Lease).
    const [web] = await pods(cluster(), ns);
    const body = webhookPayload(alertLabels(ns, web.metadata.name));
    assert.equal((await postWebhook(b, env.token, body)).status, 200);
    await b.waitForLog('b takes over', LEADS, 60_000);
    const verified = await waitFor('a verified record', async () => env.audit().find((r) => r.outcome === 'verified'), 90_000);
    assert.equal(verified.target.name, web.metadata.name);
    assert.equal(await leaderGauge(b), '1');

    // The old leader comes back on its data dir: standby now; the same alert again does nothing.
    const again = await env.start({ dataDir: 'a', args: SHORT_LEASE });
    await again.waitForLog('a is standby', /leadership: standby/);
    assert.equal((await postWebhook(again, env.token, body)).status, 200);
    await again.waitForLog('the copy seen as done', /\(PodUnhealthy\): standby: incident \S+ is already recorded \(done, verified\)/);

    // A graceful stop releases the Lease: the standby leads at its next look, not after the expiry.
    assert.equal(await b.stop('SIGTERM'), 0, b.log());
    assert.match(b.log(), /leadership: Lease \S+ released/);
    await again.waitForLog('a leads again', LEADS, 30_000);
    assert.equal(env.audit().filter((r) => r.outcome === 'executed').length, 1, 'acted once');
    assert.equal((await pods(cluster(), ns)).filter((p) => !p.metadata.deletionTimestamp).length, 2);
  });

  it('the leader deletes handled incidents past --ledger-retention from the ledger', async () => {
    const ns = namespace();
    const serve = await env.start({ args: ['--ledger-retention', '3s', ...SHORT_LEASE] });
    await serve.waitForLog('it leads', LEADS);
    const list = async (selector: string) => (await listAll<KubeObject & { data?: Record<string, string> }>(cluster().http, CONFIG_MAPS, env.stateNamespace, { labelSelector: selector })).items;
    // Done incidents: ConfigMaps of their own, and entries of the shared pages (decisions that changed nothing).
    const done = async () => (await list(`${INCIDENT_LABEL}=true,${PHASE_LABEL}=done`)).length
      + (await list(`${PAGE_LABEL}=true`)).reduce((n, page) => n + Object.keys(page.data ?? {}).length, 0);
    // No runbook answers this alert: recorded as manual, done at once (in a page: nothing was changed).
    const body = webhookPayload({ alertname: 'SomethingElse', namespace: ns, pod: 'nobody' });
    assert.equal((await postWebhook(serve, env.token, body)).status, 200);
    await serve.waitForLog('recorded manual', /\(SomethingElse\): manual/);
    assert.equal(await done(), 1);
    assert.equal((await list(`${PAGE_LABEL}=true`)).length, 1, 'the manual decision went into a page');
    await serve.waitForLog('deleted', /incident ledger: 1 handled incident\(s\) older than the retention deleted/, 60_000);
    assert.equal(await done(), 0);
    assert.equal((await list(`${PAGE_LABEL}=true`)).length, 0, 'the page went with its last entry');
  });
});
