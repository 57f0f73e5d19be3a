// The outbox against real HTTP receivers on 127.0.0.1: exact requests, durable before delivery, retries
// as documented, and a restart that resumes undelivered items exactly once.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DeliveryChannel } from '../../../src/adapters/notify/config';
import { Outbox, type OutboxOptions } from '../../../src/adapters/notify/outbox';
import { notificationFor, type Notification } from '../../../src/core/notify/notification';
import type { AttemptRecord } from '../../../src/core/notify/outboxRecord';
import { outboxState } from '../../../src/core/notify/outboxRecord';
import { pagerDutyEvent, slackMessage, webhookBody } from '../../../src/core/notify/payloads';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/notify/retry';
import { Secret } from '../../../src/core/notify/secret';
import { Receiver, TestTimer, downPort, labPlans, recordFor } from './support';

const KEY = 'R0UT1NGKEY0123456789abcdef012345';

function channel(name: string, type: DeliveryChannel['type'], port: number, o: Partial<DeliveryChannel> = {}): DeliveryChannel {
  return {
    name, type, url: new Secret(`http://127.0.0.1:${port}/${type}`), severity: 'critical', notifyVerified: false,
    ...(type === 'pagerduty' ? { routingKey: new Secret(KEY) } : {}), ...o,
  };
}

function blocked(): Notification {
  const { singleton } = labPlans();
  const n = notificationFor(recordFor(singleton, 'blocked'), singleton);
  if (!n) throw new Error('no notification');
  return n;
}

function verified(): Notification {
  const { singleton } = labPlans();
  const n = notificationFor(recordFor(singleton, 'verified'), singleton);
  if (!n) throw new Error('no notification');
  return n;
}

/** A body as it travels: JSON drops undefined fields and writes NaN as null. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Attempts as the outbox reports them, with a way to wait for one. */
class Attempts {
  readonly seen: AttemptRecord[] = [];
  private waiters: { test: (a: AttemptRecord) => boolean; resolve: () => void }[] = [];
  readonly listener = (a: AttemptRecord): void => {
    this.seen.push(a);
    this.waiters = this.waiters.filter((w) => (w.test(a) ? (w.resolve(), false) : true));
  };

  until(test: (a: AttemptRecord) => boolean): Promise<void> {
    if (this.seen.some(test)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  summary(): [number, string, number | undefined][] {
    return this.seen.map((a) => [a.attempt, a.outcome, a.status]);
  }
}

describe('notification outbox', function () {
  this.timeout(20000);
  let dir: string;
  let file: string;
  const receivers: Receiver[] = [];
  const outboxes: Outbox[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
    file = path.join(dir, 'outbox.jsonl');
  });
  afterEach(async () => {
    for (const o of outboxes.splice(0)) await o.close();
    for (const r of receivers.splice(0)) await r.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function receiver(script: ConstructorParameters<typeof Receiver>[0] = [], port = 0): Promise<{ r: Receiver; port: number }> {
    const r = new Receiver(script);
    receivers.push(r);
    return { r, port: await r.start(port) };
  }

  async function open(channels: DeliveryChannel[], o: Partial<OutboxOptions> = {}): Promise<Outbox> {
    const outbox = await Outbox.open({ file, channels: new Map(channels.map((c) => [c.name, c])), timer: new TestTimer(), ...o });
    outboxes.push(outbox);
    return outbox;
  }

  it('sends the documented PagerDuty request: routing key from the channel, never written to the outbox file', async () => {
    const { r, port } = await receiver();
    const outbox = await open([channel('pagerduty-p1', 'pagerduty', port)]);
    const n = blocked();
    assert.deepEqual((await outbox.enqueue('pagerduty-p1', n)).queued, true);
    await outbox.idle();
    assert.equal(r.received.length, 1);
    const req = r.received[0];
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/pagerduty');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['user-agent'], 'Remediator');
    assert.match(String(req.headers['idempotency-key']), /^[0-9a-f]{32}$/);
    assert.deepEqual(JSON.parse(req.body), wire({ routing_key: KEY, ...pagerDutyEvent(n, 'critical') }));
    assert.ok(!fs.readFileSync(file, 'utf8').includes(KEY));
  });

  it('sends the documented Slack and webhook bodies', async () => {
    const { r, port } = await receiver();
    const outbox = await open([channel('ops-slack', 'slack', port), channel('audit-hook', 'webhook', port)]);
    const n = blocked();
    await outbox.enqueue('ops-slack', n);
    await outbox.enqueue('audit-hook', n);
    await outbox.idle();
    const byPath = new Map(r.received.map((x) => [x.url, JSON.parse(x.body)]));
    assert.deepEqual(byPath.get('/slack'), wire(slackMessage(n)));
    assert.deepEqual(byPath.get('/webhook'), wire(webhookBody(n)));
  });

  it('is on disk (fsync\'d) before the first attempt', async () => {
    const onDisk: boolean[] = [];
    const outbox = await open([channel('hook', 'webhook', 9)], {
      post: async () => {
        onDisk.push(outboxState(fs.readFileSync(file, 'utf8')).pending.length === 1);
        return { kind: 'response', status: 202 };
      },
    });
    await outbox.enqueue('hook', blocked());
    await outbox.idle();
    assert.deepEqual(onDisk, [true]);
  });

  it('retries 503 and 429 after their Retry-After, then records delivered; every attempt recorded', async () => {
    const { r, port } = await receiver([{ status: 503, headers: { 'retry-after': '7' } }, { status: 429, headers: { 'retry-after': '30' } }]);
    const timer = new TestTimer();
    const attempts = new Attempts();
    const outbox = await open([channel('hook', 'webhook', port)], { timer, onAttempt: attempts.listener });
    await outbox.enqueue('hook', blocked());
    await outbox.idle();
    assert.equal(r.received.length, 3);
    assert.deepEqual(attempts.summary(), [[1, 'retry', 503], [2, 'retry', 429], [3, 'delivered', 202]]);
    assert.deepEqual(timer.waits, [7000, 30000]);
    assert.deepEqual(attempts.seen.map((a) => a.retryInMs), [7000, 30000, undefined]);
    // The file says the same.
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.type), ['notification', 'attempt', 'attempt', 'attempt']);
    assert.equal(outboxState(fs.readFileSync(file, 'utf8')).pending.length, 0);
  });

  it('retries a dropped connection and 500 with exponential backoff', async () => {
    const { r, port } = await receiver([{ status: 0, hangUp: true }, { status: 500 }]);
    const timer = new TestTimer('instant', 0);
    const attempts = new Attempts();
    const outbox = await open([channel('hook', 'webhook', port)], { timer, onAttempt: attempts.listener, policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000 } });
    await outbox.enqueue('hook', blocked());
    await outbox.idle();
    assert.equal(r.received.length, 3);
    assert.deepEqual(attempts.summary(), [[1, 'retry', undefined], [2, 'retry', 500], [3, 'delivered', 202]]);
    assert.match(attempts.seen[0].error ?? '', /^network error/);
    assert.deepEqual(timer.waits, [500, 1000]);
  });

  for (const status of [400, 401, 403, 404, 410, 422]) {
    it(`never retries ${status}`, async () => {
      const { r, port } = await receiver([{ status }]);
      const timer = new TestTimer();
      const attempts = new Attempts();
      const outbox = await open([channel('hook', 'webhook', port)], { timer, onAttempt: attempts.listener });
      await outbox.enqueue('hook', blocked());
      await outbox.idle();
      assert.equal(r.received.length, 1);
      assert.deepEqual(attempts.summary(), [[1, 'rejected', status]]);
      assert.equal(attempts.seen[0].error, `the receiver answered HTTP ${status}`);
      assert.deepEqual(timer.waits, []);
    });
  }

  it('does not follow a redirect: the answer is final and the other address gets nothing', async () => {
    const other = await receiver();
    const { r, port } = await receiver([{ status: 307, headers: { location: `http://127.0.0.1:${other.port}/elsewhere` } }]);
    const attempts = new Attempts();
    const outbox = await open([channel('hook', 'webhook', port)], { onAttempt: attempts.listener });
    await outbox.enqueue('hook', blocked());
    await outbox.idle();
    assert.equal(r.received.length, 1);
    assert.equal(other.r.received.length, 0);
    assert.deepEqual(attempts.summary(), [[1, 'rejected', 307]]);
  });

  it('a receiver that never answers counts as a network error and is retried', async () => {
    const { r, port } = await receiver([{ status: 0, hold: true }]);
    const attempts = new Attempts();
    const outbox = await open([channel('hook', 'webhook', port)], { onAttempt: attempts.listener, policy: { ...DEFAULT_RETRY_POLICY, requestTimeoutMs: 200 } });
    await outbox.enqueue('hook', blocked());
    await outbox.idle();
    assert.equal(r.received.length, 2);
    assert.deepEqual(attempts.seen.map((a) => [a.outcome, a.error]), [['retry', 'the receiver did not answer in time'], ['delivered', undefined]]);
  });

  it('gives up after maxAttempts and records abandoned', async () => {
    const port = await downPort();
    const attempts = new Attempts();
    const outbox = await open([channel('hook', 'webhook', port)], { onAttempt: attempts.listener, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 } });
    await outbox.enqueue('hook', blocked());
    await outbox.idle();
    assert.deepEqual(attempts.summary().map(([n, o]) => [n, o]), [[1, 'retry'], [2, 'retry'], [3, 'abandoned']]);
    assert.match(attempts.seen[2].error ?? '', /gave up after 3 attempts/);
  });

  it('a restart resumes an undelivered item: receiver down, new outbox on the same file, receiver up, exactly one delivery', async () => {
    const port = await downPort();
    const hook = channel('hook', 'webhook', port);
    const first = new Attempts();
    const before = await open([hook], { timer: new TestTimer('hold'), onAttempt: first.listener });
    const n = blocked();
    await before.enqueue('hook', n);
    await first.until((a) => a.outcome === 'retry');
    await before.close();
    assert.deepEqual(first.summary().map(([a, o]) => [a, o]), [[1, 'retry']]);

    const { r } = await receiver([], port);
    const second = new Attempts();
    const after = await open([hook], { onAttempt: second.listener });
    await after.idle();
    assert.equal(r.received.length, 1);
    assert.deepEqual(JSON.parse(r.received[0].body), wire(webhookBody(n)));
    assert.deepEqual(second.summary(), [[2, 'delivered', 202]]);

    // Queued again (a re-sent alert group) or opened again: nothing more is sent.
    assert.deepEqual((await after.enqueue('hook', n)).queued, false);
    const third = await open([hook]);
    await third.idle();
    assert.equal(r.received.length, 1);
  });

  it('keeps the order within an incident: a resolve never overtakes its trigger', async () => {
    const { r, port } = await receiver([{ status: 503 }]);
    const outbox = await open([channel('pd', 'pagerduty', port, { notifyVerified: true })]);
    await outbox.enqueue('pd', blocked());
    await outbox.enqueue('pd', verified());
    await outbox.idle();
    assert.deepEqual(r.received.map((x) => JSON.parse(x.body).event_action), ['trigger', 'trigger', 'resolve']);
  });

  it('knows which channels heard an incident\'s trigger (where its resolve goes), also after a restart', async () => {
    const port = await downPort();
    const channels = [channel('pd', 'pagerduty', port), channel('ops', 'slack', port, { notifyVerified: true }), channel('other', 'webhook', port)];
    const timer = new TestTimer('hold');
    const before = await open(channels, { timer });
    const n = blocked();
    await before.enqueue('pd', n);
    await before.enqueue('ops', n);
    await before.enqueue('ops', verified());
    assert.deepEqual(before.channelsNotified(n.incident.id), ['pd', 'ops']);
    assert.deepEqual(before.channelsNotified('another incident'), []);
    assert.equal(before.depth, 3);
    await before.close();
    const after = await open(channels, { timer: new TestTimer('hold') });
    assert.deepEqual(after.channelsNotified(n.incident.id), ['pd', 'ops']);
  });

  it('verified actions are queued only for channels that ask', async () => {
    const { port } = await receiver();
    const outbox = await open([channel('quiet', 'webhook', port), channel('chatty', 'webhook', port, { notifyVerified: true })]);
    const quiet = await outbox.enqueue('quiet', verified());
    assert.deepEqual(quiet.queued ? 'queued' : quiet.why, 'channel does not take this kind');
    assert.equal((await outbox.enqueue('chatty', verified())).queued, true);
  });

  it('a torn last line (a crash mid-write) is skipped; the items before it resume', async () => {
    const port = await downPort();
    const hook = channel('hook', 'webhook', port);
    const before = await open([hook], { timer: new TestTimer('hold') });
    await before.enqueue('hook', blocked());
    await before.close();
    fs.appendFileSync(file, '{"type":"notification","id":"cut sh');
    const state = outboxState(fs.readFileSync(file, 'utf8'));
    assert.equal(state.pending.length, 1);
    assert.equal(state.skipped.length, 1);

    const { r } = await receiver([], port);
    const after = await open([hook]);
    await after.idle();
    assert.equal(r.received.length, 1);
  });

  it('an item whose channel left the config is recorded abandoned, not sent elsewhere', async () => {
    const port = await downPort();
    const before = await open([channel('old', 'webhook', port)], { timer: new TestTimer('hold') });
    await before.enqueue('old', blocked());
    await before.close();
    const attempts = new Attempts();
    const after = await open([channel('new', 'webhook', port)], { onAttempt: attempts.listener });
    await after.idle();
    assert.deepEqual(attempts.seen.map((a) => [a.outcome, a.error]), [['abandoned', 'no channel named old in the notify config']]);
  });

  it('refuses an unknown channel, and enqueue after close', async () => {
    const outbox = await open([]);
    await assert.rejects(outbox.enqueue('nobody', blocked()), /no notification channel named nobody/);
    await outbox.close();
    await assert.rejects(outbox.enqueue('nobody', blocked()), /closed/);
  });
});
