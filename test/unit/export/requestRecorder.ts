// An in-memory stand-in for KubeHttp that records every request and answers from a small object store,
// plus the API server's own mapping of a request to RBAC attributes (verb, group, resource, subresource,
// namespace), so a test can check each request the adapters send against the permission table.
import type { KubeHttp, Query, RequestOptions, Stream } from '../../../src/adapters/k8s/http';
import { KubeApiError } from '../../../src/adapters/k8s/errors';
import type { Place } from '../../../src/core/engine/permissions';

export interface Recorded { method: string; path: string; query: Query }

export interface RbacAttributes { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string }

/** What the API server's request-info resolver makes of `method path?query` (the subset used here). */
export function attributesOf(r: Recorded): RbacAttributes {
  const parts = r.path.split('/').filter(Boolean).map(decodeURIComponent);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  const group = parts[0] === 'api' ? '' : parts[1];
  let namespace: string | undefined;
  let tail = rest;
  if (rest[0] === 'namespaces' && rest.length > 2) {
    namespace = rest[1];
    tail = rest.slice(2);
  }
  const [resource, name, subresource] = tail;
  // GET /api/v1/namespaces/X is the Namespace X; the API server files it under namespace X too.
  if (resource === 'namespaces' && name) namespace = name;
  const verbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name ? 'delete' : 'deletecollection' };
  const verb = r.method === 'GET' ? (name ? 'get' : r.query.watch ? 'watch' : 'list') : verbs[r.method];
  return { verb, group, resource, ...(subresource ? { subresource } : {}), ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) };
}

/** Which table place a request is at, given the target and state namespaces. */
export function placeOf(a: RbacAttributes, target: string, state: string): Place | 'elsewhere' {
  if (a.resource === 'namespaces' && a.name) return a.name === target ? 'namespaceObject' : 'elsewhere';
  if (a.namespace === undefined) return 'cluster';
  if (a.namespace === target) return 'target';
  return a.namespace === state ? 'state' : 'elsewhere';
}

type Answer = (r: Recorded & { body?: unknown }) => { status: number; body?: unknown };

/** Records requests; `answer` decides the response (default: 404 for reads, echo the body for writes). */
export class RequestRecorder {
  readonly requests: Recorded[] = [];
  private readonly streams: (() => void)[] = [];

  constructor(private readonly answer: Answer) {}

  asHttp(): KubeHttp {
    return this as unknown as KubeHttp;
  }

  take(): Recorded[] {
    return this.requests.splice(0, this.requests.length);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const r = { method, path, query: options.query ?? {} };
    this.requests.push(r);
    const { status, body } = this.answer({ ...r, body: options.body });
    if (status >= 300) throw new KubeApiError(`${method} ${path}: ${status}`, status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'forbidden', status);
    return (body ?? {}) as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  async getText(path: string, query?: Query): Promise<string> {
    return JSON.stringify(await this.request('GET', path, { query }));
  }

  /** A watch that stays open without events until aborted. */
  stream(path: string, query: Query): Stream {
    this.requests.push({ method: 'GET', path, query });
    let end: () => void = () => undefined;
    const done = new Promise<void>((resolve) => { end = resolve; });
    this.streams.push(end);
    return { done, abort: () => end() };
  }
}
