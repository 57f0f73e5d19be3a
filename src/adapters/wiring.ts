// One place that turns user settings into the pipeline's ports, shared by the CLI and the extension,
// so both run exactly the same pipeline against the same shared state.
import { randomUUID } from 'crypto';
import * as os from 'os';
import * as path from 'path';
import type { PipelineDeps } from '../core/pipeline/execute';
import type { EngineSettings } from '../core/guardrails/types';
import { systemClock, type AuditSink, type StateStore } from '../core/ports';
import { JsonlAuditFile } from './audit/jsonlFile';
import { PrometheusMetricsReader, type PrometheusReaderOptions } from './prometheus/reader';
import { DEFAULT_STATE_NAMESPACE, FileStateStore, kubeAdapters, type KubeAdapters } from './k8s';
import { HelmCli } from './helm/cli';
import { KubeHelmReleaseReader } from './helm/releases';

export interface RemediatorOptions {
  kubeconfig?: string;
  context?: string;
  /** Namespace of the shared state and Leases (default remediator-system). */
  stateNamespace?: string;
  /** JSONL audit log; default ~/.remediator/audit.jsonl. */
  auditFile?: string;
  /** Opt-in fallback: keep cooldown/rate/breaker history in this local file instead of the cluster. */
  localStateFile?: string;
  /** More audit sinks (stdout, an output channel). */
  sinks?: AuditSink[];
  settings?: Partial<EngineSettings>;
  /** Prometheus for metric preconditions; absent = none (a runbook with preconditions then aborts). */
  prometheus?: PrometheusReaderOptions;
  onProgress?(text: string): void;
  /**
   * false in an untrusted editor workspace: reads and server-side dry runs only. Every cluster write
   * (actions, Leases, shared state, Events, labels) raises UntrustedWorkspaceError; audit stays local.
   * Default true (the CLI acts on what its user typed).
   */
  trusted?: boolean;
  /** The helm binary for helmRollback (--helm, the editor setting); else REMEDIATOR_HELM, else PATH. */
  helmPath?: string;
  /** Where helmPath came from, for the "helm not found" message (default --helm). */
  helmPathOrigin?: string;
  /** Environment for finding and running helm (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface Remediator {
  adapters: KubeAdapters;
  deps: PipelineDeps;
  auditFile: string;
}

export function defaultAuditFile(home: string = os.homedir()): string {
  return path.join(home, '.remediator', 'audit.jsonl');
}

export function openRemediator(o: RemediatorOptions): Remediator {
  const trusted = o.trusted !== false;
  // First: a bad Prometheus URL or CA file is reported before any cluster connection is tried.
  const metrics = o.prometheus ? new PrometheusMetricsReader(o.prometheus) : undefined;
  // helm gets the kubeconfig file and the context this connection resolved, so it acts on the same cluster.
  const helm = new HelmCli({ binary: o.helmPath, binaryOrigin: o.helmPathOrigin, env: o.env, kubeconfig: o.kubeconfig ? path.resolve(o.kubeconfig) : undefined });
  const adapters = kubeAdapters({ kubeconfig: o.kubeconfig, context: o.context, stateNamespace: o.stateNamespace, readOnly: !trusted, helm });
  helm.useContext(adapters.connection.currentContext);
  const auditFile = o.auditFile ?? defaultAuditFile();
  // A torn line in the local state file is reported where progress goes (the CLI's stderr).
  const state: StateStore = o.localStateFile ? new FileStateStore(o.localStateFile, { report: o.onProgress }) : adapters.state;
  const deps: PipelineDeps = {
    reader: adapters.reader,
    writer: adapters.writer,
    helmReleases: new KubeHelmReleaseReader(adapters.connection.http),
    access: adapters.access,
    lock: adapters.lock,
    state,
    audit: [new JsonlAuditFile(auditFile), ...(trusted ? [adapters.events] : []), ...(o.sinks ?? [])],
    clock: systemClock,
    newId: () => randomUUID(),
    settings: o.settings,
    ...(metrics ? { metrics } : {}),
    // Approvals are shared through the cluster; with a local state file nobody else could see them.
    ...(o.localStateFile ? {} : { approvals: adapters.approvals }),
    onProgress: o.onProgress,
    accessScope: { stateNamespace: o.stateNamespace ?? DEFAULT_STATE_NAMESPACE, clusterState: !o.localStateFile, events: trusted },
  };
  return { adapters, deps, auditFile };
}
