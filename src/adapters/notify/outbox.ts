// The durable notification outbox. `enqueue` returns once the notification is on disk (JSONL, fsync'd),
// then delivery runs in the background: retried on 429, 5xx and network errors with exponential backoff
// and jitter (never sooner than Retry-After), never retried on other answers, every attempt recorded.
// `Outbox.open` on the same file after a crash or restart resumes every item without a final attempt.
// Delivery is at least once: a crash between the receiver's answer and the attempt line sends it again,
// so each request carries an Idempotency-Key (and PagerDuty deduplicates by dedup_key).
import { createHash } from 'crypto';
import * as fs from 'fs';
import { setTimeout as delay } from 'timers/promises';
import { channelWants, notificationKey, type Notification } from '../../core/notify/notification';
import { outboxState, type AttemptOutcome, type AttemptRecord, type OutboxItem } from '../../core/notify/outboxRecord';
import { pagerDutyEvent, slackMessage, webhookBody } from '../../core/notify/payloads';
import { DEFAULT_RETRY_POLICY, classifyAnswer, retryAfterMs, retryDelayMs, type DeliveryAnswer, type RetryPolicy } from '../../core/notify/retry';
import type { JsonObject } from '../../core/alerts/jsonRead';
import { appendJsonLines } from '../audit/jsonlFile';
import type { DeliveryChannel } from './config';
import { postJson, type JsonPost } from './http';

/** Time and waiting, injectable so tests decide when a backoff ends instead of sleeping. */
export interface OutboxTimer {
  now(): Date;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** In [0, 1): the jitter. */
  random(): number;
}

export const systemTimer: OutboxTimer = {
  now: () => new Date(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined),
  random: Math.random,
};

export class OutboxError extends Error {
  override readonly name = 'OutboxError';
}

export interface OutboxOptions {
  file: string;
  channels: ReadonlyMap<string, DeliveryChannel>;
  timer?: OutboxTimer;
  policy?: RetryPolicy;
  /** Every attempt, after it is on disk (for the audit log and metrics). */
  onAttempt?: (attempt: AttemptRecord, item: OutboxItem) => void;
  /** An attempt line could not be written: the item stays pending and resumes after a restart. */
  onError?: (error: Error) => void;
  post?: (request: JsonPost) => Promise<DeliveryAnswer>;
}

export type EnqueueResult = { queued: true; id: string } | { queued: false; id: string; why: 'already queued' | 'channel does not take this kind' };

function bodyFor(channel: DeliveryChannel, n: Notification): JsonObject {
  switch (channel.type) {
    case 'pagerduty': return pagerDutyEvent(n, channel.severity);
    case 'slack': return slackMessage(n);
    case 'webhook': return webhookBody(n);
  }
}

export class Outbox {
  private readonly timer: OutboxTimer;
  private readonly policy: RetryPolicy;
  private readonly post: (request: JsonPost) => Promise<DeliveryAnswer>;
  private readonly known = new Set<string>();
  /** Incident id -> the channels that were sent a trigger for it (where its resolve goes). */
  private readonly triggered = new Map<string, Set<string>>();
  /** The last delivery of each group, so the next one starts after it. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly active = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  private constructor(private readonly options: OutboxOptions) {
    this.timer = options.timer ?? systemTimer;
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.post = options.post ?? postJson;
  }

  /** Opens the outbox file (a missing file is empty) and resumes every undelivered item. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const outbox = new Outbox(options);
    let text = '';
    try {
      text = await fs.promises.readFile(options.file, 'utf8');
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) {
        throw new OutboxError(`${options.file}: cannot read the notification outbox (${err instanceof Error && 'code' in err ? String(err.code) : 'unreadable'})`);
      }
    }
    const state = outboxState(text);
    for (const id of state.known) outbox.known.add(id);
    for (const item of state.items) outbox.remember(item);
    for (const { item, attempts } of state.pending) outbox.schedule(item, attempts);
    return outbox;
  }

  /** Queues a notification for a channel; resolves once it is on disk. The same notification is queued once. */
  async enqueue(channelName: string, n: Notification): Promise<EnqueueResult> {
    if (this.closing.signal.aborted) throw new OutboxError('the notification outbox is closed');
    const channel = this.options.channels.get(channelName);
    if (!channel) throw new OutboxError(`no notification channel named ${channelName}`);
    const id = notificationKey(channelName, n);
    if (!channelWants(n.kind, channel)) return { queued: false, id, why: 'channel does not take this kind' };
    if (this.known.has(id)) return { queued: false, id, why: 'already queued' };
    this.known.add(id);
    const item: OutboxItem = {
      type: 'notification', id, channel: channelName, channelType: channel.type, incidentId: n.incident.id, event: n.event,
      group: JSON.stringify([channelName, n.incident.id]),
      createdAt: this.timer.now().toISOString(), body: bodyFor(channel, n),
    };
    try {
      await appendJsonLines(this.options.file, [JSON.stringify(item)]);
    } catch (err) {
      this.known.delete(id);
      throw err;
    }
    this.remember(item);
    this.schedule(item, 0);
    return { queued: true, id };
  }

  /** The channels that were sent a trigger for this incident, in the order first sent: where its resolve goes. */
  channelsNotified(incidentId: string): string[] {
    return [...(this.triggered.get(incidentId) ?? [])];
  }

  /** Items not yet finally delivered, rejected or abandoned (for a queue-depth gauge). */
  get depth(): number {
    return this.active.size;
  }

  private remember(item: OutboxItem): void {
    if (item.event !== 'trigger') return;
    const channels = this.triggered.get(item.incidentId) ?? new Set<string>();
    channels.add(item.channel);
    this.triggered.set(item.incidentId, channels);
  }

  /** Resolves when nothing is waiting or being delivered. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active]);
  }

  /** Stops: backoffs end, requests in flight are aborted (and not recorded), pending items stay on disk. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.idle();
  }

  private schedule(item: OutboxItem, attempts: number): void {
    const previous = this.tails.get(item.group) ?? Promise.resolve();
    const run = previous.then(() => this.deliver(item, attempts)).catch((err: unknown) => {
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
    });
    this.tails.set(item.group, run);
    this.active.add(run);
    void run.finally(() => {
      this.active.delete(run);
      if (this.tails.get(item.group) === run) this.tails.delete(item.group);
    });
  }

  private async record(item: OutboxItem, attempt: number, outcome: AttemptOutcome, extra: Partial<AttemptRecord> = {}): Promise<void> {
    const line: AttemptRecord = { type: 'attempt', id: item.id, channel: item.channel, attempt, at: this.timer.now().toISOString(), outcome, ...extra };
    await appendJsonLines(this.options.file, [JSON.stringify(line)]);
    this.options.onAttempt?.(line, item);
  }

  private request(item: OutboxItem, channel: DeliveryChannel): JsonPost | string {
    if (channel.type !== item.channelType) return `channel ${item.channel} is now a ${channel.type} channel, not ${item.channelType}`;
    let body: JsonObject = item.body;
    if (channel.type === 'pagerduty') {
      if (!channel.routingKey) return `channel ${item.channel} has no routing key`;
      body = { routing_key: channel.routingKey.reveal(), ...item.body };
    }
    return {
      url: channel.url.reveal(),
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Remediator',
        'idempotency-key': createHash('sha256').update(item.id).digest('hex').slice(0, 32),
      },
      timeoutMs: this.policy.requestTimeoutMs,
      signal: this.closing.signal,
    };
  }

  private async deliver(item: OutboxItem, attemptsSoFar: number): Promise<void> {
    let attempts = attemptsSoFar;
    while (!this.closing.signal.aborted) {
      const channel = this.options.channels.get(item.channel);
      const request = channel ? this.request(item, channel) : `no channel named ${item.channel} in the notify config`;
      if (typeof request === 'string') return this.record(item, attempts + 1, 'abandoned', { error: request });
      const answer = await this.post(request);
      if (this.closing.signal.aborted) return; // interrupted by close(): resumed after a restart
      attempts++;
      const status = answer.kind === 'response' ? { status: answer.status } : {};
      const result = classifyAnswer(answer);
      if (result === 'delivered') return this.record(item, attempts, 'delivered', status);
      const error = answer.kind === 'network' ? answer.error : `the receiver answered HTTP ${answer.status}`;
      if (result === 'rejected') return this.record(item, attempts, 'rejected', { ...status, error });
      if (attempts >= this.policy.maxAttempts) return this.record(item, attempts, 'abandoned', { ...status, error: `${error}; gave up after ${attempts} attempts` });
      const asked = answer.kind === 'response' ? retryAfterMs(answer.retryAfter, this.timer.now()) : undefined;
      const retryInMs = retryDelayMs(attempts, this.policy, this.timer.random(), asked);
      await this.record(item, attempts, 'retry', { ...status, error, retryInMs });
      if (this.closing.signal.aborted) return;
      await this.timer.sleep(retryInMs, this.closing.signal);
    }
  }
}
