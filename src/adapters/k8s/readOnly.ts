// Read-only adapters for an untrusted editor workspace: a workspace's runbooks and settings must not be
// able to steer a change to a cluster, so nothing built here can write one. Two layers, both structural:
// the ports that write (writer, lock, shared state, Event sink) refuse with a typed error before any
// request, and the HTTP client under every adapter refuses any request that could persist something,
// so code that reaches the connection directly (label commands) is refused too.
// What stays allowed: GET and watches, the self-reviews that answer "who am I / may I" (they store
// nothing), and server-side dry runs (dryRun=All: the API server validates and admits, then discards).
import type { PlannedAction } from '../../core/engine/plan';
import type { AuditRecord, TargetRef } from '../../core/model/audit';
import type { ActionResult, ActionResultOf, AuditSink, ClusterWriter, Lock, LockHandle, StateStore } from '../../core/ports';
import { KubeHttp, type RequestOptions } from './http';

/** A write that an untrusted workspace may not make; nothing reached the cluster. */
export class UntrustedWorkspaceError extends Error {
  /** What was refused, e.g. "executing a remediation". */
  readonly refused: string;

  constructor(refused: string) {
    super(`${refused} is refused in an untrusted workspace: nothing was written to the cluster. Trust the workspace to allow changes.`);
    this.name = 'UntrustedWorkspaceError';
    this.refused = refused;
  }
}

/** By name, not class identity: the extension loads the adapters from a bundle of its own. */
export function isUntrustedWorkspaceError(err: unknown): err is UntrustedWorkspaceError {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'UntrustedWorkspaceError';
}

/** POSTs that only ask the authorizer or the authenticator a question; the server stores nothing. */
const SELF_REVIEWS = new Set([
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
  '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
  '/apis/authentication.k8s.io/v1/selfsubjectreviews',
]);

function asksDryRun(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v === 'All');
}

/**
 * True when the API server will not persist the request: dryRun=All in the query and, where the request
 * carries DeleteOptions (a DELETE's body, an Eviction's deleteOptions), dryRun=All there too, because
 * the server reads a DELETE's options from its body when there is one and ignores the query.
 */
export function isServerDryRun(method: string, options: RequestOptions): boolean {
  if (options.query?.dryRun !== 'All') return false;
  const body = options.body as { kind?: unknown; dryRun?: unknown; deleteOptions?: { dryRun?: unknown } } | undefined;
  if (method === 'DELETE' && body !== undefined && !asksDryRun(body?.dryRun)) return false;
  if (body?.deleteOptions !== undefined && !asksDryRun(body.deleteOptions.dryRun)) return false;
  return true;
}

/** A KubeHttp that sends reads, self-reviews and server-side dry runs, and refuses everything else. */
export class ReadOnlyKubeHttp extends KubeHttp {
  override request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const verb = method.toUpperCase();
    const allowed = verb === 'GET' || (verb === 'POST' && SELF_REVIEWS.has(path)) || isServerDryRun(verb, options);
    // The message names the request, e.g. "PATCH /api/v1/namespaces/a/pods/b is refused ...".
    if (!allowed) return Promise.reject(new UntrustedWorkspaceError(`${verb} ${path}`));
    return super.request<T>(method, path, options);
  }
}

/** Server-side dry runs only; a real action is refused before any request. */
export class DryRunOnlyWriter implements ClusterWriter {
  constructor(private readonly inner: ClusterWriter) {}

  apply(action: PlannedAction, options: { dryRun: boolean }): Promise<ActionResult> {
    if (!options.dryRun) return Promise.reject(new UntrustedWorkspaceError(`executing "${action.description}"`));
    return this.inner.apply(action, options);
  }

  scaleDeployment(ref: TargetRef, replicas: number, options: { dryRun: boolean }): Promise<ActionResultOf<'scaleDeployment'>> {
    if (!options.dryRun) return Promise.reject(new UntrustedWorkspaceError(`scaling deployment ${ref.namespace}/${ref.name}`));
    return this.inner.scaleDeployment(ref, replicas, options);
  }

  scaleStatefulSet(ref: TargetRef, replicas: number, options: { dryRun: boolean }): Promise<ActionResultOf<'scaleStatefulSet'>> {
    if (!options.dryRun) return Promise.reject(new UntrustedWorkspaceError(`scaling statefulset ${ref.namespace}/${ref.name}`));
    return this.inner.scaleStatefulSet(ref, replicas, options);
  }

  rolloutUndo(ref: TargetRef, toRevision: number | undefined, options: { dryRun: boolean }): Promise<ActionResultOf<'rollbackDeployment'>> {
    if (!options.dryRun) return Promise.reject(new UntrustedWorkspaceError(`rolling back deployment ${ref.namespace}/${ref.name}`));
    return this.inner.rolloutUndo(ref, toRevision, options);
  }
}

/** Taking a Lease writes one: refused. */
export class RefusingLock implements Lock {
  tryAcquire(key: string): Promise<LockHandle | undefined> {
    return Promise.reject(new UntrustedWorkspaceError(`taking the Lease lock for ${key}`));
  }
}

/** Reads the shared history (cooldown, rate limit, breaker see it); appending to it is refused. */
export class ReadOnlyStateStore implements StateStore {
  constructor(private readonly inner: StateStore) {}

  history(runbook: string): Promise<AuditRecord[]> {
    return this.inner.history(runbook);
  }

  record(entry: AuditRecord): Promise<void> {
    return Promise.reject(new UntrustedWorkspaceError(`recording to the shared state of runbook ${entry.runbook}`));
  }
}

/** In place of the Event sink: an Event is a cluster write. The wiring leaves it out of the audit sinks. */
export class RefusingEventSink implements AuditSink {
  write(record: AuditRecord): Promise<void> {
    return Promise.reject(new UntrustedWorkspaceError(`writing a Kubernetes Event on ${record.target.namespace}/${record.target.name}`));
  }
}
