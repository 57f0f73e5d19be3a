// Turns what the API server (or the network) says into the core's typed ClusterError, with a sentence
// that names the server, the verb and the resource, so a front end can show it as is.
import { ClusterError } from '../../core/ports';
import { redactSecrets } from '../../core/text/redact';

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
    // A server or proxy may echo a header or a kubeconfig value back: nothing leaves this boundary unredacted.
    super(redactSecrets(message), kind, status);
  }
}

/** A ClusterError whose message is redacted (config and transport failures quote what they were given). */
export function clusterError(message: string, kind: ClusterErrorKind, status?: number): ClusterError {
  return new ClusterError(redactSecrets(message), kind, status);
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

/** Node's TLS failures: the server answered, but not with a certificate the kubeconfig trusts (or not with TLS). */
function isTlsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code === 'EPROTO' || /^ERR_(SSL|TLS)_/.test(code) || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO/.test(code));
}

/**
 * Whatever the transport raised, as a ClusterError: "could not talk" (network), "could not trust" (TLS),
 * or any other socket failure. An error that already is a ClusterError passes through.
 */
export function transportError(server: string, err: unknown): ClusterError {
  if (err instanceof ClusterError) return err;
  if (isNetworkError(err)) return unreachable(server, err);
  const text = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_OSSL')) {
    // OpenSSL refused a certificate, key or CA before any byte was sent: the kubeconfig's data is unusable.
    return clusterError(`cannot use the kubeconfig's client certificate, key or certificate authority for ${server}: ${text}`, 'config');
  }
  if (isTlsError(err)) {
    return new KubeApiError(`TLS connection to the Kubernetes API server at ${server} failed: ${text} (check the cluster's certificate-authority in the kubeconfig)`, 'unreachable', undefined);
  }
  return new KubeApiError(`connection to the Kubernetes API server at ${server} failed: ${text}`, 'unreachable', undefined);
}

/** A 2xx body that must be a JSON object; anything else (an HTML page, a truncated body) is the server's fault. */
export function parseJsonBody<T>(body: string, method: string, path: string, server: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KubeApiError(`${method} ${path.split('?')[0]}: the API server at ${server} answered with something that is not a JSON object`, 'other', undefined);
  }
  return parsed as T;
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
