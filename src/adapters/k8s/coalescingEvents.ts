// serve's Event sink: write-behind and coalescing, like client-go's event recorder. Under a burst serve
// decides thousands of alerts, and one POST per decision (events.ts) competes with the ledger, the shared
// state and the actions for the API server while the decision's slot waits on it. Here `write` only
// queues: decisions on the same object (namespace/kind/name, and uid when the decision saw one) of the
// same runbook with the same reason, type and action that arrive within a window (1 s) become one
// events.k8s.io/v1 Event, with `series: { count, lastObservedTime }` from two decisions on (the API
// requires count >= 2), `eventTime` the first decision's time and the note of the newest decision in
// that window. A different outcome is a different Event.
//
// Once posted, the Event stays the series of its key for `seriesMaxAgeMs` (10 min): later decisions of
// that key only raise its count, written with a PATCH of `series` at most every `seriesIntervalMs` (30 s;
// the note and everything else of an Event are immutable). So `kubectl describe` shows the first decision
// within a second and "(x5 over 20s)" within half a minute, and an alert storm of five decisions per pod
// costs one POST and one PATCH per pod instead of five POSTs. A series whose Event is gone (404) starts a
// new Event; a PATCH the Role does not allow (403: a Role exported before serve patched Events) turns
// series off for the sink, which then posts one Event per window as before, and is reported once.
//
// At most `maxInFlight` (4) requests run at once. A request that fails with 429, 5xx or a network error
// is tried once more (same Event name: a 409 on a POST then means the first one landed); any other
// failure, or a second one, goes to `onError` and those decisions' Event is dropped. At most
// `maxPending` (10,000) Events wait; beyond that `write` waits for room (back-pressure on the decisions)
// instead of dropping or growing; at most `maxSeries` (10,000) series are kept. A waiting Event keeps
// only what it will say (no state slice), so 10,000 of them are a few megabytes.
//
// `flush()` posts and patches everything queued now and resolves when that is done; `close()` flushes
// and then stops queueing: a write after close posts its own Event right away and throws on failure,
// like KubeEventSink. serve closes it on SIGTERM/SIGINT after its last decision. A SIGKILL loses at most
// one window of Events and one interval of counts (plus the requests in flight): Events are best-effort
// by Kubernetes' design, and the audit file and the shared state remain the record of every decision.
import type { AuditRecord } from '../../core/model/audit';
import { isClusterError, systemClock, type AuditSink, type Clock } from '../../core/ports';
import { targetUidOf } from '../../core/audit/record';
import { statusOf } from './errors';
import { eventBody, eventContent, regardingRef, reportingInstanceOf, type EventContent, type EventSinkOptions } from './events';
import type { KubeHttp } from './http';
import { EVENTS, collectionPath, objectPath } from './resources';
import { microTime } from './support';

/** The timer functions the sink uses (tests pass a fake whose time they advance). */
export interface SinkTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: SinkTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What `onError` is told about the newest decision of a lost Event (the record without its bulky parts). */
export type EventDecision = Pick<AuditRecord, 'id' | 'time' | 'incidentId' | 'runbook' | 'target' | 'mode' | 'outcome' | 'actor'>;

export interface CoalescingEventSinkOptions extends EventSinkOptions {
  /** Decisions on one object within this long become one Event (default 1000 ms). */
  windowMs?: number;
  /** Posts at once (default 4). */
  maxInFlight?: number;
  /** Events waiting or being posted before `write` waits for room (default 10,000). */
  maxPending?: number;
  /** Pause before the one retry of a 429, 5xx or network failure (default 250 ms). */
  retryDelayMs?: number;
  /** How long a posted Event takes later decisions of its key as its series (default 10 min; 0: no series). */
  seriesMaxAgeMs?: number;
  /** A series' count is written at most this often (default 30 s). */
  seriesIntervalMs?: number;
  /** Series kept at most (default 10,000); past that, new Events keep none. */
  maxSeries?: number;
  timers?: SinkTimers;
  /** An Event that was not written: its newest decision and how many decisions it stood for. */
  onError(err: Error, record: EventDecision, count: number): void;
}

interface Group {
  key: string;
  target: { namespace: string; kind: string; name: string };
  uid: string | undefined;
  content: EventContent;
  newest: EventDecision;
  first: Date;
  last: Date;
  count: number;
  /** The window timer while the group takes more decisions. */
  timer?: unknown;
  sealed: boolean;
  done: Promise<void>;
  settle(): void;
  /** The series this Event starts (when series are on and there is room). */
  series?: Series;
}

/** A posted (or being posted) Event that takes its key's later decisions as a count. */
interface Series {
  key: string;
  /** What its Event is about and says (from its first post), for a new Event when it is gone. */
  about: Pick<Group, 'target' | 'uid' | 'content'>;
  /** The Event's name, once posted. */
  name?: string;
  /** Decisions the Event stands for, and how many of them the API server has. */
  count: number;
  written: number;
  last: Date;
  newest: EventDecision;
  /** When the Event was posted (the series ends seriesMaxAgeMs later); undefined while posting. */
  postedAt?: number;
  timer?: unknown;
  /** A PATCH waiting for a slot or running. */
  patching?: Promise<void>;
}

type Job = { kind: 'post'; group: Group } | { kind: 'patch'; series: Series; settle(): void };

interface Entry {
  key: string;
  record: AuditRecord;
  uid: string | undefined;
  content: EventContent;
  at: Date;
}

function decisionOf(r: AuditRecord): EventDecision {
  const { namespace, kind, name } = r.target;
  return { ...(r.id !== undefined ? { id: r.id } : {}), time: r.time, incidentId: r.incidentId, runbook: r.runbook, target: { namespace, kind, name }, mode: r.mode, outcome: r.outcome, actor: r.actor };
}

function entryOf(record: AuditRecord, at: Date): Entry {
  const content = eventContent(record);
  const uid = targetUidOf(record);
  const { namespace, kind, name } = record.target;
  const key = JSON.stringify([namespace, kind, name, uid ?? '', record.runbook, content.reason, content.type, content.action]);
  return { key, record, uid, content, at };
}

/** A group not yet sealed, with its done promise. */
function newGroup(fields: Pick<Group, 'key' | 'target' | 'uid' | 'content' | 'newest' | 'first' | 'last' | 'count'>): Group {
  let settle = () => {};
  const done = new Promise<void>((resolve) => { settle = resolve; });
  return { ...fields, sealed: false, done, settle };
}

/** Worth one more try: throttled, a server error, or the server could not be reached. */
function retryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status === 429 || status >= 500;
  return isClusterError(err, 'unreachable');
}

export class CoalescingEventSink implements AuditSink {
  private readonly reportingInstance: string;
  private readonly clock: Clock;
  private readonly timers: SinkTimers;
  private readonly windowMs: number;
  private readonly maxInFlight: number;
  private readonly maxPending: number;
  private readonly retryDelayMs: number;
  private readonly seriesMaxAgeMs: number;
  private readonly seriesIntervalMs: number;
  private readonly maxSeries: number;
  /** Groups whose window is open, by key. */
  private readonly open = new Map<string, Group>();
  /** Series by key, oldest first (insertion order: a key's new series is deleted and set again). */
  private readonly series = new Map<string, Series>();
  /** Posts and patches waiting for a slot, oldest first (from `head` on). */
  private ready: Job[] = [];
  private head = 0;
  /** Every group not yet posted (open, ready, in flight). */
  private readonly live = new Set<Group>();
  private inFlight = 0;
  /** Writes waiting for room. */
  private readonly admitting = new Set<Promise<void>>();
  private roomWaiters: (() => void)[] = [];
  /** While > 0, new groups are posted and counts written at once (no window, no interval). */
  private flushing = 0;
  private closed = false;
  /** A PATCH was refused for want of permission: no more series. */
  private seriesOff = false;

  constructor(private readonly http: KubeHttp, private readonly options: CoalescingEventSinkOptions) {
    this.reportingInstance = reportingInstanceOf(options);
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? realTimers;
    this.windowMs = options.windowMs ?? 1000;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4);
    this.maxPending = Math.max(1, options.maxPending ?? 10_000);
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.seriesMaxAgeMs = Math.max(0, options.seriesMaxAgeMs ?? 10 * 60_000);
    this.seriesIntervalMs = Math.max(0, options.seriesIntervalMs ?? 30_000);
    this.maxSeries = Math.max(0, options.maxSeries ?? 10_000);
  }

  /** Events queued or being posted. */
  get pending(): number {
    return this.live.size;
  }

  /** Series kept now (tests). */
  get seriesCount(): number {
    return this.series.size;
  }

  /** Queues the decision (resolves at once unless `maxPending` Events are waiting); after close(), posts it now. */
  write(record: AuditRecord): Promise<void> {
    const entry = entryOf(record, this.clock.now());
    if (this.closed) return this.post(this.groupOf(entry)).then(() => undefined);
    if (this.tryQueue(entry)) return Promise.resolve();
    const admitted = (async () => {
      for (;;) {
        await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
        if (this.tryQueue(entry)) return;
      }
    })();
    this.admitting.add(admitted);
    return admitted.finally(() => { this.admitting.delete(admitted); });
  }

  /** Posts everything queued so far (open windows end now), writes every series' count, and resolves once that is done. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      for (const group of [...this.open.values()]) this.seal(group);
      // Writes let in from here on are sealed as they join (flushing).
      await Promise.all([...this.admitting]);
      const groups = [...this.live].map((g) => g.done);
      await Promise.all(groups);
      // Counts that arrived meanwhile (or were waiting for their interval) go out now.
      await Promise.all([...this.series.values()].map((s) => this.writeCount(s)));
    } finally {
      this.flushing--;
    }
  }

  /** Flushes; later writes post their Event at once (and throw on failure). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    for (const s of this.series.values()) if (s.timer !== undefined) this.timers.clearTimeout(s.timer);
    this.series.clear();
  }

  private groupOf(e: Entry): Group {
    const { namespace, kind, name } = e.record.target;
    return newGroup({ key: e.key, target: { namespace, kind, name }, uid: e.uid, content: e.content, newest: decisionOf(e.record), first: e.at, last: e.at, count: 1 });
  }

  /** Adds the decision to its series, its open group or a new one; false when there is no room. */
  private tryQueue(e: Entry): boolean {
    this.expireSeries(e.at.getTime());
    const series = this.series.get(e.key);
    if (series) {
      series.count++;
      series.newest = decisionOf(e.record);
      if (e.at.getTime() > series.last.getTime()) series.last = e.at;
      if (series.postedAt !== undefined) this.scheduleCount(series);
      return true;
    }
    const open = this.open.get(e.key);
    if (open) {
      if (this.flushing === 0 && e.at.getTime() - open.first.getTime() < this.windowMs) {
        open.count++;
        open.content = e.content;
        open.newest = decisionOf(e.record);
        if (e.at.getTime() > open.last.getTime()) open.last = e.at;
        return true;
      }
      this.seal(open);
      if (this.series.has(e.key)) return this.tryQueue(e);
    }
    if (this.live.size >= this.maxPending) return false;
    const group = this.groupOf(e);
    this.live.add(group);
    if (this.flushing > 0) {
      this.seal(group);
    } else {
      this.open.set(group.key, group);
      group.timer = this.timers.setTimeout(() => this.seal(group), this.windowMs);
    }
    return true;
  }

  /** Series past their age end; a count not yet written is written first. */
  private expireSeries(nowMs: number): void {
    for (const s of this.series.values()) {
      if (s.postedAt === undefined || nowMs - s.postedAt < this.seriesMaxAgeMs) break;
      this.series.delete(s.key);
      if (s.timer !== undefined) this.timers.clearTimeout(s.timer);
      s.timer = undefined;
      if (s.count > s.written) void this.writeCount(s);
    }
  }

  /** The group's window is over: it waits for a post slot, and starts its key's series when there is room. */
  private seal(group: Group): void {
    if (group.sealed) return;
    group.sealed = true;
    if (group.timer !== undefined) this.timers.clearTimeout(group.timer);
    group.timer = undefined;
    if (this.open.get(group.key) === group) this.open.delete(group.key);
    if (!this.seriesOff && !this.closed && this.seriesMaxAgeMs > 0 && this.series.size < this.maxSeries) {
      const { target, uid, content } = group;
      group.series = { key: group.key, about: { target, uid, content }, count: group.count, written: 0, last: group.last, newest: group.newest };
      this.series.delete(group.key);
      this.series.set(group.key, group.series);
    }
    this.ready.push({ kind: 'post', group });
    this.pump();
  }

  /** The series' count is written once its interval has passed (at once while flushing). */
  private scheduleCount(s: Series): void {
    if (s.timer !== undefined || s.patching || s.count <= s.written) return;
    if (this.flushing > 0) {
      void this.writeCount(s);
      return;
    }
    s.timer = this.timers.setTimeout(() => {
      s.timer = undefined;
      void this.writeCount(s);
    }, this.seriesIntervalMs);
  }

  /** Queues a PATCH of the series' count (one at a time per series); resolves when it is done. */
  private writeCount(s: Series): Promise<void> {
    if (s.patching) return s.patching.then(() => (s.count > s.written && s.name ? this.writeCount(s) : undefined));
    if (s.timer !== undefined) this.timers.clearTimeout(s.timer);
    s.timer = undefined;
    if (s.count <= s.written || s.name === undefined) return Promise.resolve();
    let settle = () => {};
    s.patching = new Promise<void>((resolve) => { settle = resolve; });
    this.ready.push({ kind: 'patch', series: s, settle });
    this.pump();
    return s.patching;
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.head < this.ready.length) {
      const job = this.ready[this.head++];
      if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      this.inFlight++;
      const run = job.kind === 'post' ? this.runPost(job.group) : this.runPatch(job.series);
      void run.finally(() => {
        this.inFlight--;
        if (job.kind === 'post') {
          this.live.delete(job.group);
          job.group.settle();
        } else {
          job.series.patching = undefined;
          job.settle();
          this.scheduleCount(job.series);
        }
        const waiters = this.roomWaiters;
        this.roomWaiters = [];
        for (const wake of waiters) wake();
        this.pump();
      });
    }
  }

  private report(err: unknown, newest: EventDecision, count: number): void {
    try { this.options.onError(err as Error, newest, count); } catch { /* the callback's own failure stops nothing */ }
  }

  /** Posts the group's Event; on success its series takes later decisions, on failure every decision so far is reported. */
  private async runPost(group: Group): Promise<void> {
    const s = group.series;
    try {
      const name = await this.post(group);
      if (s) {
        s.name = name;
        s.written = group.count;
        s.postedAt = this.clock.now().getTime();
        this.scheduleCount(s);
      }
    } catch (err) {
      if (s && this.series.get(s.key) === s) this.series.delete(s.key);
      this.report(err, s?.newest ?? group.newest, s?.count ?? group.count);
    }
  }

  /** Writes the series' count; a gone Event starts a new one for the decisions it had not counted. */
  private async runPatch(s: Series): Promise<void> {
    const count = s.count;
    const body = { series: { count, lastObservedTime: microTime(s.last) } };
    try {
      await this.withRetry(() => this.http.request('PATCH', objectPath(EVENTS, s.about.target.namespace, s.name!), { body, contentType: 'application/merge-patch+json' }));
      s.written = Math.max(s.written, count);
    } catch (err) {
      const status = statusOf(err);
      const unwritten = s.count - s.written;
      if (this.series.get(s.key) === s) this.series.delete(s.key);
      s.written = s.count;
      if (status === 403) {
        this.seriesOff = true;
        this.report(new Error(`${(err as Error).message} (Event counts are not updated: the Role lacks patch on events.k8s.io events; each window now posts its own Event)`), s.newest, unwritten);
      } else if (status !== 404) {
        this.report(err, s.newest, unwritten);
      }
      if (status === 404 || status === 403) this.repost(s, unwritten);
    }
  }

  /** The decisions a series could not count, as an Event of their own. */
  private repost(s: Series, count: number): void {
    if (count <= 0) return;
    if (this.closed) {
      this.report(new Error(`the Event ${s.name ?? ''} is gone, and serve is stopping: its last count was not written`), s.newest, count);
      return;
    }
    const group = newGroup({ key: s.key, ...s.about, newest: s.newest, first: s.last, last: s.last, count });
    this.live.add(group);
    this.seal(group);
  }

  /**
   * One try, and one more after a pause for a 429, 5xx or network failure. `landed`: whether a 409 on the
   * second try means the first one was created after all (its answer lost).
   */
  private async withRetry(attempt: () => Promise<void>, landed: () => boolean = () => false): Promise<void> {
    try {
      await attempt();
    } catch (err) {
      if (!retryable(err)) throw err;
      const firstLanded = landed();
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, this.retryDelayMs));
      try {
        await attempt();
      } catch (again) {
        if (firstLanded && statusOf(again) === 409) return;
        throw again;
      }
    }
  }

  /** Posts the group's Event (one retry, see the header); resolves to its name. */
  private async post(group: Group): Promise<string> {
    let body: Record<string, unknown> | undefined;
    let sent = false;
    await this.withRetry(async () => {
      body ??= eventBody(group.content, {
        eventTime: group.first, reportingInstance: this.reportingInstance,
        regarding: await regardingRef(this.http, group.target, group.uid),
        ...(group.count >= 2 ? { series: { count: group.count, lastObservedTime: group.last } } : {}),
      });
      sent = true;
      await this.http.request('POST', collectionPath(EVENTS, group.target.namespace), { body });
    }, () => sent);
    return (body!.metadata as { name: string }).name;
  }
}
