// Turns what the API server (or the network) says into the core's typed ClusterError, with a sentence
// that names the server, the verb and the resource, so a front end can show it as is.
import { ClusterError } from '../../core/ports';

export type ClusterErrorKind = ClusterError['kind'];

/** A `Status` object as the API server returns it for failures. */
export interface KubeStatus {
  kind?: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { message?: string; field?: string }[] };
}

/** A failed API call: the HTTP status, the server's `reason` (Conflict, Expired, ...) and its message. */
export class KubeApiError extends ClusterError {
  constructor(
    message: string,
    kind: ClusterErrorKind,
    status: number | undefined,
    readonly reason?: string,
    readonly serverMessage?: string,
  ) {
    super(message, kind, status);
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT',
]);

/** True for errors that mean "could not talk to the server" (as opposed to "the server said no"). */
export function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

export function unreachable(server: string, cause: unknown): ClusterError {
  const text = cause instanceof Error ? cause.message : String(cause);
  return new KubeApiError(`cannot reach the Kubernetes API server at ${server}: ${text}`, 'unreachable', undefined);
}

function kindForStatus(status: number): ClusterErrorKind {
  if (status === 401) return 'config';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'invalid';
  return 'other';
}

function parseStatus(body: string): KubeStatus | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as KubeStatus) : undefined;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the caller falls back to the raw text.
    return undefined;
  }
}

/** Builds the error for a non-2xx response to `method path`. */
export function apiError(method: string, path: string, status: number, body: string, server: string): KubeApiError {
  const parsed = parseStatus(body);
  const serverMessage = parsed?.message ?? (body.trim().slice(0, 300) || `HTTP ${status}`);
  const what = `${method} ${path.split('?')[0]}`;
  let message: string;
  if (status === 401) message = `the API server at ${server} rejected the credentials (401 Unauthorized) for ${what}`;
  else if (status === 403) message = `forbidden: ${serverMessage}`;
  else message = `${what} failed (${status}${parsed?.reason ? ` ${parsed.reason}` : ''}): ${serverMessage}`;
  return new KubeApiError(message, kindForStatus(status), status, parsed?.reason, serverMessage);
}

/** The HTTP status of an error raised by this adapter, if it came from the API server. */
export function statusOf(err: unknown): number | undefined {
  return err instanceof ClusterError ? err.status : undefined;
}
