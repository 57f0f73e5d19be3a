// serve's leadership: the Lease-based elector (src/adapters/k8s/leader.ts) plus what changes with it.
// The leader gauge follows it; every change is logged; while leader, the ledger is swept every renew
// period for incidents nobody finished (recorded by a standby, or held by a replica that stopped), and
// they are handed to the work queue. A replica that just became leader sweeps at once.
import type { Clock } from '../../core/ports';
import { OPEN_PHASES, type Holder, type IncidentEntry, type IncidentLedger } from '../../core/serve/ledger';
import type { ServeMetrics } from '../../core/serve/metrics';
import { entriesToPickUp } from '../../core/serve/standby';
import type { KubeHttp } from '../k8s/http';
import { LeaderElector } from '../k8s/leader';

export interface ServeLeadershipOptions {
  http: KubeHttp;
  /** Where the Lease lives (the state namespace). */
  namespace: string;
  name: string;
  identity: string;
  leaseDurationSeconds: number;
  ledger: IncidentLedger;
  holder: Holder;
  clock: Clock;
  metrics: ServeMetrics;
  log(text: string): void;
  /** Receives the entries to handle (the caller skips the ones it already has queued). */
  pickUp(entries: IncidentEntry[]): void;
  /** Runs once per sweep while leader, after the pick-up (retention). */
  housekeeping?(): Promise<void>;
}

export class ServeLeadership {
  private readonly elector: LeaderElector;
  private sweeping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly everyMs: number;

  constructor(private readonly o: ServeLeadershipOptions) {
    this.everyMs = Math.max(200, (o.leaseDurationSeconds / 3) * 1000);
    this.elector = new LeaderElector(o.http, {
      namespace: o.namespace, name: o.name, identity: o.identity, leaseDurationSeconds: o.leaseDurationSeconds, clock: o.clock,
      onChange: (leader) => {
        o.metrics.leader(leader);
        if (leader) {
          o.log(`leadership: this replica (${o.identity}) holds Lease ${this.where}; it acts`);
          void this.sweep();
        } else if (!this.stopped) o.log(`leadership: lost Lease ${this.where}; standby (alerts are recorded for the leader)`);
      },
      onError: (err) => o.log(`warning: leader Lease ${this.where}: ${(err as Error).message}`),
    });
  }

  private get where(): string {
    return `${this.o.namespace}/${this.o.name}`;
  }

  /** Reads the Lease once (so readiness and the first alerts know who leads), then keeps looking. */
  async start(): Promise<void> {
    this.o.metrics.leader(false);
    await this.elector.tick();
    // Leader from the start: the first sweep (what a stopped leader left) runs before serve listens.
    await this.sweeping;
    if (!this.elector.isLeader() && this.elector.known()) {
      this.o.log(`leadership: standby; ${this.elector.holder() ?? 'nobody (released)'} holds Lease ${this.where}`);
    }
    this.elector.start();
    const loop = () => {
      this.timer = setTimeout(() => { void this.sweep().finally(() => { if (!this.stopped) loop(); }); }, this.everyMs);
      this.timer.unref();
    };
    loop();
  }

  isLeader(): boolean {
    return this.elector.isLeader();
  }

  known(): boolean {
    return this.elector.known();
  }

  holder(): string | undefined {
    return this.elector.holder();
  }

  /** One sweep of the ledger while leader; never rejects (a failure is logged, the next sweep tries again). */
  sweep(): Promise<void> {
    if (this.stopped || !this.isLeader()) return Promise.resolve();
    this.sweeping ??= (async () => {
      try {
        const open = await this.o.ledger.list(OPEN_PHASES);
        const picked = entriesToPickUp(open, this.o.holder, this.o.clock.now());
        if (picked.length > 0) this.o.pickUp(picked);
        await this.o.housekeeping?.();
      } catch (err) {
        this.o.log(`warning: incident ledger sweep: ${(err as Error).message}`);
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  /** Stops looking and, when leader, hands the Lease back so a standby takes over at its next look. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sweeping;
    const was = this.isLeader();
    await this.elector.stop(true).catch((err: unknown) => this.o.log(`warning: leader Lease ${this.where} not released: ${(err as Error).message}`));
    this.o.metrics.leader(false);
    if (was) this.o.log(`leadership: Lease ${this.where} released`);
  }
}
