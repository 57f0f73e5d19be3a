// Lock: one coordination.k8s.io/v1 Lease per key. Create it; if it exists and has expired, take it
// over with an update that carries its resourceVersion (a 409 means someone else won). Releasing deletes
// the Lease only if it is still the one we wrote (uid + resourceVersion preconditions).
import { systemClock, type Clock, type Lock, type LockHandle } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { LEASES, collectionPath, objectPath } from './resources';
import { DEFAULT_STATE_NAMESPACE, KEY_ANNOTATION, MANAGED_BY_LABELS, Once, ensureNamespace, hashedName, microTime } from './support';

export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

export interface LeaseLockOptions {
  clock?: Clock;
}

/** True when nobody holds the Lease or its holder stopped renewing it more than leaseDurationSeconds ago. */
export function leaseExpired(lease: Lease, now: Date): boolean {
  const spec = lease.spec ?? {};
  if (!spec.holderIdentity) return true;
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  if (Number.isNaN(renewed)) return true;
  return renewed + (spec.leaseDurationSeconds ?? 0) * 1000 < now.getTime();
}

export class KubeLeaseLock implements Lock {
  private readonly clock: Clock;
  private readonly namespaceReady = new Once();
  /** Keys this process holds now (with how many handles: a takeover of our own expired Lease adds one). */
  private readonly held = new Map<string, number>();

  /** `namespace`: where the Leases live (created when missing and allowed). */
  constructor(private readonly http: KubeHttp, readonly namespace = DEFAULT_STATE_NAMESPACE, options: LeaseLockOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  heldHere(key: string): boolean {
    return this.held.has(key);
  }

  static leaseName(key: string): string {
    return hashedName('remediator-lock', key);
  }

  async tryAcquire(key: string, holder: string, ttlSeconds: number): Promise<LockHandle | undefined> {
    await this.namespaceReady.run(this.namespace, () => ensureNamespace(this.http, this.namespace));
    const name = KubeLeaseLock.leaseName(key);
    const now = microTime(this.clock.now());
    const spec = { holderIdentity: holder, leaseDurationSeconds: Math.max(1, Math.ceil(ttlSeconds)), acquireTime: now, renewTime: now };
    const fresh: Lease = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name, namespace: this.namespace, labels: MANAGED_BY_LABELS, annotations: { [KEY_ANNOTATION]: key.slice(0, 1000) } },
      spec: { ...spec, leaseTransitions: 0 },
    };
    try {
      return this.handle(key, await this.http.request<Lease>('POST', collectionPath(LEASES, this.namespace), { body: fresh }));
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
    return this.takeOver(key, name, spec);
  }

  /** The Lease exists: take it only if it has expired, and only if nobody changed it since we read it. */
  private async takeOver(key: string, name: string, spec: NonNullable<Lease['spec']>): Promise<LockHandle | undefined> {
    const path = objectPath(LEASES, this.namespace, name);
    const current = await this.http.get<Lease>(path).catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined; // released between our create and read: the next try creates it
      throw err;
    });
    if (!current || !leaseExpired(current, this.clock.now())) return undefined;
    const taken: Lease = { ...current, spec: { ...spec, leaseTransitions: (current.spec?.leaseTransitions ?? 0) + 1 } };
    try {
      return this.handle(key, await this.http.request<Lease>('PUT', path, { body: taken }));
    } catch (err) {
      if (statusOf(err) === 409) return undefined; // someone else took it over first
      throw err;
    }
  }

  private handle(key: string, lease: Lease): LockHandle {
    let released = false;
    let counted = true;
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
    const uncount = () => {
      if (!counted) return;
      counted = false;
      const n = (this.held.get(key) ?? 1) - 1;
      if (n > 0) this.held.set(key, n);
      else this.held.delete(key);
    };
    const path = objectPath(LEASES, this.namespace, lease.metadata.name);
    return {
      release: async () => {
        if (released) return;
        const body = { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: lease.metadata.uid, resourceVersion: lease.metadata.resourceVersion } };
        try {
          await this.http.request('DELETE', path, { body });
        } catch (err) {
          // 404: already gone; 409: it expired and someone else holds it now, so it is not ours to delete.
          const status = statusOf(err);
          if (status !== 404 && status !== 409) throw err;
        } finally {
          // Held here no longer, even when the delete failed: the Lease then expires on its own, and
          // asking the API server again is what tryAcquire does.
          uncount();
        }
        released = true;
      },
    };
  }
}
