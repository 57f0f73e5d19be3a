// remediator serve end to end: a real Alertmanager routes alerts to a serve process with its bearer
// token; the pipeline acts on the test cluster; notifications reach a loopback PagerDuty receiver.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import { PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { readyPods, remediatorEvents, seedLab } from '../objects';
import { useCluster, waitFor, type TestCluster } from '../harness';
import { startAlertmanager, type TestAlertmanager } from '../../support/alertmanager';
import { startReceiver, type TestReceiver } from '../../support/receiver';
import { CONFIDENT, ROUTING_KEY, alertLabels, postWebhook, serveEnv, webhookPayload, type ServeEnv } from './support';

async function pods(cluster: TestCluster, ns: string, app: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: `app=${app}` })).items as unknown as Pod[];
}

async function optIn(cluster: TestCluster, ns: string, deployment: string): Promise<void> {
  await cluster.http.request('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/${deployment}`, {
    body: { metadata: { labels: { 'remediator.kubedojo.io/enabled': 'true' } } }, contentType: 'application/merge-patch+json',
  });
}

describe('serve: alerts from a real Alertmanager', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('serve');
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

  it('alert -> pod replaced -> verified -> PagerDuty resolve with the exact payload; metrics count it', async () => {
    const ns = namespace();
    const serve = await env.start();
    alertmanager = await startAlertmanager({ webhookUrls: [`${serve.url}/alertmanager`], tokenFile: env.tokenFile });
    const [web] = await pods(cluster(), ns, 'web');
    await alertmanager.post([{ labels: alertLabels(ns, web.metadata.name), annotations: CONFIDENT }]);

    const verified = await waitFor('a verified record', async () => env.audit().find((r) => r.outcome === 'verified'), 90_000);
    assert.equal(verified.target.name, web.metadata.name);
    assert.match(verified.incidentId, /^[0-9a-f]+@\d{4}-/);
    const now = await readyPods(cluster().http, ns, 'web');
    assert.equal(now.length, 2);
    assert.ok(now.every((p) => p.metadata.uid !== web.metadata.uid), 'the alerted pod was replaced');

    const resolve = await receiver.waitFor('the PagerDuty resolve', (r) => r.path === '/verification');
    assert.deepEqual(resolve.body, { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: verified.incidentId });
    assert.equal(resolve.headers['content-type'], 'application/json');
    assert.equal(receiver.requests.filter((r) => r.path === '/guardrail').length, 0, 'nothing paged');

    // The audit record comes first; the alert is done (and counted) right after, the delivery once answered.
    await serve.waitForLog('the alert done', /\(PodUnhealthy\): verified/);
    await serve.waitForLog('the delivery recorded', /notification to open_incident_and_disable_runbook: attempt 1 delivered/);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    assert.match(metrics, /remediator_remediations_total\{runbook="replace-redundant-pod",outcome="verified"\} 1/);
    assert.match(metrics, /remediator_decisions_total\{mode="auto_execute"\} 1/);
    assert.match(metrics, /remediator_time_to_recover_seconds_count 1/);
    assert.match(metrics, /remediator_alert_to_decision_seconds_count 1/);
    assert.match(metrics, /remediator_escalations_total\{channel="open_incident_and_disable_runbook",result="delivered"\} 1/);
    assert.match(metrics, /remediator_queue_depth 0/);
    assert.equal((await fetch(`${serve.url}/readyz`)).status, 200);
    assert.equal(await serve.stop('SIGTERM'), 0, serve.log());
    // Each decision left an Event on the pod (written behind the decision, at the latest on SIGTERM).
    const events = (await remediatorEvents(cluster().http, ns)).filter((e) => e.regarding?.name === web.metadata.name);
    const reasons = new Set(events.map((e) => e.reason));
    assert.ok(reasons.has('RemediationExecuted') && reasons.has('RemediationVerified'), [...reasons].join(', '));
    const decisions = env.audit().filter((r) => r.target.name === web.metadata.name).length;
    assert.equal(events.reduce((n, e) => n + (e.series?.count ?? 1), 0), decisions, 'every decision counted in one Event');
    assert.ok(events.every((e) => e.regarding?.uid === web.metadata.uid), 'on the pod the decisions saw');
  });

  it('decisions on one pod at once: their Events are coalesced (series count), every decision counted; SIGTERM writes the queued ones', async () => {
    const ns = namespace();
    const serve = await env.start();
    const [singleton] = await pods(cluster(), ns, 'singleton');
    const answers = await Promise.all([1, 2, 3, 4].map(() => postWebhook(serve, env.token, webhookPayload(alertLabels(ns, singleton.metadata.name)))));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200]);
    const onSingleton = () => env.audit().filter((r) => r.target.name === singleton.metadata.name);
    await waitFor('four decisions', async () => (onSingleton().length >= 4 ? true : undefined), 60_000);
    assert.equal(await serve.stop('SIGTERM'), 0, serve.log());
    const records = onSingleton();
    assert.ok(records.every((r) => r.outcome === 'blocked'));
    const events = (await remediatorEvents(cluster().http, ns)).filter((e) => e.regarding?.name === singleton.metadata.name);
    assert.ok(events.length >= 1 && events.length <= records.length, `${events.length} Event(s)`);
    assert.ok(events.every((e) => e.reason === 'RemediationBlocked' && e.type === 'Warning'));
    assert.equal(events.reduce((n, e) => n + (e.series?.count ?? 1), 0), records.length, 'every decision counted once');
    assert.ok(events.every((e) => e.series === undefined || (e.series.count ?? 0) >= 2), 'a series only from two decisions on');
    assert.doesNotMatch(serve.log(), /Event not written/);
  });

  it('a blocked target pages the guardrail channel with the verdicts; nothing is deleted', async () => {
    const ns = namespace();
    await optIn(cluster(), ns, 'singleton');
    const serve = await env.start();
    alertmanager = await startAlertmanager({ webhookUrls: [`${serve.url}/alertmanager`], tokenFile: env.tokenFile });
    const [singleton] = await pods(cluster(), ns, 'singleton');
    await alertmanager.post([{ labels: alertLabels(ns, singleton.metadata.name), annotations: CONFIDENT }]);

    const page = await receiver.waitFor('the page', (r) => r.path === '/guardrail');
    const record = env.audit().find((r) => r.target.name === singleton.metadata.name)!;
    assert.equal(record.outcome, 'blocked');
    const body = page.body as { routing_key: string; event_action: string; dedup_key: string; client: string; payload: Record<string, unknown> };
    assert.equal(body.routing_key, ROUTING_KEY);
    assert.equal(body.event_action, 'trigger');
    assert.equal(body.dedup_key, record.incidentId);
    assert.equal(body.client, 'Remediator');
    const payload = body.payload as { summary: string; source: string; severity: string; component: string; group: string; class: string; custom_details: { mode: string; outcome: string; verdicts: { guardrail: string; status: string; reason: string }[] } };
    assert.equal(payload.source, `${ns}/Pod/${singleton.metadata.name}`);
    assert.equal(payload.severity, 'critical');
    assert.equal(payload.component, 'replace-redundant-pod');
    assert.equal(payload.group, ns);
    assert.equal(payload.class, 'abort');
    assert.match(payload.summary, /^Remediation blocked: replace-redundant-pod on /);
    assert.equal(payload.custom_details.mode, 'abort');
    assert.equal(payload.custom_details.outcome, 'blocked');
    const replicas = payload.custom_details.verdicts.find((v) => v.guardrail === 'minimumReadyReplicasWithSameApp')!;
    assert.equal(replicas.status, 'fail');
    assert.match(replicas.reason, /only 1 Ready pod with app=singleton/);
    assert.deepEqual(payload.custom_details.verdicts, record.verdicts);
    assert.ok((await pods(cluster(), ns, 'singleton')).some((p) => p.metadata.uid === singleton.metadata.uid), 'singleton untouched');
    await serve.waitForLog('the alert done', /\(PodUnhealthy\): blocked/);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    assert.match(metrics, /remediator_guardrail_blocks_total\{guardrail="minimumReadyReplicasWithSameApp"\} 1/);
    assert.match(metrics, /remediator_decisions_total\{mode="abort"\} 1/);
  });

  it('a receiver down (503): every attempt audited with its status and next retry, delivered once it is back', async () => {
    const ns = namespace();
    await optIn(cluster(), ns, 'singleton');
    receiver.answer(503);
    const serve = await env.start();
    const [singleton] = await pods(cluster(), ns, 'singleton');
    assert.equal((await postWebhook(serve, env.token, webhookPayload(alertLabels(ns, singleton.metadata.name)))).status, 200);
    const first = await waitFor('the first attempt audited', async () => env.attempts().find((a) => a.channel === 'page_service_owner'), 60_000);
    const record = env.audit().find((r) => r.target.name === singleton.metadata.name)!;
    assert.deepEqual([first.incidentId, first.event, first.attempt, first.outcome, first.status], [record.incidentId, 'trigger', 1, 'retry', 503]);
    assert.ok(first.nextAttemptAt !== undefined && Date.parse(first.nextAttemptAt) > Date.parse(first.time), 'the next retry is named');
    receiver.answer(202);
    const done = await waitFor('delivered and audited', async () => env.attempts().find((a) => a.outcome === 'delivered'), 90_000);
    const attempts = env.attempts().filter((a) => a.notification === first.notification);
    assert.deepEqual(attempts.map((a) => a.attempt), attempts.map((_, i) => i + 1), 'every attempt, numbered');
    assert.ok(attempts.slice(0, -1).every((a) => a.outcome === 'retry' && a.status === 503));
    assert.equal(done.status, 202);
    assert.equal(done.nextAttemptAt, undefined);
    assert.equal(receiver.requests.filter((r) => r.path === '/guardrail').length, attempts.length, 'one request per audited attempt');
  });

  it('the same webhook twice at once, and again later: one action', async () => {
    const ns = namespace();
    const serve = await env.start();
    const [web] = await pods(cluster(), ns, 'web');
    const body = webhookPayload(alertLabels(ns, web.metadata.name));
    const answers = await Promise.all([postWebhook(serve, env.token, body), postWebhook(serve, env.token, body)]);
    assert.deepEqual(answers.map((x) => x.status), [200, 200]);
    await waitFor('a verified record', async () => env.audit().find((r) => r.outcome === 'verified'), 90_000);
    await serve.waitForLog('the second copy handled', /\(PodUnhealthy\): duplicate/);
    assert.equal((await postWebhook(serve, env.token, body)).status, 200);
    await waitFor('the third copy handled', async () => (serve.log().match(/\(PodUnhealthy\): duplicate/g) ?? []).length === 2 || undefined);
    assert.equal(env.audit().filter((r) => r.outcome === 'executed').length, 1);
    assert.equal(receiver.requests.filter((r) => r.path === '/verification').length, 1, 'one resolve');
  });

  it('an alert resolved before any action: recorded, nothing done, a later firing copy does nothing', async () => {
    const ns = namespace();
    const serve = await env.start();
    const [web] = await pods(cluster(), ns, 'web');
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const fingerprint = 'abcdef0123456789';
    assert.equal((await postWebhook(serve, env.token, webhookPayload(alertLabels(ns, web.metadata.name), { status: 'resolved', fingerprint, startsAt }))).status, 200);
    const resolved = await waitFor('the resolved record', async () => env.audit().find((r) => /resolved before action/.test(r.message ?? '')));
    assert.equal(resolved.incidentId, `${fingerprint}@${startsAt}`);
    assert.equal(resolved.runbook, 'replace-redundant-pod');
    assert.equal((await postWebhook(serve, env.token, webhookPayload(alertLabels(ns, web.metadata.name), { fingerprint, startsAt }))).status, 200);
    await serve.waitForLog('the firing copy handled', /\(PodUnhealthy\): duplicate: incident \S+ is already handled \(resolved_before_action\)/);
    assert.ok((await pods(cluster(), ns, 'web')).some((p) => p.metadata.uid === web.metadata.uid), 'the pod is untouched');
    assert.deepEqual(env.audit().map((r) => r.outcome), ['blocked']);
    assert.equal(receiver.requests.length, 0, 'no channel heard a trigger, so none is resolved');
  });
});
