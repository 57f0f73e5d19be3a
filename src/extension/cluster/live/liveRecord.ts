// Gathers the live record the core's runbook checks read: the looked-up namespaces and their
// Deployments and StatefulSets (one snapshot through the session's ClusterReader, without pods), the
// notify config's channels, and one Prometheus answer per probe query. Cached per kube context for a
// short time, every call bounded by a timeout; any failure means "no cluster" and the checks say nothing.
import { liveInventory, namespacesToLookUp, probeAnswer, probeQueries, type LiveClusterRecord, type MetricProbeAnswer } from '../../../core/lint/live';
import type { Runbook } from '../../../core/model/runbook';
import type { ClusterReader, MetricsReader } from '../../../core/ports';
import type { ClusterSession } from '../session';
import { TtlCache, within } from './cache';
import { notifyChannels } from './notifyChannels';

/** What the cluster had this long ago is still shown. */
export const LIVE_CACHE_TTL_MS = 20_000;
const SNAPSHOT_TIMEOUT_MS = 10_000;
const PROBE_TIMEOUT_MS = 5_000;

type Inventory = ReturnType<typeof liveInventory>;

interface Connected {
  context: string;
  reader: ClusterReader;
  metrics?: MetricsReader;
}

export class LiveRecordSource {
  private readonly inventories = new TtlCache<Promise<Inventory | undefined>>(LIVE_CACHE_TTL_MS);
  private readonly answers = new TtlCache<Promise<MetricProbeAnswer | undefined>>(LIVE_CACHE_TTL_MS, 2000);
  /** No kubeconfig or no usable context: not read again until then. */
  private unavailableUntil = 0;

  constructor(private readonly session: ClusterSession) {}

  /** Forget everything (the connection or a setting changed). */
  clear(): void {
    this.inventories.clear();
    this.answers.clear();
    this.unavailableUntil = 0;
  }

  /** The record for these runbooks, or undefined when no cluster answers. `isCurrent` false: stop early. */
  async read(runbooks: readonly Runbook[], isCurrent: () => boolean): Promise<LiveClusterRecord | undefined> {
    const cluster = this.connect();
    if (!cluster) return undefined;
    const names = namespacesToLookUp(runbooks);
    const inventory = await this.inventory(cluster, names);
    if (!inventory || !isCurrent()) return undefined;
    const channels = await notifyChannels();
    const record: LiveClusterRecord = { context: cluster.context, ...inventory, ...(channels ? { channels } : {}) };
    if (!cluster.metrics || !isCurrent()) return record;
    const metrics = cluster.metrics;
    const probes = probeQueries(runbooks, record);
    const answered = await Promise.all([...probes].map(async ([query, name]) => [query, await this.answer(cluster.context, metrics, query, name)] as const));
    return { ...record, metrics: new Map(answered.filter((a): a is readonly [string, MetricProbeAnswer] => a[1] !== undefined)) };
  }

  private connect(): Connected | undefined {
    if (Date.now() < this.unavailableUntil) return undefined;
    let context: string;
    try {
      context = this.session.contextName;
    } catch {
      // No kubeconfig, or a context that does not resolve: silent, and not asked again for a while.
      this.unavailableUntil = Date.now() + LIVE_CACHE_TTL_MS;
      return undefined;
    }
    try {
      // The Prometheus of this context (when none is configured, a reader whose every query fails).
      const { reader, metrics } = this.session.deps();
      return { context, reader, ...(metrics ? { metrics } : {}) };
    } catch {
      // remediator.prometheus.* unusable (the dry-run command says why): no probes, the rest still checked.
      return { context, reader: this.session.open().deps.reader };
    }
  }

  private inventory(cluster: Connected, names: readonly string[]): Promise<Inventory | undefined> {
    // No namespace to look up: an empty scope would make the snapshot read every namespace.
    if (names.length === 0) return Promise.resolve({ namespaces: new Map(), workloads: [] });
    const key = `${cluster.context}\n${[...names].sort().join('\n')}`;
    const cached = this.inventories.get(key);
    if (cached) return cached;
    const read = within(cluster.reader.snapshot({ namespaces: names, includeNamespaces: true, withoutPods: true }), SNAPSHOT_TIMEOUT_MS, 'the cluster did not answer in time')
      .then((snapshot) => liveInventory(names, snapshot), () => undefined);
    return this.inventories.set(key, read);
  }

  private answer(context: string, metrics: MetricsReader, query: string, name: string): Promise<MetricProbeAnswer | undefined> {
    const key = `${context}\n${query}`;
    const cached = this.answers.get(key);
    if (cached) return cached;
    const asked = within(metrics.query(query), PROBE_TIMEOUT_MS, 'Prometheus did not answer in time')
      .then((result) => probeAnswer(result, name), () => undefined);
    return this.answers.set(key, asked);
  }
}
