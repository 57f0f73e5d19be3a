import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PrometheusMetricsReader } from '../../src/adapters/prometheus/reader';
import { singleValue } from '../../src/core/metrics/value';
import { isMetricsError, MetricsError, type MetricQueryResult } from '../../src/core/ports';
import { waitFor } from '../cluster/harness';
import { EXTERNAL_PROMETHEUS_URL, startOwnPrometheus, type TestPrometheus } from '../support/prometheus';
import { usePrometheus } from './fixture';
import { seededRandom as random } from '../support/seeded';

async function rejection(promise: Promise<unknown>): Promise<MetricsError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(isMetricsError(err), `expected a MetricsError, got ${String(err)}`);
  return err;
}

/** A loopback HTTP server answering with `handler`; resolves with its URL and a stop function. */
async function loopbackServer(handler: http.RequestListener): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('metrics: Prometheus reader against a real Prometheus', function () {
  const fixture = usePrometheus();
  const reader = () => new PrometheusMetricsReader({ url: fixture.prometheus().url, timeoutMs: 10_000 });

  it('one series: its labels and value', async function () {
    const result = await reader().query('label_replace(vector(0.5), "app", "web", "", "")');
    assert.equal(result.kind, 'vector');
    assert.deepEqual(singleValue(result, 'q'), { kind: 'value', value: 0.5, labels: { app: 'web' } });
  });

  it('one series scraped from the test service: the error ratio the test set', async function () {
    fixture.requireService(this);
    this.timeout(60_000);
    const workload = { namespace: 'reader', app: 'web' };
    fixture.service().setTraffic(workload, { errorRatio: 0.1 });
    const query = 'sum(rate(http_requests_total{namespace="reader",app="web",code=~"5.."}[4s])) / sum(rate(http_requests_total{namespace="reader",app="web"}[4s]))';
    const value = await waitFor('the error ratio 0.1', async () => {
      const v = singleValue(await reader().query(query), 'error-ratio');
      return v.kind === 'value' && Math.abs(v.value - 0.1) < 1e-9 ? v : undefined;
    }, 30_000);
    assert.deepEqual(value.labels, {});
  });

  it('two series: a multiple_series error that names them and says to aggregate', async function () {
    const result = await reader().query('label_replace(vector(1), "pod", "a", "", "") or label_replace(vector(2), "pod", "b", "", "")');
    assert.equal(result.kind === 'vector' && result.samples.length, 2);
    const err = (() => { try { singleValue(result, 'error-ratio'); } catch (e) { return e; } return undefined; })();
    assert.ok(isMetricsError(err, 'multiple_series'));
    assert.match(err.message, /"error-ratio" returned 2 series \(\{pod="a"\}, \{pod="b"\}\).*aggregate/);
    assert.deepEqual(err.details.series, [{ pod: 'a' }, { pod: 'b' }]);
  });

  it('no series: no_data, not zero', async function () {
    assert.deepEqual(await reader().query('vector(1) > 2'), { kind: 'no_data' });
    assert.deepEqual(await reader().query('remediator_test_metric_that_does_not_exist'), { kind: 'no_data' });
  });

  it('NaN and ±Inf are parsed as such and are no data for a condition', async function () {
    const nan = await reader().query('0/0');
    assert.ok(nan.kind === 'scalar' && Number.isNaN(nan.value));
    assert.deepEqual(singleValue(nan, 'q').kind, 'no_data');
    assert.match(JSON.stringify(singleValue(nan, 'q')), /"reason":"nan"/);
    const vectorNan = await reader().query('vector(0)/0');
    assert.ok(vectorNan.kind === 'vector' && Number.isNaN(vectorNan.samples[0].value));
    const inf = await reader().query('vector(1)/0');
    assert.ok(inf.kind === 'vector' && inf.samples[0].value === Infinity);
    const negInf = await reader().query('-1/0');
    assert.ok(negInf.kind === 'scalar' && negInf.value === -Infinity);
    assert.deepEqual(singleValue(negInf, 'q'), { kind: 'no_data', reason: 'infinite', value: -Infinity });
  });

  it('a syntax error: http_status 400 with Prometheus\'s own message', async function () {
    const err = await rejection(reader().query('sum(rate(http_requests_total[5m])'));
    assert.equal(err.kind, 'http_status');
    assert.equal(err.details.status, 400);
    assert.equal(err.details.errorType, 'bad_data');
    assert.match(err.details.prometheusMessage ?? '', /parse error/);
    assert.match(err.message, /answered HTTP 400 bad_data: .*parse error/);
  });

  it('a range vector is a bad_response that says how to get an instant value', async function () {
    const err = await rejection(reader().query('vector(1)[10s:1s]'));
    assert.equal(err.kind, 'bad_response');
    assert.match(err.message, /range vector.*rate\(/);
  });

  it('a response larger than the bound is refused', async function () {
    const small = new PrometheusMetricsReader({ url: fixture.prometheus().url, maxResponseBytes: 16 });
    const err = await rejection(small.query('vector(1)'));
    assert.equal(err.kind, 'bad_response');
    assert.match(err.message, /more than 16 bytes/);
  });

  it('generated values survive the round trip exactly (seeded)', async function () {
    const next = random(8);
    for (let i = 0; i < 40; i++) {
      const magnitude = Math.pow(10, Math.floor(next() * 40) - 20);
      const value = (next() - 0.5) * magnitude;
      const result: MetricQueryResult = await reader().query(`vector(${String(value)})`);
      assert.ok(result.kind === 'vector', `case ${i}`);
      assert.equal(result.samples[0].value, value, `case ${i}: vector(${String(value)})`);
    }
  });

  it('an evaluation time is passed through', async function () {
    const at = new Date(Date.now() - 60_000);
    const result = await reader().query('time()', { time: at });
    assert.ok(result.kind === 'scalar');
    assert.equal(result.value, Math.round(at.getTime()) / 1000);
  });
});

describe('metrics: Prometheus reader failures', function () {
  it('Prometheus stopped: unreachable', async function () {
    if (EXTERNAL_PROMETHEUS_URL) {
      console.log('      skipped: needs a Prometheus of its own to stop (REMEDIATOR_TEST_PROMETHEUS_URL is set)');
      this.skip();
    }
    this.timeout(60_000);
    const prometheus = await startOwnPrometheus();
    const reader = new PrometheusMetricsReader({ url: prometheus.url });
    assert.equal((await reader.query('vector(1)')).kind, 'vector');
    await prometheus.stop();
    const err = await rejection(reader.query('vector(1)'));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /Prometheus at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)/);
  });

  it('a server that never answers: timeout', async function () {
    const hanging = await loopbackServer(() => { /* accepts the request and never answers */ });
    try {
      const err = await rejection(new PrometheusMetricsReader({ url: hanging.url, timeoutMs: 200 }).query('vector(1)'));
      assert.equal(err.kind, 'timeout');
      assert.match(err.message, /did not answer within 200 ms/);
    } finally {
      await hanging.stop();
    }
  });

  it('sends the bearer token from its file and never puts it in a message', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-token-'));
    const tokenFile = path.join(dir, 'token');
    const token = 'secret-token-4f9a';
    fs.writeFileSync(tokenFile, `${token}\n`);
    const seen: string[] = [];
    // A hostile or careless server that echoes the Authorization header in its error.
    const echo = await loopbackServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`unauthorized: ${req.headers.authorization ?? ''}`);
    });
    try {
      const reader = new PrometheusMetricsReader({ url: `${echo.url.replace('http://', 'http://user:pw@')}/prefix`, bearerTokenFile: tokenFile });
      const err = await rejection(reader.query('vector(1)'));
      assert.deepEqual(seen, [`Bearer ${token}`]);
      assert.equal(err.kind, 'http_status');
      assert.equal(err.details.status, 401);
      assert.ok(!err.message.includes(token), err.message);
      assert.ok(!err.message.includes('pw@'), err.message);
      assert.match(err.message, /\/prefix answered HTTP 401: unauthorized: Bearer \[redacted\]/);
      fs.rmSync(tokenFile);
      const missing = await rejection(reader.query('vector(1)'));
      assert.equal(missing.kind, 'config');
      assert.match(missing.message, /cannot read the Prometheus bearer token file .*ENOENT/);
    } finally {
      await echo.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('configuration errors are typed', function () {
    assert.throws(() => new PrometheusMetricsReader({ url: 'not a url' }), (e: unknown) => isMetricsError(e, 'config'));
    assert.throws(() => new PrometheusMetricsReader({ url: 'ftp://127.0.0.1' }), /http:\/\/ or https:\/\//);
    assert.throws(() => new PrometheusMetricsReader({ url: 'https://127.0.0.1', caFile: '/nonexistent/ca.pem' }), /cannot read the Prometheus CA file \/nonexistent\/ca\.pem: ENOENT/);
  });
});

describe('metrics: Prometheus reader over HTTPS', function () {
  let dir = '';
  let prometheus: TestPrometheus | undefined;
  before(async function () {
    if (EXTERNAL_PROMETHEUS_URL) {
      console.log('      skipped: starts a Prometheus of its own with a test certificate (REMEDIATOR_TEST_PROMETHEUS_URL is set)');
      this.skip();
    }
    this.timeout(60_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-tls-'));
    // A self-signed certificate for 127.0.0.1: it is its own CA.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    prometheus = await startOwnPrometheus({ tls: { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') } });
  });
  after(async function () {
    await prometheus?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the server with the CA file', async function () {
    const reader = new PrometheusMetricsReader({ url: prometheus?.url ?? '', caFile: path.join(dir, 'cert.pem') });
    assert.deepEqual(await reader.query('scalar(vector(2))').then((r) => r.kind === 'scalar' && r.value), 2);
  });

  it('without the CA file the server is not trusted: unreachable, saying why', async function () {
    const err = await rejection(new PrometheusMetricsReader({ url: prometheus?.url ?? '' }).query('vector(1)'));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /self[- ]signed certificate/i);
  });
});
