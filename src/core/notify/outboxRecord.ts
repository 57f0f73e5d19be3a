// The outbox file (JSONL): a `notification` line is written (and fsync'd) before the first delivery
// attempt, and an `attempt` line after each one. An item is pending until an attempt line ends it
// (delivered, rejected or abandoned); a restart resumes every pending item. One reader, own properties only.
import { forEachJsonLine } from '../text/jsonLines';
import { JsonReader, hasOwn, own, type JsonObject } from '../alerts/jsonRead';
import { CHANNEL_TYPES, type ChannelType } from './config';
import { NOTIFICATION_EVENTS, type NotificationEvent } from './notification';

export interface OutboxItem {
  type: 'notification';
  /** notificationKey(...): the same notification is queued once. */
  id: string;
  channel: string;
  channelType: ChannelType;
  incidentId: string;
  /** A trigger opens the incident on the channel, a resolve closes it. */
  event: NotificationEvent;
  /** Items of one group (a channel and an incident) are delivered in order: a resolve never overtakes its trigger. */
  group: string;
  createdAt: string;
  /** The body sent verbatim (PagerDuty's without routing_key). */
  body: JsonObject;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'rejected' | 'abandoned';
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['delivered', 'retry', 'rejected', 'abandoned'];

export interface AttemptRecord {
  type: 'attempt';
  id: string;
  channel: string;
  /** 1-based, counted across restarts. */
  attempt: number;
  at: string;
  outcome: AttemptOutcome;
  /** The HTTP status, when the receiver answered. */
  status?: number;
  /** Why it failed (a network error, a refusal), never the URL or key. */
  error?: string;
  /** For `retry`: how long the outbox waits before the next attempt. */
  retryInMs?: number;
}

export type OutboxLine = OutboxItem | AttemptRecord;

export function isFinal(outcome: AttemptOutcome): boolean {
  return outcome !== 'retry';
}

function readItem(r: JsonReader, o: JsonObject): OutboxItem | undefined {
  const id = r.string(o, 'id', '$', { nonEmpty: true });
  const channel = r.string(o, 'channel', '$', { nonEmpty: true });
  const channelType = r.oneOf(o, 'channelType', CHANNEL_TYPES, '$');
  const incidentId = r.string(o, 'incidentId', '$');
  const event = r.oneOf(o, 'event', NOTIFICATION_EVENTS, '$');
  const group = r.string(o, 'group', '$');
  const createdAt = r.time(o, 'createdAt', '$');
  const body = r.object(own(o, 'body'), '$.body');
  if (id === undefined || channel === undefined || channelType === undefined || incidentId === undefined || event === undefined
    || group === undefined || createdAt === undefined || body === undefined) return undefined;
  return { type: 'notification', id, channel, channelType, incidentId, event, group, createdAt, body };
}

function readAttempt(r: JsonReader, o: JsonObject): AttemptRecord | undefined {
  const id = r.string(o, 'id', '$', { nonEmpty: true });
  const channel = r.string(o, 'channel', '$');
  const attempt = r.count(o, 'attempt', '$');
  const at = r.time(o, 'at', '$');
  const outcome = r.oneOf(o, 'outcome', ATTEMPT_OUTCOMES, '$');
  const status = hasOwn(o, 'status') ? r.count(o, 'status', '$') : undefined;
  const error = r.string(o, 'error', '$', { optional: true });
  const retryInMs = hasOwn(o, 'retryInMs') ? r.count(o, 'retryInMs', '$') : undefined;
  if (id === undefined || channel === undefined || attempt === undefined || at === undefined || outcome === undefined || r.failed) return undefined;
  return {
    type: 'attempt', id, channel, attempt, at, outcome,
    ...(status !== undefined ? { status } : {}), ...(error !== undefined ? { error } : {}), ...(retryInMs !== undefined ? { retryInMs } : {}),
  };
}

export type OutboxLineRead = { ok: true; line: OutboxLine } | { ok: false; reason: string };

export function readOutboxLine(value: unknown): OutboxLineRead {
  const r = new JsonReader();
  const o = r.object(value, '$');
  const type = o === undefined ? undefined : r.oneOf(o, 'type', ['notification', 'attempt'], '$');
  const line = o === undefined || type === undefined ? undefined : type === 'notification' ? readItem(r, o) : readAttempt(r, o);
  if (line === undefined || r.failed) return { ok: false, reason: r.reasons.map((x) => `${x.path} ${x.message}`).join('; ') };
  return { ok: true, line };
}

export interface OutboxState {
  /** Items with no final attempt yet, in the order they were queued, with their attempts so far. */
  pending: { item: OutboxItem; attempts: number }[];
  /** Every id ever queued (delivered or not): queueing one again is a no-op. */
  known: Set<string>;
  /** Every item ever queued, in order (to know which channels heard about an incident). */
  items: OutboxItem[];
  /** 1-based line numbers skipped (a torn last line after a crash, or damage), with the reason. */
  skipped: { line: number; reason: string }[];
}

/** Replays the outbox file. Never throws on content. */
export function outboxState(text: string): OutboxState {
  const items = new Map<string, { item: OutboxItem; attempts: number; done: boolean }>();
  const skipped: OutboxState['skipped'] = [];
  forEachJsonLine(text, skipped, (value, line) => {
    const read = readOutboxLine(value);
    if (!read.ok) {
      skipped.push({ line, reason: `not an outbox line: ${read.reason}` });
      return;
    }
    const l = read.line;
    if (l.type === 'notification') {
      if (!items.has(l.id)) items.set(l.id, { item: l, attempts: 0, done: false });
      return;
    }
    const entry = items.get(l.id);
    if (!entry) return; // an attempt whose item line was lost: nothing to resume
    entry.attempts = Math.max(entry.attempts, l.attempt);
    if (isFinal(l.outcome)) entry.done = true;
  });
  const pending = [...items.values()].filter((e) => !e.done).map(({ item, attempts }) => ({ item, attempts }));
  return { pending, known: new Set(items.keys()), items: [...items.values()].map((e) => e.item), skipped };
}
