// serve refuses what it must, cheaply, and stays up: no token, a wrong token, malformed or wrongly shaped
// JSON, an oversize body (declared or streamed), and slow or half-sent requests (Node's timeouts).
import assert from 'node:assert/strict';
import net from 'node:net';
import { useCluster } from '../harness';
import { startReceiver, type TestReceiver } from '../../support/receiver';
import { alertLabels, postWebhook, serveEnv, webhookPayload, type ServeEnv } from './support';

/** Opens a raw connection, writes `text`, and resolves with what the server sent before closing it. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (c) => { got += c.toString(); });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

/**
 * Streams `total` bytes in chunks without Content-Length; resolves with the answer's status line and how much
 * was written before the server closed. A client still writing when the server gives up may see the reset
 * before the answer (the server's own count of 413 answers is checked too).
 */
function streamed(port: number, token: string, total: number): Promise<{ status: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    let sent = 0;
    const data = ' '.repeat(64 * 1024);
    const chunk = `${data.length.toString(16)}\r\n${data}\r\n`;
    const more = () => {
      while (sent < total && !socket.destroyed && got === '') {
        sent += data.length;
        if (!socket.write(chunk)) { socket.once('drain', more); return; }
      }
      if (sent >= total && !socket.destroyed) socket.write('0\r\n\r\n');
    };
    socket.on('connect', () => {
      socket.write(`POST /alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      more();
    });
    socket.on('data', (c) => { got += c.toString(); });
    socket.on('error', () => undefined); // the server may close while we write: what it answered is what counts
    socket.on('close', () => resolve({ status: got.split('\r\n')[0], sent }));
  });
}

describe('serve: refused requests', function () {
  this.timeout(120_000);
  const { cluster, namespace } = useCluster('serve-refuse');
  let receiver: TestReceiver;
  let env: ServeEnv;

  beforeEach(async () => {
    receiver = await startReceiver();
    env = serveEnv(cluster(), namespace(), receiver.url);
  });
  afterEach(async () => {
    await env.cleanup();
    await receiver.stop();
  });

  it('401 without or with a wrong token, 400 with the located reason, 413 over 1 MiB, and still up', async () => {
    const serve = await env.start();
    const valid = webhookPayload(alertLabels(namespace(), 'web-0'));
    const none = await postWebhook(serve, undefined, valid);
    assert.equal(none.status, 401);
    assert.equal((await postWebhook(serve, `${env.token}x`, valid)).status, 401);
    assert.equal((await postWebhook(serve, env.token.slice(0, -1), valid)).status, 401);
    assert.equal((await postWebhook(serve, '', valid)).status, 401);
    const malformed = await postWebhook(serve, env.token, '{"version": "4",');
    assert.equal(malformed.status, 400);
    assert.deepEqual(JSON.parse(malformed.text), { error: '$ is not valid JSON' });
    const shape = await postWebhook(serve, env.token, { ...valid, alerts: [{ ...(valid as { alerts: object[] }).alerts[0], startsAt: 'yesterday' }] });
    assert.equal(shape.status, 400);
    assert.deepEqual(JSON.parse(shape.text), { error: '$.alerts[0].startsAt must be an RFC 3339 time' });
    const big = await postWebhook(serve, env.token, ' '.repeat(1024 * 1024 + 1));
    assert.equal(big.status, 413);
    const stream = await streamed(serve.port, env.token, 8 * 1024 * 1024);
    assert.ok(/^HTTP\/1\.1 413 /.test(stream.status) || (stream.status === '' && stream.sent < 8 * 1024 * 1024), `refused before the end: ${JSON.stringify(stream)}`);
    assert.equal((await postWebhook(serve, env.token, ' '.repeat(1024 * 1024 - 2) + '{}')).status, 400, 'exactly 1 MiB is read (and then refused for its shape)');
    assert.equal((await fetch(`${serve.url}/healthz`)).status, 200);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    assert.match(metrics, /remediator_http_requests_total\{route="\/alertmanager",code="401"\} 4/);
    assert.match(metrics, /remediator_http_requests_total\{route="\/alertmanager",code="413"\} 2/);
    assert.equal(env.audit().length, 0, 'nothing refused was recorded');
    assert.doesNotMatch(serve.log(), new RegExp(env.token), 'the token is never logged');
  });

  it('slow headers and a half-sent body are cut off by the timeouts; serve still answers', async () => {
    const serve = await env.start();
    const [slow, half] = await Promise.all([
      rawExchange(serve.port, 'POST /alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
      rawExchange(serve.port, `POST /alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${env.token}\r\nContent-Length: 1000\r\n\r\n{"version":`),
    ]);
    assert.match(slow, /^HTTP\/1\.1 408 /);
    assert.match(half, /^HTTP\/1\.1 408 /);
    assert.equal((await fetch(`${serve.url}/healthz`)).status, 200);
    assert.equal(env.audit().length, 0);
  });
});
