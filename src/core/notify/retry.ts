// When a delivery is retried: 429, 5xx and network errors are passing trouble; any other answer means
// the receiver will never take this body (a bad key, a bad payload), so retrying only repeats the refusal.

export interface RetryPolicy {
  /** Give up (record `abandoned`) after this many attempts. */
  maxAttempts: number;
  /** The first retry waits about this long; each further one twice as long... */
  baseDelayMs: number;
  /** ...up to this. */
  maxDelayMs: number;
  /** A receiver's Retry-After is honoured up to this (a hostile one cannot park the outbox forever). */
  maxRetryAfterMs: number;
  /** One request may take this long before it counts as a network error. */
  requestTimeoutMs: number;
}

/** About an hour of retries (1 s doubling to 5 min) before an item is abandoned. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 300_000, maxRetryAfterMs: 3_600_000, requestTimeoutMs: 10_000,
};

/** What one attempt got back. */
export type DeliveryAnswer =
  | { kind: 'response'; status: number; retryAfter?: string }
  | { kind: 'network'; error: string };

export type AttemptResult = 'delivered' | 'retry' | 'rejected';

export function classifyAnswer(answer: DeliveryAnswer): AttemptResult {
  if (answer.kind === 'network') return 'retry';
  if (answer.status >= 200 && answer.status < 300) return 'delivered';
  if (answer.status === 429 || (answer.status >= 500 && answer.status < 600)) return 'retry';
  return 'rejected';
}

/** Retry-After as delay seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[A-Za-z]/.test(text)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * The wait before attempt `failures + 1`: exponential, with jitter over its upper half (so many outboxes
 * retrying together spread out), and never shorter than what the receiver asked for.
 * `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, policy: RetryPolicy, random: number, askedMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(exponential / 2 + (random * exponential) / 2);
  const asked = askedMs === undefined ? 0 : Math.min(askedMs, policy.maxRetryAfterMs);
  return Math.max(jittered, asked);
}
