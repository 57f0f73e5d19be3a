// Small helpers shared by the lock, the state store and the event sink.
import { createHash } from 'node:crypto';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { NAMESPACES, collectionPath } from './resources';

/** Where the lock Leases and the state ConfigMaps live unless configured otherwise. */
export const DEFAULT_STATE_NAMESPACE = 'remediator-system';
export const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'remediator' };
/** The human-readable key behind a hashed object name. */
export const KEY_ANNOTATION = 'remediator.kubedojo.io/key';

/** The fields of a ConfigMap the state store, the approval store and the incident ledger use. */
export interface ConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

/** A DNS-1123 name for an arbitrary key: `prefix-` + 16 hex of its SHA-256. */
export function hashedName(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** Kubernetes MicroTime (RFC 3339 with exactly six fractional digits). */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Creates the namespace if it does not exist and we may; "already exists" and "not allowed to create
 * namespaces" both leave it to the next call to fail clearly if the namespace is really missing.
 */
export async function ensureNamespace(http: KubeHttp, namespace: string): Promise<void> {
  const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: MANAGED_BY_LABELS } };
  try {
    await http.request('POST', collectionPath(NAMESPACES), { body });
  } catch (err) {
    const status = statusOf(err);
    if (status !== 409 && status !== 403) throw err;
  }
}

/** Runs `create` once per key until it succeeds (a failed attempt is retried by the next caller). */
export class Once {
  private readonly done = new Map<string, Promise<void>>();
  run(key: string, create: () => Promise<void>): Promise<void> {
    let pending = this.done.get(key);
    if (!pending) {
      pending = create().catch((err: unknown) => {
        this.done.delete(key);
        throw err;
      });
      this.done.set(key, pending);
    }
    return pending;
  }
}
