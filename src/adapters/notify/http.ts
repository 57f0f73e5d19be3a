// One delivery attempt: POST JSON, no redirects followed (a redirect is an answer, not a new target),
// the answer reduced to its status and Retry-After. Never throws; errors never carry the URL.
import type { DeliveryAnswer } from '../../core/notify/retry';

export interface JsonPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request when the outbox closes. */
  signal: AbortSignal;
}

function networkReason(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'the receiver did not answer in time';
  if (err instanceof Error && err.name === 'AbortError') return 'the outbox closed during the request';
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  const code = cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ? `network error (${code})` : 'network error';
}

export async function postJson(request: JsonPost): Promise<DeliveryAnswer> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    });
    // The body is not needed; dropping it frees the connection.
    await response.body?.cancel();
    const retryAfter = response.headers.get('retry-after');
    return { kind: 'response', status: response.status, ...(retryAfter !== null ? { retryAfter } : {}) };
  } catch (err) {
    return { kind: 'network', error: networkReason(err) };
  }
}
