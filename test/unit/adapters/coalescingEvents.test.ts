// serve's write-behind Event sink against a fake API client and a fake clock with timers the test
// advances (no real waits): decisions on one object within a window become one Event with a series,
// posts are capped, a full queue holds writers back, flush/close drain, failures reach onError after at
// most one retry, and a lone decision gives exactly the Event KubeEventSink writes.
import { strict as assert } from 'assert';
import { CoalescingEventSink, type CoalescingEventSinkOptions, type EventDecision, type SinkTimers } from '../../../src/adapters/k8s/coalescingEvents';
import { KubeEventSink, eventNote } from '../../../src/adapters/k8s/events';
import { apiError, unreachable } from '../../../src/adapters/k8s/errors';
import type { KubeHttp, RequestOptions } from '../../../src/adapters/k8s/http';
import type { AuditRecord } from '../../../src/core/model/audit';
import { auditRecord } from '../../support/k8s';

const SERVER = 'https://fake.invalid';
const START = Date.parse('2026-04-26T10:00:00.000Z');

/** A clock and timers that move only when the test says so. */
class FakeTime {
  at = START;
  private next = 1;
  private readonly pending = new Map<number, { due: number; fn: () => void }>();
  readonly clock = { now: () => new Date(this.at) };
  readonly timers: SinkTimers = {
    setTimeout: (fn, ms) => {
      const id = this.next++;
      this.pending.set(id, { due: this.at + ms, fn });
      return id;
    },
    clearTimeout: (id) => { this.pending.delete(id as number); },
  };

  get timerCount(): number {
    return this.pending.size;
  }

  /** Moves time forward, running each timer that falls due (in order) and the work it starts. */
  async advance(ms: number): Promise<void> {
    const until = this.at + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.due <= until).sort((a, b) => a[1].due - b[1].due)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.at = Math.max(this.at, due[1].due);
      due[1].fn();
      await settle();
    }
    this.at = until;
    await settle();
  }
}

/** Lets every promise chain that can run, run (no time passes). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

interface Post { path: string; body: Record<string, unknown>; answer(err?: Error): void }

/** A KubeHttp that records each request; POSTs are answered at once unless `hold` is set. */
class FakeHttp {
  readonly posts: Post[] = [];
  readonly gets: string[] = [];
  hold = false;
  /** Failures for the next POSTs, in order (undefined = success). */
  failures: (Error | undefined)[] = [];
  /** PATCHes of a series' count, answered at once (failures from `patchFailures`, in order). */
  readonly patches: { path: string; body: Record<string, unknown>; contentType?: string }[] = [];
  patchFailures: (Error | undefined)[] = [];

  get inFlight(): number {
    return this.posts.filter((p) => !(p as Post & { answered?: boolean }).answered).length;
  }

  asHttp(): KubeHttp {
    return {
      request: (method: string, path: string, options: RequestOptions = {}) => {
        if (method === 'GET') return this.get(path);
        if (method === 'PATCH') {
          this.patches.push({ path, body: options.body as Record<string, unknown>, contentType: options.contentType });
          const failure = this.patchFailures.shift();
          return failure ? Promise.reject(failure) : Promise.resolve({});
        }
        assert.equal(method, 'POST');
        return new Promise((resolve, reject) => {
          const post: Post & { answered?: boolean } = {
            path, body: options.body as Record<string, unknown>,
            answer: (err) => {
              if (post.answered) return;
              post.answered = true;
              if (err) reject(err); else resolve({});
            },
          };
          this.posts.push(post);
          const failure = this.failures.shift();
          if (failure) post.answer(failure);
          else if (!this.hold) post.answer();
        });
      },
      get: (path: string) => this.get(path),
    } as unknown as KubeHttp;
  }

  private get(path: string): Promise<unknown> {
    this.gets.push(path);
    return Promise.resolve({ metadata: { uid: 'live-uid', resourceVersion: '42' } });
  }

  /** Answers every POST still open. */
  release(): void {
    for (const p of this.posts) p.answer();
  }
}

const SEEN_UID = 'uid-the-decision-saw';

function decision(o: Partial<AuditRecord> & { pod?: string; uid?: string | null } = {}): AuditRecord {
  const { pod, uid, ...rest } = o;
  return auditRecord({
    target: { namespace: 'shop', kind: 'Pod', name: pod ?? 'web-1', app: 'web' },
    outcome: 'blocked', mode: 'auto_execute', message: 'replica floor',
    verdicts: uid === null ? [] : [{ guardrail: 'targetExists', status: 'pass', reason: 'found', evidence: { uid: uid ?? SEEN_UID } }],
    ...rest,
  });
}

function setup(options: Partial<CoalescingEventSinkOptions> = {}) {
  const time = new FakeTime();
  const http = new FakeHttp();
  const errors: { err: Error; record: EventDecision; count: number }[] = [];
  const sink = new CoalescingEventSink(http.asHttp(), {
    clock: time.clock, timers: time.timers, reportingInstance: 'test-host',
    onError: (err, record, count) => errors.push({ err, record, count }), ...options,
  });
  return { time, http, sink, errors };
}

const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

describe('CoalescingEventSink (serve\'s write-behind Events)', () => {
  it('one decision: exactly the Event KubeEventSink writes (no series), posted when the window ends', async () => {
    const { time, http, sink } = setup();
    const record = decision({ outcome: 'executed', message: 'deleted pod\nafter CrashLoopBackOff' });
    await sink.write(record);
    assert.equal(http.posts.length, 0, 'write only queues');
    await time.advance(999);
    assert.equal(http.posts.length, 0, 'the window is still open');
    await time.advance(1);
    assert.equal(http.posts.length, 1);

    const direct = new FakeHttp();
    await new KubeEventSink(direct.asHttp(), { clock: { now: () => new Date(START) }, reportingInstance: 'test-host' }).write(record);
    const [got, want] = [http.posts[0], direct.posts[0]];
    assert.equal(got.path, want.path);
    assert.equal(got.path, '/apis/events.k8s.io/v1/namespaces/shop/events');
    const unnamed = (b: Record<string, unknown>) => ({ ...b, metadata: { ...(b.metadata as object), name: '' } });
    assert.deepEqual(unnamed(got.body), unnamed(want.body));
    assert.match((got.body.metadata as { name: string }).name, /^web-1\.[0-9a-f]{16}$/);
    assert.equal(got.body.series, undefined);
    assert.equal(got.body.eventTime, micro(START));
    assert.equal(sink.pending, 0);
  });

  it('decisions on one object with one reason within the window: one Event, series count n, the newest note', async () => {
    const { time, http, sink } = setup();
    for (let i = 0; i < 5; i++) {
      await sink.write(decision({ message: `replica floor (attempt ${i})` }));
      await time.advance(200);
    }
    // Written at 0, 200, ..., 800 ms; the window (from the first) ended at 1000 ms.
    assert.equal(http.posts.length, 1);
    const body = http.posts[0].body;
    assert.deepEqual(body.series, { count: 5, lastObservedTime: micro(START + 800) });
    assert.equal(body.eventTime, micro(START));
    assert.equal(body.note, eventNote(decision({ message: 'replica floor (attempt 4)' })));
    assert.equal(body.reason, 'RemediationBlocked');
    assert.equal(body.type, 'Warning');
    assert.deepEqual(body.regarding, { kind: 'Pod', name: 'web-1', namespace: 'shop', apiVersion: 'v1', uid: SEEN_UID });
  });

  it('another reason, target, runbook or uid is another Event', async () => {
    const { time, http, sink } = setup();
    await sink.write(decision({}));
    await sink.write(decision({}));
    await sink.write(decision({ outcome: 'verified' }));
    await sink.write(decision({ pod: 'web-2' }));
    await sink.write(decision({ runbook: 'other-runbook' }));
    await sink.write(decision({ uid: 'a-newer-pod' }));
    await sink.write(decision({ target: { namespace: 'cart', kind: 'Pod', name: 'web-1' } }));
    await time.advance(1000);
    assert.equal(http.posts.length, 6);
    const seen = http.posts.map((p) => {
      const r = p.body.regarding as { namespace: string; name: string; uid: string };
      return `${r.namespace}/${r.name}/${r.uid} ${String(p.body.reason)} ${(p.body.series as { count?: number } | undefined)?.count ?? 1}`;
    });
    assert.deepEqual(seen, [
      `shop/web-1/${SEEN_UID} RemediationBlocked 2`,
      `shop/web-1/${SEEN_UID} RemediationVerified 1`,
      `shop/web-2/${SEEN_UID} RemediationBlocked 1`,
      `shop/web-1/${SEEN_UID} RemediationBlocked 1`,
      'shop/web-1/a-newer-pod RemediationBlocked 1',
      `cart/web-1/${SEEN_UID} RemediationBlocked 1`,
    ]);
    assert.ok(String(http.posts[3].body.note).startsWith('runbook other-runbook:'));
  });

  it('window boundaries: 0 and 999 ms share an Event; from 1000 ms on, a decision is counted by its series', async () => {
    const { time, http, sink } = setup();
    await sink.write(decision({ message: 'first' }));
    await time.advance(999);
    await sink.write(decision({ message: 'second' }));
    await time.advance(1);
    assert.equal(http.posts.length, 1);
    assert.deepEqual(http.posts[0].body.series, { count: 2, lastObservedTime: micro(START + 999) });
    await sink.write(decision({ message: 'third' }));
    await time.advance(29_999);
    assert.equal(http.posts.length, 1, 'no second Event');
    assert.equal(http.patches.length, 0, 'the count waits for its interval');
    await time.advance(1);
    assert.deepEqual(http.patches, [{
      path: `/apis/events.k8s.io/v1/namespaces/shop/events/${(http.posts[0].body.metadata as { name: string }).name}`,
      body: { series: { count: 3, lastObservedTime: micro(START + 1000) } }, contentType: 'application/merge-patch+json',
    }]);
  });

  it('without series (seriesMaxAgeMs 0): 1000 ms starts the next Event', async () => {
    const { time, http, sink } = setup({ seriesMaxAgeMs: 0 });
    await sink.write(decision({ message: 'first' }));
    await time.advance(1000);
    await sink.write(decision({ message: 'third' }));
    await time.advance(999);
    assert.equal(http.posts.length, 1, 'the second window is open until 2000 ms');
    await time.advance(1);
    assert.equal(http.posts.length, 2);
    assert.equal(http.posts[1].body.series, undefined);
    assert.equal(http.posts[1].body.eventTime, micro(START + 1000));
    assert.ok(String(http.posts[1].body.note).endsWith('- third'));
    assert.equal(sink.seriesCount, 0);
  });

  it('a late timer does not stretch a window: a decision past its end is not in that Event', async () => {
    const { time, http, sink } = setup({ seriesMaxAgeMs: 0 });
    await sink.write(decision({}));
    time.at += 1000; // the window's end on the clock; its timer has not run yet
    await sink.write(decision({}));
    await settle();
    assert.equal(http.posts.length, 1, 'the old window was closed by the second write');
    assert.equal(http.posts[0].body.series, undefined);
    await time.advance(1000);
    assert.equal(http.posts.length, 2);
  });

  it('a series: one PATCH per interval with new decisions, none without; it ends seriesMaxAgeMs after its post', async () => {
    const { time, http, sink } = setup();
    await sink.write(decision({}));
    await time.advance(1000);
    assert.equal(http.posts.length, 1);
    for (let i = 0; i < 4; i++) {
      await sink.write(decision({}));
      await time.advance(5_000);
    }
    await time.advance(10_000);
    assert.deepEqual(http.patches.map((p) => (p.body.series as { count: number }).count), [5], 'one PATCH for four decisions');
    await time.advance(60_000);
    assert.equal(http.patches.length, 1, 'nothing new, nothing written');
    await sink.write(decision({}));
    await time.advance(30_000);
    assert.deepEqual(http.patches.map((p) => (p.body.series as { count: number }).count), [5, 6]);
    // Ten minutes after the post the series is over: the next decision is a new Event.
    await time.advance(10 * 60_000);
    await sink.write(decision({ message: 'much later' }));
    await time.advance(1000);
    assert.equal(http.posts.length, 2);
    assert.equal(http.posts[1].body.series, undefined);
    assert.ok(String(http.posts[1].body.note).endsWith('- much later'));
  });

  it('decisions while the first post runs join the series; a failed post reports them all', async () => {
    const ok = setup();
    ok.http.hold = true;
    await ok.sink.write(decision({}));
    await ok.time.advance(1000);
    await ok.sink.write(decision({}));
    await ok.sink.write(decision({}));
    ok.http.release();
    await settle();
    await ok.time.advance(30_000);
    assert.equal(ok.http.posts.length, 1);
    assert.deepEqual(ok.http.patches.map((p) => (p.body.series as { count: number }).count), [3]);

    const bad = setup();
    bad.http.hold = true;
    await bad.sink.write(decision({ id: 'd1' }));
    await bad.time.advance(1000);
    await bad.sink.write(decision({ id: 'd2' }));
    bad.http.posts[0].answer(apiError('POST', '/x', 422, '{"message":"invalid"}', SERVER));
    await settle();
    assert.deepEqual(bad.errors.map((e) => [e.count, e.record.id]), [[2, 'd2']]);
    assert.equal(bad.sink.seriesCount, 0);
  });

  it('a series whose Event is gone (404) starts a new Event for the decisions it had not counted', async () => {
    const { time, http, sink, errors } = setup();
    await sink.write(decision({}));
    await time.advance(1000);
    http.patchFailures = [apiError('PATCH', '/x', 404, '{"reason":"NotFound"}', SERVER)];
    await sink.write(decision({ message: 'a' }));
    await sink.write(decision({ message: 'b' }));
    await time.advance(30_000);
    await time.advance(1000);
    assert.equal(http.patches.length, 1);
    assert.equal(http.posts.length, 2);
    assert.equal((http.posts[1].body.series as { count: number }).count, 2);
    assert.equal(errors.length, 0, 'an expired Event is no failure');
  });

  it('a PATCH the Role refuses (403): reported once, the uncounted decisions posted, and no series from then on', async () => {
    const { time, http, sink, errors } = setup();
    await sink.write(decision({}));
    await time.advance(1000);
    http.patchFailures = [apiError('PATCH', '/x', 403, '{"message":"events is forbidden"}', SERVER)];
    await sink.write(decision({}));
    await time.advance(31_000);
    assert.equal(errors.length, 1);
    assert.match(errors[0].err.message, /forbidden.*lacks patch on events\.k8s\.io events/);
    assert.equal(http.posts.length, 2, 'the uncounted decision has its own Event');
    await sink.write(decision({ pod: 'web-9' }));
    await time.advance(1000);
    await sink.write(decision({ pod: 'web-9' }));
    await time.advance(1000);
    assert.equal(http.posts.length, 4, 'one Event per window again');
    assert.equal(http.patches.length, 1);
    assert.equal(sink.seriesCount, 0);
  });

  it('flush writes the counts not yet written; close leaves no timer', async () => {
    const { time, http, sink } = setup();
    await sink.write(decision({}));
    await time.advance(1000);
    await sink.write(decision({}));
    await sink.flush();
    assert.deepEqual(http.patches.map((p) => (p.body.series as { count: number }).count), [2]);
    await sink.write(decision({}));
    await sink.close();
    assert.deepEqual(http.patches.map((p) => (p.body.series as { count: number }).count), [2, 3]);
    assert.equal(time.timerCount, 0);
  });

  it('the window and caps are options', async () => {
    const { time, http, sink } = setup({ windowMs: 50 });
    await sink.write(decision({}));
    await time.advance(50);
    assert.equal(http.posts.length, 1);
  });

  it('at most maxInFlight posts at once (default 4); the rest start as posts finish', async () => {
    const { time, http, sink } = setup();
    http.hold = true;
    for (let i = 0; i < 10; i++) await sink.write(decision({ pod: `web-${i}` }));
    await time.advance(1000);
    assert.equal(http.posts.length, 4);
    assert.equal(sink.pending, 10);
    http.posts[0].answer();
    await settle();
    assert.equal(http.posts.length, 5, 'one finished, one more started');
    assert.equal(http.inFlight, 4);
    while (http.posts.length < 10 || http.inFlight > 0) {
      assert.ok(http.inFlight <= 4, `${http.inFlight} in flight`);
      http.release();
      await settle();
    }
    assert.deepEqual(http.posts.map((p) => (p.body.regarding as { name: string }).name), Array.from({ length: 10 }, (_, i) => `web-${i}`), 'in window order');
    assert.equal(sink.pending, 0);
  });

  it('maxInFlight as an option', async () => {
    const { time, http, sink } = setup({ maxInFlight: 2 });
    http.hold = true;
    for (let i = 0; i < 5; i++) await sink.write(decision({ pod: `web-${i}` }));
    await time.advance(1000);
    assert.equal(http.posts.length, 2);
  });

  it('back-pressure: past maxPending Events a new one waits for room; joining an open one does not', async () => {
    const { time, http, sink } = setup({ maxPending: 3 });
    http.hold = true;
    for (let i = 0; i < 3; i++) await sink.write(decision({ pod: `web-${i}` }));
    let fourth = false;
    const waiting = sink.write(decision({ pod: 'web-3' })).then(() => { fourth = true; });
    await sink.write(decision({ pod: 'web-0' })); // joins web-0's open window: no room needed
    await settle();
    assert.equal(fourth, false, 'the fourth Event waits');
    assert.equal(sink.pending, 3);
    await time.advance(1000);
    assert.equal(http.posts.length, 3);
    assert.equal(fourth, false, 'still no room while the three posts run');
    http.posts[1].answer();
    await waiting;
    assert.equal(sink.pending, 3, 'two still posting, the fourth queued');
    http.release();
    await time.advance(1000);
    http.release();
    await settle();
    assert.equal(http.posts.length, 4);
    assert.equal((http.posts[0].body.series as { count: number }).count, 2);
    assert.equal(sink.pending, 0);
  });

  it('flush posts everything queued now (no waiting for windows) and resolves when the posts are done', async () => {
    const { time, http, sink } = setup();
    for (let i = 0; i < 6; i++) await sink.write(decision({ pod: `web-${i % 3}` }));
    http.hold = true;
    let flushed = false;
    const flushing = sink.flush().then(() => { flushed = true; });
    await settle();
    assert.equal(http.posts.length, 3);
    assert.equal(flushed, false, 'the posts are still running');
    http.release();
    await flushing;
    assert.deepEqual(http.posts.map((p) => (p.body.series as { count: number }).count), [2, 2, 2]);
    assert.equal(sink.pending, 0);
    assert.equal(time.timerCount, 0, 'no window timer left behind');
    // The sink goes on after a flush: a decision on another object opens a new window.
    http.hold = false;
    await sink.write(decision({ pod: 'web-7' }));
    assert.equal(http.posts.length, 3);
    await time.advance(1000);
    assert.equal(http.posts.length, 4);
  });

  it('flush also waits for the writes held back by a full queue', async () => {
    const { http, sink } = setup({ maxPending: 1 });
    await sink.write(decision({ pod: 'web-0' }));
    const held = sink.write(decision({ pod: 'web-1' }));
    await sink.flush();
    await held;
    assert.deepEqual(http.posts.map((p) => (p.body.regarding as { name: string }).name), ['web-0', 'web-1']);
    assert.equal(sink.pending, 0);
  });

  it('close drains; a write after close posts at once and throws on failure, like KubeEventSink', async () => {
    const { http, sink, errors } = setup();
    await sink.write(decision({}));
    await sink.write(decision({}));
    await sink.close();
    assert.equal(http.posts.length, 1);
    await sink.write(decision({ pod: 'late' }));
    assert.equal(http.posts.length, 2, 'posted before write resolved');
    http.failures = [apiError('POST', '/x', 403, '{"message":"events is forbidden"}', SERVER)];
    await assert.rejects(sink.write(decision({ pod: 'denied' })), /forbidden/);
    assert.equal(errors.length, 0, 'a direct write throws instead of calling onError');
    await sink.close(); // twice is fine
  });

  it('a refused post goes to onError once, with the newest decision and the count; no retry', async () => {
    const { time, http, sink, errors } = setup();
    http.failures = [apiError('POST', '/apis/events.k8s.io/v1/namespaces/shop/events', 422, '{"message":"note too long"}', SERVER)];
    const big = { decisionInput: { note: 'x'.repeat(100_000) } } as unknown as Partial<AuditRecord>;
    await sink.write(decision({ id: 'a1' }));
    await sink.write(decision({ id: 'a2', ...big }));
    await time.advance(1000);
    assert.equal(http.posts.length, 1);
    assert.equal(errors.length, 1);
    assert.match(errors[0].err.message, /422/);
    assert.equal(errors[0].count, 2);
    assert.equal(errors[0].record.id, 'a2');
    assert.equal(errors[0].record.runbook, 'replace-redundant-pod');
    assert.deepEqual(errors[0].record.target, { namespace: 'shop', kind: 'Pod', name: 'web-1' });
    assert.equal((errors[0].record as Partial<AuditRecord>).decisionInput, undefined, 'the queue keeps no state slice');
    assert.equal(sink.pending, 0);
  });

  it('429, 5xx and network failures are tried once more; a second failure goes to onError', async () => {
    for (const failure of [
      apiError('POST', '/x', 429, '{"message":"slow down"}', SERVER),
      apiError('POST', '/x', 503, '{"message":"unavailable"}', SERVER),
      unreachable(SERVER, new Error('ECONNRESET')),
    ]) {
      const ok = setup();
      ok.http.failures = [failure];
      await ok.sink.write(decision({}));
      await ok.time.advance(1000);
      assert.equal(ok.http.posts.length, 1, 'the retry waits its pause');
      await ok.time.advance(250);
      assert.equal(ok.http.posts.length, 2, failure.message);
      assert.equal(ok.errors.length, 0);
      assert.equal(ok.http.posts[1].body.metadata && (ok.http.posts[1].body.metadata as { name: string }).name, (ok.http.posts[0].body.metadata as { name: string }).name, 'the same Event again');

      const bad = setup();
      bad.http.failures = [failure, failure, failure];
      await bad.sink.write(decision({}));
      await bad.time.advance(2000);
      assert.equal(bad.http.posts.length, 2, 'one retry, no more');
      assert.equal(bad.errors.length, 1);
      assert.equal(bad.sink.pending, 0);
    }
  });

  it('a retry answered 409 means the first post landed after all', async () => {
    const { time, http, sink, errors } = setup();
    http.failures = [unreachable(SERVER, new Error('socket hang up')), apiError('POST', '/x', 409, '{"reason":"AlreadyExists"}', SERVER)];
    await sink.write(decision({}));
    await time.advance(1250);
    assert.equal(http.posts.length, 2);
    assert.equal(errors.length, 0);
  });

  it('a throwing onError stops nothing', async () => {
    const { time, http, sink } = setup({ onError: () => { throw new Error('logger broke'); } });
    http.failures = [apiError('POST', '/x', 400, '{}', SERVER)];
    await sink.write(decision({ pod: 'a' }));
    await sink.write(decision({ pod: 'b' }));
    await time.advance(1000);
    assert.equal(http.posts.length, 2);
    assert.equal(sink.pending, 0);
  });

  it('without a uid in the record: one read of the object per Event, not per decision', async () => {
    const { time, http, sink } = setup();
    for (let i = 0; i < 3; i++) await sink.write(decision({ uid: null }));
    await time.advance(1000);
    assert.deepEqual(http.gets, ['/api/v1/namespaces/shop/pods/web-1']);
    assert.deepEqual(http.posts[0].body.regarding, { kind: 'Pod', name: 'web-1', namespace: 'shop', apiVersion: 'v1', uid: 'live-uid', resourceVersion: '42' });
  });

  it('a burst spread over 10 s (5 decisions per pod, 1,000 pods): 1,000 Events and at most one count each', async () => {
    const { time, http, sink } = setup();
    for (let round = 0; round < 5; round++) {
      for (let pod = 0; pod < 1000; pod++) await sink.write(decision({ pod: `web-${pod}` }));
      await time.advance(2_000);
    }
    await time.advance(40_000);
    assert.equal(http.posts.length, 1000);
    assert.equal(http.patches.length, 1000);
    assert.ok(http.patches.every((p) => (p.body.series as { count: number }).count === 5));
  });

  it('a burst like serve\'s (5 decisions per pod, 1,000 pods) is 1,000 Events, each with count 5', async () => {
    const { time, http, sink } = setup();
    for (let round = 0; round < 5; round++) {
      for (let pod = 0; pod < 1000; pod++) await sink.write(decision({ pod: `web-${pod}` }));
      await time.advance(100);
    }
    await time.advance(1000);
    await sink.flush();
    assert.equal(http.posts.length, 1000);
    assert.ok(http.posts.every((p) => (p.body.series as { count: number }).count === 5));
  });
});

describe('eventNote: what the API server accepts', () => {
  it('a note stays within 1024 UTF-8 bytes, cut between code points', () => {
    for (const ch of ['é', '€', '😀', 'a']) {
      const note = eventNote(decision({ message: ch.repeat(2000) }));
      assert.ok(Buffer.byteLength(note) <= 1024, `${ch}: ${Buffer.byteLength(note)} bytes`);
      assert.ok(note.length <= 1000);
      assert.ok(!/[\ud800-\udbff]$/.test(note), 'no half surrogate pair at the end');
      assert.ok(note.endsWith(ch), ch);
    }
    const ascii = eventNote(decision({ message: 'a'.repeat(2000) }));
    assert.equal(ascii.length, 1000, 'ASCII notes are cut where they always were');
  });
});
