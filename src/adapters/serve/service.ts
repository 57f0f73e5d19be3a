// One running `remediator serve`: the HTTP front, the intake journal, the work queue, the incident
// ledger, the notification outbox and the pipeline, wired together. Start replays what the journal still
// holds (a crash or a stop left it there); stop refuses new alerts, lets the running ones finish (their
// Leases are released by the pipeline) and leaves the waiting ones in the journal for the next start.
// Every replica receives and journals; only the holder of the leader Lease decides and acts (a standby
// records firing alerts in the ledger for the leader, see src/core/serve/standby.ts).
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { alertIncidentId } from '../../core/alerts/incident';
import { alertStep } from '../../core/alerts/intake';
import { notificationAttemptRecord } from '../../core/audit/notificationAttempt';
import type { Runbook } from '../../core/model/runbook';
import type { JournalAlert } from '../../core/serve/journal';
import type { Escalator } from '../../core/serve/escalate';
import { handleAlert, type AlertHandlerDeps } from '../../core/serve/handleAlert';
import type { Holder, IncidentEntry, IncidentLedger } from '../../core/serve/ledger';
import { DEFAULT_RETENTION_SECONDS, applyRetention } from '../../core/serve/retention';
import { recordForLeader } from '../../core/serve/standby';
import { WorkQueue, type Slot } from '../../core/serve/workQueue';
import type { PipelineDeps } from '../../core/pipeline/execute';
import { AlertServer, type IntakeAnswer } from '../http/alertServer';
import type { LoadedNotifyConfig } from '../notify/config';
import { Outbox } from '../notify/outbox';
import type { KubeHttp } from '../k8s/http';
import { IntakeJournal } from './journal';
import { ServeLeadership } from './leadership';
import { prometheusServeMetrics } from './metrics';

/**
 * Alerts handled at once. Most of an alert's time is spent waiting on the API server (the incident
 * ledger, an Event, the shared state), so many at once keep it busy and let their shared-state records
 * go out in one write.
 */
export const DEFAULT_CONCURRENCY = 32;

/**
 * Alerts waiting or running before intake answers 503. An item is the alert as received (about a
 * kilobyte), so ten thousand cost some ten megabytes; refusing sooner makes Alertmanager retry every
 * group again and again, which costs far more than holding them.
 */
export const DEFAULT_QUEUE_SIZE = 10_000;

/** A queued alert: from this replica's intake journal, or an incident picked up from the ledger (leader only). */
type Work =
  | { kind: 'journal'; line: JournalAlert }
  | { kind: 'ledger'; entry: IncidentEntry & { alert: JournalAlert['alert'] } };

export interface LeaderOptions {
  http: KubeHttp;
  /** The Lease's name in the state namespace. */
  name: string;
  namespace: string;
  leaseDurationSeconds: number;
  /** The pod's name (the downward API's POD_NAME); else the host name. The instance id is appended. */
  podName?: string;
}

export interface ServeOptions {
  host: string;
  port: number;
  token: Buffer;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  runbooks: readonly Runbook[];
  /** Each runbook's text by name, kept with pending approvals. */
  runbookTexts?: ReadonlyMap<string, string>;
  /** Decide and record only (outcome shadowed); runbooks with spec.shadow are shadowed anyway. */
  shadow?: boolean;
  pipeline: PipelineDeps;
  ledger: IncidentLedger;
  leader: LeaderOptions;
  /** Holds the intake journal, the outbox and this instance's identity. */
  dataDir: string;
  notify?: LoadedNotifyConfig;
  /** Is the cluster reachable (GET /version)? */
  clusterReachable(): Promise<void>;
  /** Why the incident ledger cannot be used now (alerts would wait in the journal), or undefined. */
  ledgerProblem?(): string | undefined;
  concurrency?: number;
  capacity?: number;
  /** Done incident ledger entries are deleted this long after they were last done or seen (default 7 days). */
  retentionSeconds?: number;
  log(text: string): void;
}

/** This data dir's identity: the same across restarts, so the instance recognises its own unfinished claims. */
export function instanceId(dataDir: string): string {
  const file = path.join(dataDir, 'instance-id');
  try {
    const id = fs.readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9-]{8,64}$/.test(id)) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = randomUUID();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, `${id}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return id;
}

function outboxEscalator(outbox: Outbox, notify: LoadedNotifyConfig, count: (channel: string, result: string) => void): Escalator {
  return {
    channels: Object.fromEntries([...notify.channels].map(([name, c]) => [name, { notifyVerified: c.notifyVerified }])),
    ...(notify.defaultChannel !== undefined ? { defaultChannel: notify.defaultChannel } : {}),
    send: async (channel, n) => {
      const r = await outbox.enqueue(channel, n);
      const result = r.queued ? 'queued' : r.why === 'already queued' ? 'duplicate' : 'not wanted';
      if (r.queued) count(channel, 'queued');
      return result;
    },
    channelsNotified: (id) => outbox.channelsNotified(id),
  };
}

export class ServeService {
  private constructor(private readonly lifecycle: { listening: boolean; stopping: boolean }, private readonly server: AlertServer, private readonly queue: WorkQueue<Work>, private readonly outbox: Outbox | undefined,
    private readonly leadership: ServeLeadership, readonly address: { host: string; port: number }, private readonly log: (text: string) => void) {}

  static async start(o: ServeOptions): Promise<ServeService> {
    const metrics = prometheusServeMetrics({ processMetrics: true });
    const { journal, state } = await IntakeJournal.open(path.join(o.dataDir, 'intake.jsonl'));
    for (const s of state.skipped) o.log(`warning: intake journal line ${s.line} skipped: ${s.reason}`);
    const outbox = o.notify ? await Outbox.open({
      file: path.join(o.dataDir, 'outbox.jsonl'), channels: o.notify.channels,
      onAttempt: (a, item) => {
        metrics.escalation(a.channel, a.outcome);
        const record = notificationAttemptRecord(a, item);
        for (const sink of o.pipeline.audit) {
          sink.attempt?.(record).catch((err: unknown) => o.log(`warning: audit sink failed: ${(err as Error).message}`));
        }
        o.log(`notification to ${a.channel}: attempt ${a.attempt} ${a.outcome}${a.status !== undefined ? ` (HTTP ${a.status})` : ''}${a.error ? `: ${a.error}` : ''}`);
      },
      onError: (err) => o.log(`warning: notification outbox: ${err.message}`),
    }) : undefined;
    const holder: Holder = { instance: instanceId(o.dataDir), life: randomUUID() };
    const retentionSeconds = o.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
    const actor = await o.pipeline.access.whoAmI();
    const deps: AlertHandlerDeps = {
      pipeline: o.pipeline, ledger: o.ledger, metrics, holder, actor, runbooks: o.runbooks, log: o.log,
      ...(o.runbookTexts ? { runbookTexts: o.runbookTexts } : {}), ...(o.shadow ? { shadow: true } : {}),
      claimSeconds: Math.max(0, ...o.runbooks.map((r) => r.spec.verification.timeoutSeconds)) + 300, retentionSeconds,
      ...(outbox && o.notify ? { escalator: outboxEscalator(outbox, o.notify, metrics.escalation) } : {}),
    };
    const retries = new Map<string, number>();
    // Incidents queued or running, so a sweep does not queue again what the journal already holds.
    const queued = new Map<string, number>();
    const keyOf = (w: Work) => (w.kind === 'journal' ? alertIncidentId(w.line.alert) : w.entry.key);
    const idOf = (w: Work) => (w.kind === 'journal' ? w.line.id : `ledger:${w.entry.key}`);
    const enqueue = (items: readonly Work[]) => {
      for (const w of items) queued.set(keyOf(w), (queued.get(keyOf(w)) ?? 0) + 1);
      queue.push(items, true);
    };
    const dequeued = (w: Work) => {
      const n = (queued.get(keyOf(w)) ?? 1) - 1;
      if (n > 0) queued.set(keyOf(w), n); else queued.delete(keyOf(w));
    };
    const standby = { ledger: o.ledger, holder, clock: o.pipeline.clock, retentionSeconds };
    // Retention needs a full list of the done entries: at most every ten minutes (or half the retention).
    let retainedAt = 0;
    const housekeeping = async () => {
      const now = o.pipeline.clock.now();
      if (now.getTime() - retainedAt < Math.min(600_000, (retentionSeconds * 1000) / 2)) return;
      retainedAt = now.getTime();
      const { removed, stamped } = await applyRetention(o.ledger, now, retentionSeconds);
      if (removed > 0) o.log(`incident ledger: ${removed} handled incident(s) older than the retention deleted`);
      if (stamped > 0) o.log(`incident ledger: ${stamped} handled incident(s) without a done time marked seen now (deleted one retention later)`);
    };
    const handle = async (w: Work, slot: Slot): Promise<void> => {
      if (w.kind === 'ledger') {
        // Picked up while leader; if leadership is gone meanwhile, the entry stays for the next leader.
        if (!leadership.isLeader()) return;
        const alert = w.entry.alert;
        const result = await handleAlert(alertStep(alert, o.runbooks), new Date(w.entry.receivedAt ?? w.entry.claimedAt), deps, slot);
        o.log(`alert ${w.entry.key} (${alert.labels.alertname ?? 'no alertname'}): ${result} (picked up from the incident ledger)`);
        return;
      }
      const item = w.line;
      const step = alertStep(item.alert, o.runbooks);
      const receivedAt = new Date(item.receivedAt);
      const result = leadership.isLeader() || step.kind === 'resolve' ? await handleAlert(step, receivedAt, deps, slot) : await recordForLeader(step, receivedAt, standby);
      o.log(`alert ${alertIncidentId(item.alert)} (${item.alert.labels.alertname ?? 'no alertname'}): ${result}`);
      await journal.done(item.id, result, new Date());
    };
    const queue: WorkQueue<Work> = new WorkQueue<Work>({
      capacity: o.capacity ?? DEFAULT_QUEUE_SIZE,
      concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
      keyOf,
      onDepth: (d) => metrics.queueDepth(d),
      run: async (w, slot) => {
        try {
          await handle(w, slot);
          retries.delete(idOf(w));
        } finally {
          dequeued(w);
        }
      },
      onError: (w, err) => {
        // Shared state or the outbox file failed: the alert stays in the journal (or the ledger) and is tried again later.
        const n = (retries.get(idOf(w)) ?? 0) + 1;
        retries.set(idOf(w), n);
        const delay = Math.min(60_000, 1000 * 2 ** Math.min(n - 1, 6));
        o.log(`error: alert ${keyOf(w)}: ${(err as Error).message}; trying again in ${delay / 1000}s`);
        setTimeout(() => { if (queue.accepting) enqueue([w]); }, delay).unref();
      },
    });
    const leadership = new ServeLeadership({
      http: o.leader.http, namespace: o.leader.namespace, name: o.leader.name, leaseDurationSeconds: o.leader.leaseDurationSeconds,
      identity: `${o.leader.podName ?? os.hostname()}-${holder.instance.slice(0, 8)}`,
      ledger: o.ledger, holder, clock: o.pipeline.clock, metrics, log: o.log, housekeeping,
      pickUp: (entries) => {
        const fresh = entries.filter((e): e is Extract<Work, { kind: 'ledger' }>['entry'] => e.alert !== undefined && !queued.has(e.key));
        if (fresh.length > 0) o.log(`leader: picking up ${fresh.length} unfinished incident(s) from the incident ledger`);
        enqueue(fresh.map((entry) => ({ kind: 'ledger', entry })));
      },
    });
    // Alerts are taken only between listen() and stop() (the journal's replay is queued first).
    const lifecycle = { listening: false, stopping: false };
    const intake = async (payload: { alerts: JournalAlert['alert'][] }): Promise<IntakeAnswer> => {
      if (!lifecycle.listening || lifecycle.stopping) return { kind: 'stopping' };
      // Room is taken before the journal's fsync, so requests arriving together cannot overshoot the queue.
      const release = queue.reserve(payload.alerts.length);
      if (!release) return { kind: 'full', retryAfterSeconds: 10 };
      try {
        const lines = await journal.append(payload.alerts, new Date());
        for (const status of ['firing', 'resolved']) {
          const count = payload.alerts.filter((a) => a.status === status).length;
          if (count > 0) metrics.alertsReceived(status, count);
        }
        release();
        enqueue(lines.map((line) => ({ kind: 'journal', line })));
        return { kind: 'accepted', alerts: lines.length };
      } finally {
        release();
      }
    };
    const server = new AlertServer({
      host: o.host, port: o.port, token: o.token, ...(o.tls ? { tls: o.tls } : {}),
      intake, metrics, onRequest: metrics.request, log: o.log,
      ready: async () => {
        if (!leadership.known()) return { ok: false, reason: `leadership not known yet (Lease ${o.leader.namespace}/${o.leader.name} not read)` };
        try {
          await o.clusterReachable();
          const ledger = o.ledgerProblem?.();
          return ledger === undefined ? { ok: true } : { ok: false, reason: ledger };
        } catch (err) {
          return { ok: false, reason: `the cluster is not reachable: ${(err as Error).message}` };
        }
      },
    });
    if (state.pending.length > 0) o.log(`resuming ${state.pending.length} alert(s) from the intake journal`);
    // Leadership first: journaled alerts replayed by a standby are recorded for the leader, not acted on.
    await leadership.start();
    enqueue(state.pending.map((line) => ({ kind: 'journal', line })));
    const address = await server.listen();
    lifecycle.listening = true;
    return new ServeService(lifecycle, server, queue, outbox, leadership, { host: address.address, port: address.port }, o.log);
  }

  /** Waits until every queued alert has been handled (tests, benchmarks). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    if (this.lifecycle.stopping) return;
    this.lifecycle.stopping = true;
    this.log('stopping: no new alerts; finishing the running ones');
    const closed = this.server.close();
    const left = await this.queue.stop();
    if (left > 0) this.log(`${left} waiting alert(s) stay in the intake journal for the next start`);
    // The running alerts finished under the Lease; hand it back so a standby leads at its next look.
    await this.leadership.stop();
    await this.outbox?.close();
    await closed;
  }
}
