// The Kubernetes adapters behind the core's ports, wired for one connection.
import type { AccessReviewer, AuditSink, Clock, ClusterReader, ClusterWriter, LabelWriter, Lock, StateStore } from '../../core/ports';
import { KubeAccessReviewer } from './access';
import { KubeEventSink, type EventSinkOptions } from './events';
import { connect, type ConnectOptions, type KubeConnection } from './kubeconfig';
import { KubeLabelWriter } from './labels';
import { KubeLeaseLock } from './lock';
import { DryRunOnlyWriter, ReadOnlyKubeHttp, ReadOnlyStateStore, RefusingEventSink, RefusingLock } from './readOnly';
import { KubeClusterReader, type ReaderOptions } from './reader';
import { KubeStateStore, type StateStoreOptions } from './state';
import { KubeApprovalStore } from './approvals';
import { KubeClusterWriter, type HelmRollbackRunner } from './writer';

export { KubeAccessReviewer, describePermission } from './access';
export { ClusterError } from '../../core/ports';
export { KubeApiError } from './errors';
export { KubeEventSink, REPORTING_CONTROLLER, eventNote, eventReason } from './events';
export { CoalescingEventSink, type CoalescingEventSinkOptions } from './coalescingEvents';
export { FileStateStore } from './fileState';
export { KubeHttp } from './http';
export { ListWatch, type InformerState, type InformerStatus } from './informer';
export { connect, loadKubeConfig, type ConnectOptions, type KubeConnection } from './kubeconfig';
export { KubeLeaseLock, leaseExpired } from './lock';
export { NamespaceCache, type NamespaceCacheOptions } from './namespaceCache';
export { KubeClusterReader } from './reader';
export { UntrustedWorkspaceError, isUntrustedWorkspaceError } from './readOnly';
export { compactRecord } from './records';
export { KubeStateStore } from './state';
export { KubeApprovalStore } from './approvals';
export { DEFAULT_STATE_NAMESPACE } from './support';
export { KubeClusterWriter, type HelmRollbackRunner } from './writer';

export interface KubeAdapters {
  connection: KubeConnection;
  reader: ClusterReader;
  writer: ClusterWriter;
  access: AccessReviewer;
  lock: Lock;
  state: StateStore;
  /** Pending approvals (ConfigMaps in the state namespace); writes are refused in read-only mode. */
  approvals: KubeApprovalStore;
  events: AuditSink;
  /** The editor's label changes; refused by the connection in read-only mode. */
  labels: LabelWriter;
}

export interface KubeAdapterOptions extends ConnectOptions {
  /** Namespace of the lock Leases and state ConfigMaps (default remediator-system). */
  stateNamespace?: string;
  clock?: Clock;
  reader?: ReaderOptions;
  state?: StateStoreOptions;
  events?: EventSinkOptions;
  /** Nothing may be written (an untrusted workspace): see readOnly.ts. */
  readOnly?: boolean;
  /** Runs `helm rollback` for helmRollback actions; absent = such actions fail with a clear error. */
  helm?: HelmRollbackRunner;
}

/** Connects (no network yet) and builds every port implementation on that one connection. */
export function kubeAdapters(options: KubeAdapterOptions = {}): KubeAdapters {
  const connected = connect(options);
  // Read-only: every adapter shares one HTTP client that refuses writes, and the writing ports refuse first.
  const connection = options.readOnly ? { ...connected, http: new ReadOnlyKubeHttp(connected.kubeConfig, connected.server) } : connected;
  const { http } = connection;
  const clock = options.clock;
  const state = new KubeStateStore(http, options.stateNamespace, { clock, ...options.state });
  const writer = new KubeClusterWriter(http, clock, options.helm);
  return {
    connection,
    reader: new KubeClusterReader(http, { ...options.reader, clock }),
    writer: options.readOnly ? new DryRunOnlyWriter(writer) : writer,
    access: new KubeAccessReviewer(http, connection.userName),
    lock: options.readOnly ? new RefusingLock() : new KubeLeaseLock(http, options.stateNamespace, { clock }),
    state: options.readOnly ? new ReadOnlyStateStore(state) : state,
    approvals: new KubeApprovalStore(http, options.stateNamespace),
    events: options.readOnly ? new RefusingEventSink() : new KubeEventSink(http, { clock, ...options.events }),
    labels: new KubeLabelWriter(http),
  };
}
