// serve's HTTP front: Alertmanager's webhook (POST /alertmanager) and the health, readiness and metrics
// endpoints. Everything is refused as early as possible and in the cheapest way: the bearer token before
// the body is read, the size from Content-Length before reading and again while reading, slow or
// half-sent requests by Node's header and request timeouts. The decision logic is not here: a payload
// that passes is handed to `intake`, which answers once it is durably recorded (or that the queue is full).
import { timingSafeEqual } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { describeReasons, parseAlertmanagerBody, type AlertmanagerPayload } from '../../core/alerts/payload';

export const MAX_BODY_BYTES = 1024 * 1024;

export type IntakeAnswer = { kind: 'accepted'; alerts: number } | { kind: 'full'; retryAfterSeconds: number } | { kind: 'stopping' };

export interface AlertServerOptions {
  host: string;
  port: number;
  token: Buffer;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  maxBodyBytes?: number;
  /** Time to receive the request line and headers. */
  headersTimeoutMs?: number;
  /** Time to receive the whole request. */
  requestTimeoutMs?: number;
  intake(payload: AlertmanagerPayload): Promise<IntakeAnswer>;
  ready(): Promise<{ ok: true } | { ok: false; reason: string }>;
  metrics: { contentType: string; text(): Promise<string> };
  onRequest?(route: string, status: number): void;
  log(text: string): void;
}

/** Constant time for equal lengths; a different length is refused after the same comparison work. */
export function tokenMatches(expected: Buffer, header: string | undefined): boolean {
  const m = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  const given = Buffer.from(m ? m[1] : '', 'utf8');
  if (given.length !== expected.length || expected.length === 0) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}

type Answer = { status: number; body: string; headers?: Record<string, string>; close?: boolean };

function json(status: number, value: object, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(value) + '\n', headers: { 'content-type': 'application/json', ...headers } };
}

/** Reads the body up to `max` bytes; resolves `too_large` as soon as the limit is passed (no more is read). */
function readBody(req: http.IncomingMessage, max: number): Promise<{ kind: 'ok'; text: string } | { kind: 'too_large' } | { kind: 'aborted' }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (v: Parameters<typeof resolve>[0]) => { if (!settled) { settled = true; resolve(v); } };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        req.removeAllListeners('data');
        settle({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('aborted', () => settle({ kind: 'aborted' }));
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

/**
 * A body left unread (refused before or while reading): nothing more is read. The answer is followed by a
 * half-close (FIN), so the client reads it while its further writes just stall; closing outright with
 * unread bytes pending would make the kernel reset the connection and could destroy the answer unread.
 * The connection is destroyed a second later, or as soon as the client closes its side.
 */
function closeUnread(req: http.IncomingMessage): void {
  const socket = req.socket;
  const done = setTimeout(() => socket.destroy(), 1000);
  done.unref();
  socket.once('close', () => clearTimeout(done));
  req.removeAllListeners('data');
  req.pause();
  socket.end();
}

export class AlertServer {
  private readonly server: http.Server;

  constructor(private readonly o: AlertServerOptions) {
    const headersTimeout = o.headersTimeoutMs ?? 10_000;
    const base: http.ServerOptions = {
      headersTimeout, requestTimeout: o.requestTimeoutMs ?? 20_000, keepAliveTimeout: 5_000,
      // Node checks the two timeouts on this interval (default 30 s, which would let a slow client hold on much longer).
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
    };
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.handle(req, res);
    this.server = o.tls
      ? https.createServer({ ...base, cert: o.tls.cert, key: o.tls.key, ...(o.tls.ca ? { ca: o.tls.ca, requestCert: true, rejectUnauthorized: true } : {}) }, handler)
      : http.createServer(base, handler);
    this.server.maxConnections = 512;
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      // Headers or body not received in time: 408, like Node's own answer; anything else is a malformed request.
      const line = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      if (socket.writable) socket.end(`HTTP/1.1 ${line}\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port, this.o.host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections; idle keep-alive connections are closed, requests in flight finish. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const route = (req.url ?? '').split('?')[0];
    let answer: Answer;
    try {
      answer = await this.route(route, req);
    } catch (err) {
      this.o.log(`error: ${req.method} ${route}: ${(err as Error).message}`);
      answer = json(500, { error: 'the alerts could not be recorded; nothing was accepted' });
    }
    const known = ['/alertmanager', '/healthz', '/readyz', '/metrics'].includes(route) ? route : 'other';
    this.o.onRequest?.(known, answer.status);
    res.writeHead(answer.status, { ...answer.headers, ...(answer.close ? { connection: 'close' } : {}) });
    res.end(answer.body);
    if (answer.close) res.on('finish', () => closeUnread(req));
  }

  private async route(route: string, req: http.IncomingMessage): Promise<Answer> {
    const method = req.method ?? '';
    if (route === '/healthz' && method === 'GET') return { status: 200, body: 'ok\n', headers: { 'content-type': 'text/plain' } };
    if (route === '/readyz' && method === 'GET') {
      const r = await this.o.ready();
      return r.ok ? { status: 200, body: 'ready\n', headers: { 'content-type': 'text/plain' } } : { status: 503, body: `not ready: ${r.reason}\n`, headers: { 'content-type': 'text/plain' } };
    }
    if (route === '/metrics' && method === 'GET') return { status: 200, body: await this.o.metrics.text(), headers: { 'content-type': this.o.metrics.contentType } };
    if (route === '/alertmanager') {
      if (method !== 'POST') return { ...json(405, { error: 'use POST' }, { allow: 'POST' }), close: true };
      return this.alertmanager(req);
    }
    return { ...json(404, { error: 'not found' }), close: true };
  }

  private async alertmanager(req: http.IncomingMessage): Promise<Answer> {
    if (!tokenMatches(this.o.token, req.headers.authorization)) {
      return { ...json(401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' }), close: true };
    }
    const max = this.o.maxBodyBytes ?? MAX_BODY_BYTES;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > max) return { ...json(413, { error: `the body is larger than ${max} bytes` }), close: true };
    const body = await readBody(req, max);
    if (body.kind === 'too_large') return { ...json(413, { error: `the body is larger than ${max} bytes` }), close: true };
    if (body.kind === 'aborted') return { ...json(400, { error: 'the request was cut short' }), close: true };
    const read = parseAlertmanagerBody(body.text);
    if (!read.ok) return json(400, { error: describeReasons(read.reasons) });
    const answer = await this.o.intake(read.payload);
    if (answer.kind === 'accepted') return json(200, { accepted: answer.alerts });
    if (answer.kind === 'stopping') return json(503, { error: 'shutting down' }, { 'retry-after': '5' });
    return json(503, { error: 'the queue is full' }, { 'retry-after': String(answer.retryAfterSeconds) });
  }
}
