// serve's Event sink: write-behind and coalescing. Under a burst serve decides thousands of alerts, and
// one POST per decision (events.ts) competes with the ledger, the shared state and the actions for the
// API server while the decision's slot waits on it. Here `write` only queues: decisions on the same
// object (namespace/kind/name, and uid when the decision saw one) of the same runbook with the same
// reason, type and action that arrive within a window (1 s) become one events.k8s.io/v1 Event, with
// `series: { count, lastObservedTime }` from two decisions on (the API requires count >= 2), `eventTime`
// the first decision's time and the note of the newest decision. A different outcome is a different Event.
//
// When a window ends its Event is posted; at most `maxInFlight` (4) posts run at once. A post that fails
// with 429, 5xx or a network error is tried once more (same Event name: a 409 then means the first one
// landed); any other failure, or a second one, goes to `onError` and the Event is dropped. At most
// `maxPending` (10,000) Events wait; beyond that `write` waits for room (back-pressure on the decisions)
// instead of dropping or growing. A waiting Event keeps only what it will say (no state slice), so
// 10,000 of them are a few megabytes.
//
// `flush()` posts everything queued now and resolves when that is done; `close()` flushes and then
// stops queueing: a write after close posts its own Event right away and throws on failure, like
// KubeEventSink. serve closes it on SIGTERM/SIGINT after its last decision. A SIGKILL loses at most
// one window of Events (plus the posts in flight): Events are best-effort by Kubernetes' design, and the
// audit file and the shared state remain the record of every decision.
import type { AuditRecord } from '../../core/model/audit';
import { isClusterError, systemClock, type AuditSink, type Clock } from '../../core/ports';
import { targetUidOf } from '../../core/audit/record';
import { statusOf } from './errors';
import { eventBody, eventContent, regardingRef, reportingInstanceOf, type EventContent, type EventSinkOptions } from './events';
import type { KubeHttp } from './http';
import { EVENTS, collectionPath } from './resources';

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
}

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
  /** Groups whose window is open, by key. */
  private readonly open = new Map<string, Group>();
  /** Sealed groups waiting for a post slot, oldest first (from `head` on). */
  private ready: Group[] = [];
  private head = 0;
  /** Every group not yet posted (open, ready, in flight). */
  private readonly live = new Set<Group>();
  private inFlight = 0;
  /** Writes waiting for room, each resolving to the group it joined. */
  private readonly admitting = new Set<Promise<Group>>();
  private roomWaiters: (() => void)[] = [];
  /** While > 0, new groups are posted at once (no window). */
  private flushing = 0;
  private closed = false;

  constructor(private readonly http: KubeHttp, private readonly options: CoalescingEventSinkOptions) {
    this.reportingInstance = reportingInstanceOf(options);
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? realTimers;
    this.windowMs = options.windowMs ?? 1000;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4);
    this.maxPending = Math.max(1, options.maxPending ?? 10_000);
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  /** Events queued or being posted. */
  get pending(): number {
    return this.live.size;
  }

  /** Queues the decision (resolves at once unless `maxPending` Events are waiting); after close(), posts it now. */
  write(record: AuditRecord): Promise<void> {
    const entry = entryOf(record, this.clock.now());
    if (this.closed) return this.post(this.groupOf(entry));
    if (this.tryQueue(entry)) return Promise.resolve();
    const admitted = (async () => {
      for (;;) {
        await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
        const group = this.tryQueue(entry);
        if (group) return group;
      }
    })();
    this.admitting.add(admitted);
    return admitted.then(() => { this.admitting.delete(admitted); });
  }

  /** Posts everything queued so far (open windows end now) and resolves once each post has finished. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      const admitting = [...this.admitting];
      for (const group of [...this.open.values()]) this.seal(group);
      await Promise.all([...[...this.live].map((g) => g.done), ...admitting.map((a) => a.then((g) => g.done))]);
    } finally {
      this.flushing--;
    }
  }

  /** Flushes; later writes post their Event at once (and throw on failure). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private groupOf(e: Entry): Group {
    let settle = () => {};
    const done = new Promise<void>((resolve) => { settle = resolve; });
    const { namespace, kind, name } = e.record.target;
    return {
      key: e.key, target: { namespace, kind, name }, uid: e.uid, content: e.content, newest: decisionOf(e.record),
      first: e.at, last: e.at, count: 1, sealed: false, done, settle,
    };
  }

  /** Adds the decision to its open group or a new one; undefined when there is no room. */
  private tryQueue(e: Entry): Group | undefined {
    const open = this.open.get(e.key);
    if (open) {
      if (this.flushing === 0 && e.at.getTime() - open.first.getTime() < this.windowMs) {
        open.count++;
        open.content = e.content;
        open.newest = decisionOf(e.record);
        if (e.at.getTime() > open.last.getTime()) open.last = e.at;
        return open;
      }
      this.seal(open);
    }
    if (this.live.size >= this.maxPending) return undefined;
    const group = this.groupOf(e);
    this.live.add(group);
    if (this.flushing > 0) {
      this.seal(group);
    } else {
      this.open.set(group.key, group);
      group.timer = this.timers.setTimeout(() => this.seal(group), this.windowMs);
    }
    return group;
  }

  /** The group's window is over: it waits for a post slot. */
  private seal(group: Group): void {
    if (group.sealed) return;
    group.sealed = true;
    if (group.timer !== undefined) this.timers.clearTimeout(group.timer);
    group.timer = undefined;
    if (this.open.get(group.key) === group) this.open.delete(group.key);
    this.ready.push(group);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.head < this.ready.length) {
      const group = this.ready[this.head++];
      if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      this.inFlight++;
      void this.post(group).catch((err: unknown) => {
        try { this.options.onError(err as Error, group.newest, group.count); } catch { /* the callback's own failure stops nothing */ }
      }).finally(() => {
        this.inFlight--;
        this.live.delete(group);
        group.settle();
        const waiters = this.roomWaiters;
        this.roomWaiters = [];
        for (const wake of waiters) wake();
        this.pump();
      });
    }
  }

  private async post(group: Group): Promise<void> {
    let body: Record<string, unknown> | undefined;
    let sent = false;
    const attempt = async () => {
      body ??= eventBody(group.content, {
        eventTime: group.first, reportingInstance: this.reportingInstance,
        regarding: await regardingRef(this.http, group.target, group.uid),
        ...(group.count >= 2 ? { series: { count: group.count, lastObservedTime: group.last } } : {}),
      });
      sent = true;
      await this.http.request('POST', collectionPath(EVENTS, group.target.namespace), { body });
    };
    try {
      await attempt();
    } catch (err) {
      if (!retryable(err)) throw err;
      const firstSent = sent;
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, this.retryDelayMs));
      try {
        await attempt();
      } catch (again) {
        // The first post may have been created before its answer was lost: the same name is then taken.
        if (firstSent && statusOf(again) === 409) return;
        throw again;
      }
    }
  }
}
