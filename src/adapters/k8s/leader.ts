// Leader election for `remediator serve` replicas: one coordination.k8s.io/v1 Lease in the state
// namespace. Every replica receives alerts; only the holder acts. The holder renews every
// renewEverySeconds; a standby takes the Lease over once its holder has not renewed for
// leaseDurationSeconds. Every write carries the resourceVersion it read, so two standbys never both win.
// Leadership is also timed locally: a holder whose renewals fail stops calling itself leader before the
// Lease could expire for the others (it never acts on a Lease that someone else may already hold).
import { systemClock, type Clock, type Leadership } from '../../core/ports';
import { DEFAULT_LEADER_LEASE } from '../../core/serve/standby';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { leaseExpired, type Lease } from './lock';
import { LEASES, collectionPath, objectPath } from './resources';
import { MANAGED_BY_LABELS, ensureNamespace, microTime } from './support';

export { DEFAULT_LEADER_LEASE };

export interface LeaderElectorOptions {
  namespace: string;
  identity: string;
  name?: string;
  /** How long a holder's renewal counts (default 15 s). */
  leaseDurationSeconds?: number;
  /** How often the holder renews and a standby looks (default a third of the duration). */
  renewEverySeconds?: number;
  clock?: Clock;
  onChange?(leader: boolean): void;
  /** A failed look or renewal (the loop goes on). */
  onError?(err: unknown): void;
}

export type ElectionStep =
  | { kind: 'create' }
  | { kind: 'renew' }
  | { kind: 'takeover' }
  | { kind: 'follow'; holder: string };

/** What to do with the Lease as read (undefined: it does not exist). */
export function electionStep(lease: Lease | undefined, identity: string, now: Date): ElectionStep {
  if (!lease) return { kind: 'create' };
  const holder = lease.spec?.holderIdentity ?? '';
  if (holder === identity) return { kind: 'renew' };
  if (leaseExpired(lease, now)) return { kind: 'takeover' };
  return { kind: 'follow', holder };
}

export class LeaderElector implements Leadership {
  readonly name: string;
  private readonly duration: number;
  private readonly every: number;
  private readonly clock: Clock;
  /** Local time of our last successful create/renew/takeover (ms), undefined when we are not holder. */
  private heldSince: number | undefined;
  private renewedAt = 0;
  private observed = false;
  private holderSeen: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private last: Lease | undefined;

  constructor(private readonly http: KubeHttp, private readonly options: LeaderElectorOptions) {
    this.name = options.name ?? DEFAULT_LEADER_LEASE;
    this.duration = Math.max(2, Math.ceil(options.leaseDurationSeconds ?? 15));
    this.every = Math.max(0.2, Math.min(options.renewEverySeconds ?? this.duration / 3, this.duration / 2));
    this.clock = options.clock ?? systemClock;
  }

  isLeader(): boolean {
    if (this.heldSince === undefined) return false;
    // A renewal older than the duration less one renew period: others may be about to take over.
    return this.clock.now().getTime() - this.renewedAt < (this.duration - this.every) * 1000;
  }

  holder(): string | undefined {
    return this.isLeader() ? this.options.identity : this.holderSeen;
  }

  known(): boolean {
    return this.observed;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const loop = () => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(loop, this.every * 1000);
      });
    };
    loop();
  }

  /** One look at the Lease (start() repeats it); exposed for tests. Never rejects. */
  async tick(): Promise<void> {
    const was = this.isLeader();
    try {
      await this.step();
    } catch (err) {
      this.options.onError?.(err);
    }
    const now = this.isLeader();
    if (now !== was) this.options.onChange?.(now);
  }

  private async step(): Promise<void> {
    const path = objectPath(LEASES, this.options.namespace, this.name);
    const lease = await this.http.get<Lease>(path).catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });
    const now = this.clock.now();
    const step = electionStep(lease, this.options.identity, now);
    this.observed = true;
    if (step.kind === 'follow') {
      this.holderSeen = step.holder;
      this.heldSince = undefined;
      return;
    }
    const spec = { holderIdentity: this.options.identity, leaseDurationSeconds: this.duration, renewTime: microTime(now) };
    let written: Lease;
    try {
      if (step.kind === 'create') {
        await ensureNamespace(this.http, this.options.namespace);
        written = await this.http.request<Lease>('POST', collectionPath(LEASES, this.options.namespace), {
          body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.options.namespace, labels: MANAGED_BY_LABELS }, spec: { ...spec, acquireTime: spec.renewTime, leaseTransitions: 0 } },
        });
      } else {
        const current = lease!;
        const transitions = (current.spec?.leaseTransitions ?? 0) + (step.kind === 'takeover' ? 1 : 0);
        const acquireTime = step.kind === 'takeover' ? spec.renewTime : current.spec?.acquireTime ?? spec.renewTime;
        written = await this.http.request<Lease>('PUT', path, { body: { ...current, spec: { ...spec, acquireTime, leaseTransitions: transitions } } });
      }
    } catch (err) {
      // 409: someone else wrote it first; the next look tells who holds it.
      if (statusOf(err) === 409) { this.heldSince = undefined; return; }
      throw err;
    }
    const local = now.getTime();
    this.heldSince ??= local;
    this.renewedAt = local;
    this.holderSeen = this.options.identity;
    this.last = written;
  }

  /** Stops the loop; with `release`, hands the Lease back so a standby takes over at its next look. */
  async stop(release = true): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    const wasLeader = this.isLeader();
    const mine = this.last;
    this.heldSince = undefined;
    if (wasLeader) this.options.onChange?.(false);
    if (!release || !wasLeader || !mine) return;
    const path = objectPath(LEASES, this.options.namespace, this.name);
    const body = { ...mine, spec: { ...mine.spec, holderIdentity: undefined, renewTime: undefined } };
    try {
      await this.http.request('PUT', path, { body });
    } catch (err) {
      // 409: it changed since our last renewal (taken over already); 404: gone. Either way not ours.
      const status = statusOf(err);
      if (status !== 409 && status !== 404) throw err;
    }
  }
}
