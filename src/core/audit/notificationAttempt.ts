// One notification delivery attempt, as the audit log keeps it: which channel, which incident, which
// attempt, what the receiver answered (an HTTP status) or why it could not be reached, and when the next
// attempt is due. A line of the audit JSONL with `"type": "notification_attempt"`; audit records (the
// decisions) carry no `type`, so the one reader (jsonl.ts) tells them apart by it. Own properties only.
import { JsonReader, hasOwn, type JsonObject } from '../alerts/jsonRead';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, type AttemptRecord, type OutboxItem } from '../notify/outboxRecord';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../notify/notification';

export const NOTIFICATION_ATTEMPT = 'notification_attempt';

export interface NotificationAttemptRecord {
  type: typeof NOTIFICATION_ATTEMPT;
  time: string;
  incidentId: string;
  channel: string;
  event: NotificationEvent;
  /** The outbox's id of the notification (the same across its attempts). */
  notification: string;
  /** 1-based, counted across restarts. */
  attempt: number;
  /** delivered | retry | rejected (a 4xx other than 429: never retried) | abandoned (out of attempts). */
  outcome: AttemptOutcome;
  /** The HTTP status, when the receiver answered. */
  status?: number;
  /** Why it failed (a network error, a refusal), never the URL or key. */
  error?: string;
  /** For `retry`: when the next attempt is due. */
  nextAttemptAt?: string;
}

export function notificationAttemptRecord(a: AttemptRecord, item: Pick<OutboxItem, 'incidentId' | 'event'>): NotificationAttemptRecord {
  return {
    type: NOTIFICATION_ATTEMPT, time: a.at, incidentId: item.incidentId, channel: a.channel, event: item.event, notification: a.id,
    attempt: a.attempt, outcome: a.outcome, ...(a.status !== undefined ? { status: a.status } : {}), ...(a.error !== undefined ? { error: a.error } : {}),
    ...(a.retryInMs !== undefined ? { nextAttemptAt: new Date(Date.parse(a.at) + a.retryInMs).toISOString() } : {}),
  };
}

/** Whether a parsed audit line claims to be an attempt (then it is read as one, or skipped as a bad one). */
export function isAttemptLine(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && hasOwn(value as JsonObject, 'type')
    && (value as JsonObject).type === NOTIFICATION_ATTEMPT;
}

export type AttemptRead = { ok: true; record: NotificationAttemptRecord } | { ok: false; reason: string };

export function readNotificationAttempt(value: unknown): AttemptRead {
  const r = new JsonReader();
  const o = r.object(value, '$');
  if (o === undefined) return { ok: false, reason: '$ must be an object' };
  const type = r.oneOf(o, 'type', [NOTIFICATION_ATTEMPT] as const, '$');
  const time = r.time(o, 'time', '$');
  const incidentId = r.string(o, 'incidentId', '$');
  const channel = r.string(o, 'channel', '$', { nonEmpty: true });
  const event = r.oneOf(o, 'event', NOTIFICATION_EVENTS, '$');
  const notification = r.string(o, 'notification', '$', { nonEmpty: true });
  const attempt = r.count(o, 'attempt', '$');
  const outcome = r.oneOf(o, 'outcome', ATTEMPT_OUTCOMES, '$');
  const status = hasOwn(o, 'status') ? r.count(o, 'status', '$') : undefined;
  const error = r.string(o, 'error', '$', { optional: true });
  const nextAttemptAt = hasOwn(o, 'nextAttemptAt') ? r.time(o, 'nextAttemptAt', '$') : undefined;
  if (type === undefined || time === undefined || incidentId === undefined || channel === undefined || event === undefined
    || notification === undefined || attempt === undefined || outcome === undefined || r.failed) {
    return { ok: false, reason: r.reasons.map((x) => `${x.path} ${x.message}`).join('; ') };
  }
  return {
    ok: true,
    record: {
      type, time, incidentId, channel, event, notification, attempt, outcome,
      ...(status !== undefined ? { status } : {}), ...(error !== undefined ? { error } : {}), ...(nextAttemptAt !== undefined ? { nextAttemptAt } : {}),
    },
  };
}
