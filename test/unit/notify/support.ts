// Shared by the notification tests: real plans from the lab, local HTTP receivers on loopback that keep
// every request, and a timer the test controls (no real waiting for backoffs).
import * as http from 'http';
import type { AddressInfo } from 'net';
import { auditRecordFor } from '../../../src/core/audit/record';
import { decisionContext, decideTargets, scanTargets } from '../../../src/core/engine/decide';
import type { Plan } from '../../../src/core/engine/plan';
import type { AuditRecord, Outcome } from '../../../src/core/model/audit';
import type { OutboxTimer } from '../../../src/adapters/notify/outbox';
import { LAB_NOW, LAB_SINGLETON_POD, LAB_WEB_POD, labSnapshot, runbook } from '../../support/k8s';

export function labPlans(): { web: Plan; singleton: Plan } {
  const ctx = decisionContext({ runbook: runbook(), snapshot: labSnapshot(), now: LAB_NOW });
  const plans = decideTargets(ctx, scanTargets(ctx));
  const web = plans.find((p) => p.target.name === LAB_WEB_POD);
  const singleton = plans.find((p) => p.target.name === LAB_SINGLETON_POD);
  if (!web || !singleton) throw new Error('the lab has no web or singleton plan');
  return { web, singleton };
}

export function recordFor(plan: Plan, outcome: Outcome, message?: string): AuditRecord {
  return auditRecordFor(plan, outcome, { id: 'attempt-1', actor: 'remediator', time: LAB_NOW, ...(message ? { message } : {}) });
}

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Drop the connection without an answer (a network error for the sender). */
  hangUp?: boolean;
  /** Never answer (until the receiver stops). */
  hold?: boolean;
}

/** A receiver on 127.0.0.1 answering from `script` in order, then `fallback`. */
export class Receiver {
  readonly received: Received[] = [];
  private server: http.Server | undefined;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly script: Answer[] = [], private readonly fallback: Answer = { status: 202 }) {}

  /** Listens on `port` (0: a free one) and returns the port. */
  async start(port = 0): Promise<number> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = this.script.shift() ?? this.fallback;
        this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
        if (answer.hangUp) {
          req.socket.destroy();
          return;
        }
        if (answer.hold) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end('ok');
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return (address satisfies AddressInfo).port;
  }

  /** Resolves when `count` requests have arrived. */
  until(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }
}

/** A port nothing listens on (taken from the OS, then released): a receiver that is down. */
export async function downPort(): Promise<number> {
  const r = new Receiver();
  const port = await r.start();
  await r.stop();
  return port;
}

/**
 * Backoffs end when the test says so: `instant` ends each at once (recording the wait asked for),
 * `hold` keeps it waiting until release() or the outbox closes.
 */
export class TestTimer implements OutboxTimer {
  readonly waits: number[] = [];
  private held: (() => void)[] = [];
  private clock = LAB_NOW.getTime();

  constructor(private mode: 'instant' | 'hold' = 'instant', private readonly jitter = 0.5) {}

  now(): Date {
    return new Date(this.clock);
  }

  random(): number {
    return this.jitter;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.waits.push(ms);
    if (this.mode === 'instant') {
      this.clock += ms;
      return Promise.resolve();
    }
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => resolve();
      this.held.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  release(): void {
    this.mode = 'instant';
    for (const done of this.held.splice(0)) done();
  }
}
