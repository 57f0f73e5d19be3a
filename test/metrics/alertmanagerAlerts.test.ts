// The workloads tree's Alertmanager reader against a real Alertmanager (Debian's, on loopback): alerts
// posted to its API come back as the webhook's Alert shape, silenced ones do not, and a bad answer, a
// slow server or a closed port is one AlertmanagerError naming the server, never a hang or a stack.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AlertmanagerAlertsReader, AlertmanagerError } from '../../src/adapters/alertmanager/activeAlerts';
import { alertStep } from '../../src/core/alerts/intake';
import { waitFor } from '../cluster/harness';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { freePort } from '../support/prometheus';
import { runbook } from '../support/model';

async function loopbackServer(handler: http.RequestListener): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

async function failure(p: Promise<unknown>): Promise<AlertmanagerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof AlertmanagerError, `expected an AlertmanagerError, got ${String(err)}`);
  return err;
}

describe('Alertmanager active alerts (real Alertmanager)', function () {
  this.timeout(60_000);
  let am: TestAlertmanager;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-am-alerts-'));
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'unused');
    // Nothing listens on the webhook: this test only reads Alertmanager's own list.
    am = await startAlertmanager({ webhookUrls: [`http://127.0.0.1:${await freePort()}/alertmanager`], tokenFile });
  });
  after(async () => {
    await am?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists posted firing alerts as serve reads them; a silenced one and a resolved one are left out', async () => {
    const labels = { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'web-1', severity: 'critical' };
    await am.post([
      { labels, annotations: { confidence: '0.9' } },
      { labels: { alertname: 'Silenced', namespace: 'shop', deployment: 'web' } },
      { labels: { alertname: 'Over', namespace: 'shop' }, startsAt: new Date(Date.now() - 120_000).toISOString(), endsAt: new Date(Date.now() - 60_000).toISOString() },
    ]);
    const now = new Date();
    const silence = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: [{ name: 'alertname', value: 'Silenced', isRegex: false, isEqual: true }], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 3_600_000).toISOString(), createdBy: 'test', comment: 'test' }),
    });
    assert.equal(silence.status, 200);
    const reader = new AlertmanagerAlertsReader({ url: `${am.url}/` });
    const got = await waitFor('the silenced alert to leave the list', async () => {
      const r = await reader.active();
      return r.alerts.some((a) => a.labels.alertname === 'Silenced') ? undefined : r;
    }, 20_000);
    assert.deepEqual(got.alerts.map((a) => a.labels.alertname), ['KubePodCrashLooping']);
    assert.equal(got.skipped, 0);
    const [a] = got.alerts;
    assert.deepEqual(a.labels, labels);
    assert.equal(a.status, 'firing');
    assert.match(a.fingerprint, /^[0-9a-f]{16}$/);
    const rb = runbook();
    const step = alertStep(a, [{ ...rb, spec: { ...rb.spec, triggers: { ...rb.spec.triggers, alerts: [{ alertname: 'KubePodCrashLooping' }] } } }]);
    assert.equal(step.kind, 'decide');
    assert.deepEqual(step.derived.target, { namespace: 'shop', kind: 'Pod', name: 'web-1' });
    assert.equal(step.derived.incident.confidence, 0.9);
  });

  it('a closed port, a slow server, a wrong shape, an HTTP error and a huge body: one located error each', async () => {
    const closed = await failure(new AlertmanagerAlertsReader({ url: `http://user:secret@127.0.0.1:${await freePort()}` }).active());
    assert.equal(closed.kind, 'unreachable');
    assert.ok(!closed.message.includes('secret'));
    const answers: Record<string, (res: http.ServerResponse) => void> = {
      '/slow/': () => undefined,
      '/shape/': (res) => res.end(JSON.stringify({ alerts: [] })),
      '/status/': (res) => { res.statusCode = 503; res.end('down for maintenance'); },
      '/huge/': (res) => { res.write('['); const chunk = `${JSON.stringify({ labels: {} })},`.repeat(2000); for (let i = 0; i < 20; i++) res.write(chunk); res.end('{}]'); },
      '/odd/': (res) => res.end(JSON.stringify([{ labels: { alertname: 'A' }, startsAt: 'x', endsAt: 'y', fingerprint: 'zz' }, 3])),
    };
    const server = await loopbackServer((req, res) => {
      const route = Object.keys(answers).find((p) => req.url?.startsWith(`${p}api/v2/alerts?active=true&silenced=false&inhibited=false`));
      if (route) answers[route](res);
      else { res.statusCode = 404; res.end(); }
    });
    try {
      assert.equal((await failure(new AlertmanagerAlertsReader({ url: `${server.url}/slow`, timeoutMs: 300 }).active())).kind, 'timeout');
      const shape = await failure(new AlertmanagerAlertsReader({ url: `${server.url}/shape` }).active());
      assert.equal(shape.kind, 'bad_response');
      assert.match(shape.message, /\$ must be a list of alerts/);
      const status = await failure(new AlertmanagerAlertsReader({ url: `${server.url}/status` }).active());
      assert.match(status.message, /HTTP 503: down for maintenance/);
      assert.equal((await failure(new AlertmanagerAlertsReader({ url: `${server.url}/huge`, maxResponseBytes: 100_000 }).active())).kind, 'bad_response');
      const odd = await new AlertmanagerAlertsReader({ url: `${server.url}/odd` }).active();
      assert.deepEqual(odd.alerts, []);
      assert.equal(odd.skipped, 2);
      assert.match(odd.problems, /\$\[0\]\.startsAt must be an RFC 3339 time/);
    } finally {
      await server.stop();
    }
    assert.equal((() => { try { new AlertmanagerAlertsReader({ url: 'file:///etc/passwd' }); } catch (e) { return (e as AlertmanagerError).kind; } return 'none'; })(), 'config');
  });
});
