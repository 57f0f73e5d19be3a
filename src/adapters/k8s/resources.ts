// The resource types this adapter reads and writes, their REST paths, and a paginated list.
import { clusterError, parseJsonBody, statusOf } from './errors';
import type { KubeHttp, Query } from './http';

export interface ResourceType {
  kind: string;
  /** 'v1' for the core group, 'group/version' otherwise. */
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

const type = (kind: string, apiVersion: string, plural: string, namespaced = true): ResourceType => ({ kind, apiVersion, plural, namespaced });

export const PODS = type('Pod', 'v1', 'pods');
export const REPLICA_SETS = type('ReplicaSet', 'apps/v1', 'replicasets');
export const DEPLOYMENTS = type('Deployment', 'apps/v1', 'deployments');
export const STATEFUL_SETS = type('StatefulSet', 'apps/v1', 'statefulsets');
export const PDBS = type('PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets');
export const NAMESPACES = type('Namespace', 'v1', 'namespaces', false);
export const EVENTS = type('Event', 'events.k8s.io/v1', 'events');
export const LEASES = type('Lease', 'coordination.k8s.io/v1', 'leases');
export const CONFIG_MAPS = type('ConfigMap', 'v1', 'configmaps');

/** The snapshot's resource types, in the order a snapshot lists them. */
export const WORKLOAD_TYPES = [PODS, REPLICA_SETS, DEPLOYMENTS, STATEFUL_SETS, PDBS] as const;

function groupPrefix(t: ResourceType): string {
  return t.apiVersion === 'v1' ? '/api/v1' : `/apis/${t.apiVersion}`;
}

/** `/api/v1/namespaces/ns/pods`, or the cluster-wide `/api/v1/pods` when no namespace is given. */
export function collectionPath(t: ResourceType, namespace?: string): string {
  if (t.namespaced && namespace) return `${groupPrefix(t)}/namespaces/${encodeURIComponent(namespace)}/${t.plural}`;
  return `${groupPrefix(t)}/${t.plural}`;
}

export function objectPath(t: ResourceType, namespace: string | undefined, name: string, subresource?: string): string {
  return `${collectionPath(t, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** Plain object with at least metadata, as the API server sends it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

interface ListResponse<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

export interface ListResult<T> {
  items: T[];
  /** The list's resourceVersion: where a watch starts. */
  resourceVersion: string;
}

export interface ListOptions {
  /** Page size (`limit`); continued with `continue` until the server says done. */
  pageSize?: number;
  labelSelector?: string;
  fieldSelector?: string;
}

export const DEFAULT_PAGE_SIZE = 500;

/**
 * Lists every object of a type, page by page. Items get `apiVersion`/`kind` (list items lack them) so
 * they look like `kubectl get -o json` output. When a continue token expires (410), lists again in one
 * call, like client-go's pager.
 */
export async function listAll<T extends KubeObject>(http: KubeHttp, t: ResourceType, namespace: string | undefined, options: ListOptions = {}): Promise<ListResult<T>> {
  const path = collectionPath(t, namespace);
  const base: Query = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const fetchPage = (token: string | undefined) => http.getText(path, { ...base, limit, continue: token });
  const items: T[] = [];
  let resourceVersion = '';
  let pending: Promise<string> | undefined = fetchPage(undefined);
  let requested: string | undefined;
  while (pending) {
    let text: string;
    try {
      text = await pending;
    } catch (err) {
      if (requested === undefined || statusOf(err) !== 410) throw err;
      return listAll<T>(http, t, namespace, { ...options, pageSize: 0 });
    }
    // The continue token sits in the list's metadata at the start of the body: ask for the next page
    // before parsing this one, so the server's work and ours overlap.
    requested = continueToken(text);
    pending = requested ? fetchPage(requested) : undefined;
    let page: ListResponse<T>;
    try {
      page = listPage<T>(text, path, http.server);
    } catch (err) {
      pending?.catch(() => undefined); // the next page is moot; its failure must not go unhandled
      throw err;
    }
    for (const item of page.items ?? []) {
      item.apiVersion = t.apiVersion;
      item.kind = t.kind;
      items.push(item);
    }
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    if ((page.metadata?.continue || undefined) !== requested) {
      // The cheap read disagreed with the parsed metadata (never expected): follow the parsed one.
      pending?.catch(() => undefined);
      requested = page.metadata?.continue || undefined;
      pending = requested ? fetchPage(requested) : undefined;
    }
  }
  return { items, resourceVersion };
}

/** One page of a list, checked for the shape the loop relies on (a proxy or a broken server may send anything). */
function listPage<T extends KubeObject>(text: string, path: string, server: string): ListResponse<T> {
  const page = parseJsonBody<ListResponse<T>>(text, 'GET', path, server);
  const items: unknown = page.items;
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    throw clusterError(`GET ${path}: the API server at ${server} answered a list whose items are not a list`, 'other');
  }
  if (Array.isArray(items) && items.some((item) => typeof item !== 'object' || item === null)) {
    throw clusterError(`GET ${path}: the API server at ${server} answered a list with an item that is not an object`, 'other');
  }
  return page;
}

/** The list's `metadata.continue`, read from the head of the body without parsing it all. */
export function continueToken(body: string): string | undefined {
  const head = body.slice(0, Math.min(body.length, 4096));
  const items = head.indexOf('"items"');
  const m = /"continue":"((?:[^"\\]|\\.)*)"/.exec(items >= 0 ? head.slice(0, items) : head);
  if (!m) return undefined;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return undefined; // not a JSON string after all: the parsed metadata decides
  }
}
