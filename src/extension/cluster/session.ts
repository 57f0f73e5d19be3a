// The connection to the cluster, opened lazily: nothing reads a kubeconfig until the workloads view is
// shown or a command runs (activation only wires). Reopened when a connection setting changes.
// In an untrusted workspace the connection is opened read-only (see src/adapters/k8s/readOnly.ts): the
// session then holds no port that can write to a cluster, whatever command or code path asks; it is
// reopened with writers once the user trusts the workspace.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { AlertmanagerAlertsReader } from '../../adapters/alertmanager/activeAlerts';
import { readAuditFile, type AuditReadResult } from '../../adapters/audit/jsonlFile';
import type { HelmCurrentRevisions } from '../../adapters/helm/currentRevisions';
import type { InformerOptions, ListWatch } from '../../adapters/k8s/informer';
import type { NamespaceCache, NamespaceCacheOptions } from '../../adapters/k8s/namespaceCache';
import type { KubeObject } from '../../adapters/k8s/resources';
import type { Remediator } from '../../adapters/wiring';
import type { AuditRecord } from '../../core/model/audit';
import type { LabelChangeDeps } from '../../core/pipeline/labelChange';
import type { PipelineDeps } from '../../core/pipeline/execute';
import type { AuditChannel } from './auditChannel';
import type { MetricCheckObserver } from '../../core/pipeline/verifyMetrics';
import { helmCurrentRevisions, informers, kubeconfig, namespaceCaches, resources, wiring } from './kube';
import { Disposable } from './lifecycle';
import { metricsReaderFor } from './metrics';
import { resolvePrometheus } from './prometheusSettings';
import { CONNECTION_SETTINGS, engineSettings, readSettings, settingPath, type ClusterSettings } from './settings';

export class ClusterSession extends Disposable {
  private current: Remediator | undefined;
  private readonly _onDidReconnect = this._register(new vscode.EventEmitter<void>());
  /** The kubeconfig, context or state namespace changed: views start over. */
  readonly onDidReconnect = this._onDidReconnect.event;

  constructor(private readonly audit: AuditChannel) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (CONNECTION_SETTINGS.some((key) => e.affectsConfiguration(key))) this.reconnect();
    }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reconnect()));
  }

  /** Whether a kubeconfig was read yet (activation must not read one). */
  get isOpen(): boolean {
    return this.current !== undefined;
  }

  get settings(): ClusterSettings {
    return readSettings();
  }

  /** Connects on first use; throws ClusterError('config') when there is no usable kubeconfig. */
  open(): Remediator {
    if (!this.current) {
      const s = this.settings;
      this.current = wiring().openRemediator({
        kubeconfig: s.kubeconfig, context: s.context, stateNamespace: s.stateNamespace, auditFile: s.auditFile,
        sinks: [this.audit], settings: engineSettings(s), trusted: vscode.workspace.isTrusted,
        // The same order as the CLI's --helm: the setting, then REMEDIATOR_HELM, then PATH (in the adapter).
        helmPath: s.helmPath, helmPathOrigin: 'remediator.helm.path',
      });
    }
    return this.current;
  }

  /**
   * The pipeline's ports with the current engine settings (kill switch, labels), the Prometheus of the
   * current context (read fresh: the settings may have changed), a progress reporter and a sample observer.
   * Throws PrometheusSettingsError when remediator.prometheus.* is unusable, before anything is decided.
   */
  deps(onProgress?: (text: string) => void, onMetricSample?: MetricCheckObserver): PipelineDeps {
    const { deps, adapters } = this.open();
    const settings = this.settings;
    const metrics = metricsReaderFor(resolvePrometheus(settings.prometheus, adapters.connection.currentContext, settingPath));
    return { ...deps, settings: engineSettings(settings), metrics, onProgress, ...(onMetricSample ? { onMetricSample } : {}) };
  }

  /** An informer over the cluster's Namespaces on the current connection (started by the caller). */
  namespaceWatch(options: InformerOptions): ListWatch<KubeObject> {
    return new (informers().ListWatch)<KubeObject>(this.open().adapters.connection.http, resources().NAMESPACES, undefined, options);
  }

  /** The informers of one namespace's workloads on the current connection (started by the caller). */
  namespaceCache(namespace: string, options: NamespaceCacheOptions): NamespaceCache {
    return new (namespaceCaches().NamespaceCache)(this.open().adapters.connection.http, namespace, options);
  }

  /** A reader of Helm releases' current revisions on the current connection (the workloads tree). */
  helmCurrentRevisions(): HelmCurrentRevisions {
    return new (helmCurrentRevisions().HelmCurrentRevisions)(this.open().adapters.connection.http);
  }

  /** What a label change needs: the connection's label writer and the pipeline's audit path (sinks, Events, shared state). */
  labelChanges(): LabelChangeDeps {
    const { deps, adapters } = this.open();
    return { labels: adapters.labels, access: deps.access, audit: deps.audit, state: deps.state, clock: deps.clock, newId: deps.newId };
  }

  /**
   * The reader of remediator.alertmanager.url's active alerts (no cluster needed); undefined when the
   * setting is empty. Throws AlertmanagerError (kind config) when the URL is unusable.
   */
  alertmanagerAlerts(): AlertmanagerAlertsReader | undefined {
    const url = this.settings.alertmanagerUrl;
    return url === undefined ? undefined : new AlertmanagerAlertsReader({ url });
  }

  /** The JSONL audit log of the settings (no cluster needed to read it). */
  get auditFile(): string {
    return this.settings.auditFile ?? wiring().defaultAuditFile();
  }

  /** Reads a JSONL audit log: its records and the lines it had to skip. */
  readAudit(file: string): AuditReadResult {
    return readAuditFile(file);
  }

  get contextName(): string {
    return this.open().adapters.connection.currentContext;
  }

  /** Contexts of the configured kubeconfig, with the current one. */
  contexts(): { names: string[]; current: string } {
    const kc = kubeconfig().loadKubeConfig({ kubeconfig: this.settings.kubeconfig });
    return { names: kc.getContexts().map((c) => c.name), current: this.settings.context || kc.getCurrentContext() };
  }

  /**
   * The audit log (remediator.auditFile, else the CLI's default) through the one reader, as the CLI reads
   * it; no cluster is needed. Throws AuditFileError when the file exists but cannot be read.
   */
  readAuditLog(): AuditReadResult & { file: string; exists: boolean } {
    const file = this.settings.auditFile ?? wiring().defaultAuditFile();
    return { file, exists: fs.existsSync(file), ...readAuditFile(file) };
  }

  /**
   * Whether the shared state in the cluster should be read too (the report): a kubeconfig or context is
   * set, or the connection is open already. Without either, nothing reads a kubeconfig for a report.
   */
  get clusterConfigured(): boolean {
    const s = this.settings;
    return this.isOpen || s.kubeconfig !== undefined || s.context !== undefined;
  }

  /** The shared state's records of these runbooks (read only, every actor's last 24 hours). */
  async sharedHistory(runbooks: readonly string[]): Promise<AuditRecord[]> {
    const { adapters } = this.open();
    return (await Promise.all(runbooks.map((name) => adapters.state.history(name)))).flat();
  }

  reconnect(): void {
    this.current = undefined;
    this._onDidReconnect.fire();
  }
}
