// What the cluster has, as the live runbook checks read it: plain data gathered by the editor (or any
// other front end) from the API server, the notify config and Prometheus. Nothing here does I/O.

/** A Deployment or StatefulSet: what spec.scope.requiredLabels is matched against (the owning workload). */
export interface LiveWorkload {
  namespace: string;
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The workload's `app` (pod template, selector, then its own label), for ${APP} in metric queries. */
  app?: string;
}

/** A looked-up namespace exists, does not exist, or could not be read (403: we cannot tell). */
export type NamespaceState = 'exists' | 'missing' | 'unreadable';

/** The channels of the configured notify config, or why it could not be read. */
export type LiveChannels = { ok: true; names: readonly string[] } | { ok: false; problem: string };

/** What one metric probe answered now; a probe that could not be run has no answer (it says nothing). */
export type MetricProbeAnswer =
  | { kind: 'value'; value: number }
  | { kind: 'no_data'; reason: 'empty' | 'nan' | 'infinite' }
  | { kind: 'several_series'; count: number };

export interface LiveClusterRecord {
  /** The kube context the record was read from (named in messages). */
  context: string;
  /** The state of each namespace that was looked up; a name not in the map was not looked up. */
  namespaces: ReadonlyMap<string, NamespaceState>;
  /** Deployments and StatefulSets of the looked-up namespaces; undefined when they could not be read. */
  workloads?: readonly LiveWorkload[];
  /** Undefined when no notify config is configured (escalation names are then not checked). */
  channels?: LiveChannels;
  /** Answers by probe query (see metricProbes); a query not in the map was not run or failed to run. */
  metrics?: ReadonlyMap<string, MetricProbeAnswer>;
}

/** At most this many namespaces are looked up for one file; the rest are not checked (and say so). */
export const MAX_LIVE_NAMESPACES = 100;

/** At most this many distinct metric queries are sent to Prometheus for one file per check. */
export const MAX_LIVE_PROBES = 50;
