// Ports: what the core needs from the outside world. Implemented in src/adapters, wired per entry point
// (CLI, extension, in-cluster Job). Core code only ever sees these interfaces.
import type { Approval } from '../approvals/approval';
import type { ActionDetails } from '../actions';
import type { PlannedAction, Permission } from '../engine/plan';
import type { ClusterSnapshot, Deployment, Pod } from '../k8s/types';
import type { HelmReleaseRead } from '../helm/release';
import type { AuditRecord, TargetRef } from '../model/audit';
import type { NotificationAttemptRecord } from '../audit/notificationAttempt';
import type { ActionType } from '../model/runbook';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What part of the cluster a snapshot covers. */
export interface SnapshotScope {
  /** Namespaces to read; empty or absent = all namespaces the user can list. */
  namespaces?: readonly string[];
  /** Also read Namespace objects (for blocking annotations); skipped silently when forbidden. */
  includeNamespaces?: boolean;
  /** Leave pods out (the caller lists the pods it needs with `listPods`). */
  withoutPods?: boolean;
  /**
   * Only what a decision on this one pod depends on (one namespace): the pod, the pods sharing its `app`
   * label, their ReplicaSets and controllers, the namespace's PDBs and the Namespace. A reader may read
   * the whole namespace instead; a decision on that pod is the same on either (test/cluster/aroundPod.test.ts).
   * A guardrail that reads more than this for a pod action must widen src/adapters/k8s/aroundPod.ts.
   */
  around?: {
    pod: string;
    app: string;
    /** The pod's workload as last seen (read alongside; its current controllers are read in any case). */
    workload?: { kind: string; name: string };
  };
}

/** Something observed to change; `stop()` ends the subscription. */
export interface Subscription {
  stop(): void;
}

export interface ClusterReader {
  /** Pods, ReplicaSets, Deployments, StatefulSets, PDBs (and Namespaces) with few calls; sets `takenAt`. */
  snapshot(scope: SnapshotScope): Promise<ClusterSnapshot>;
  /** Pods matching a label selector in these namespaces (all namespaces when empty). */
  listPods(namespaces: readonly string[], labelSelector: string): Promise<Pod[]>;
  /**
   * Calls `onChange` with a fresh snapshot of `namespace` whenever a pod, ReplicaSet or Deployment there
   * changes (watch-driven, no polling), and once right away. `onError` reports a broken watch.
   */
  watchNamespace(namespace: string, onChange: (snapshot: ClusterSnapshot) => void, onError: (err: Error) => void): Promise<Subscription>;
}

/** What one writer operation did: its type, what the server accepted in words, and typed facts for later. */
export interface ActionResultOf<T extends ActionType> {
  type: T;
  /** What the server accepted, in words. */
  summary: string;
  /** Facts needed later (e.g. the previous replica count, the revision rolled back to). */
  details: ActionDetails[T];
}
export type ActionResult = { [T in ActionType]: ActionResultOf<T> }[ActionType];

export interface ClusterWriter {
  /** Runs the action as a server-side dry run (nothing changes) when `dryRun`, for real otherwise. */
  apply(action: PlannedAction, options: { dryRun: boolean }): Promise<ActionResult>;
  /** Rollback primitives used when verification fails. */
  scaleDeployment(ref: TargetRef, replicas: number, options: { dryRun: boolean }): Promise<ActionResultOf<'scaleDeployment'>>;
  scaleStatefulSet(ref: TargetRef, replicas: number, options: { dryRun: boolean }): Promise<ActionResultOf<'scaleStatefulSet'>>;
  rolloutUndo(ref: TargetRef, toRevision: number | undefined, options: { dryRun: boolean }): Promise<ActionResultOf<'rollbackDeployment'>>;
}

/** The editor's label changes (opt in or out a workload, mark or unmark a pod for restart). */
export interface LabelWriter {
  /** Sets `key` to `value` on the object, or removes it when `value` is undefined; throws a ClusterError. */
  setLabel(target: TargetRef, key: string, value: string | undefined): Promise<void>;
}

/** Helm release histories, read from the release Secrets through the API (no helm process). */
export interface HelmReleaseReader {
  /** Never rejects for a missing or unreadable release: that is an `ok: false` read (or no revisions). */
  read(namespace: string, release: string): Promise<HelmReleaseRead>;
}

export interface AccessCheck {
  permission: Permission;
  allowed: boolean;
  reason?: string;
}

export interface AccessReviewer {
  /** One SelfSubjectAccessReview per permission. */
  check(permissions: readonly Permission[]): Promise<AccessCheck[]>;
  /** The Kubernetes user or service account acting (for the audit actor). */
  whoAmI(): Promise<string>;
}

/** A held lock; `release()` is safe to call twice. */
export interface LockHandle {
  release(): Promise<void>;
}

export interface Lock {
  /** Takes the lock for `key` or returns undefined when someone else holds it (never waits silently). */
  tryAcquire(key: string, holder: string, ttlSeconds: number): Promise<LockHandle | undefined>;
  /** True while this process holds `key` (tryAcquire would refuse): asked first, so a refusal costs no request. */
  heldHere?(key: string): boolean;
}

/** Pending approvals, shared by every actor (in the cluster); writes are compare-and-swap. */
export interface ApprovalStore {
  create(approval: Approval): Promise<void>;
  /** undefined: no such approval. `problem`: it exists but cannot be read (never acted on). */
  get(id: string): Promise<{ approval: Approval; version: string } | { problem: string } | undefined>;
  list(): Promise<{ approvals: Approval[]; problems: string[] }>;
  /** Writes `next` only if the stored approval is still at `version`; false when someone else changed it first. */
  update(next: Approval, version: string): Promise<boolean>;
}

/** Which of several serve replicas may act (the others receive, record and wait). */
export interface Leadership {
  isLeader(): boolean;
  /** The holder last seen (ourselves when leader); undefined before the first look or when nobody holds it. */
  holder(): string | undefined;
  /** True once the Lease has been read at least once (readiness: leadership known). */
  known(): boolean;
}

/** Shared history for cooldown, rate limit and circuit breaker (in the cluster, so every actor sees it). */
export interface StateStore {
  history(runbook: string): Promise<AuditRecord[]>;
  record(entry: AuditRecord): Promise<void>;
  /**
   * Optional: keep a record no guardrail reads (a decision that changed nothing) soon, without waiting
   * for it (serve batches them into one write a moment later). A store without it gets `record`.
   */
  note?(entry: AuditRecord): void;
}

export interface AuditSink {
  write(record: AuditRecord): Promise<void>;
  /** A notification delivery attempt (sinks that keep a log: the JSONL audit file). */
  attempt?(record: NotificationAttemptRecord): Promise<void>;
}

/** The typed errors adapters raise, so front ends can say one clear thing. */
export class ClusterError extends Error {
  constructor(message: string, readonly kind: 'unreachable' | 'forbidden' | 'not_found' | 'conflict' | 'blocked_by_pdb' | 'invalid' | 'config' | 'other', readonly status?: number) {
    super(message);
    this.name = 'ClusterError';
  }
}

/**
 * Recognises a ClusterError by name, not by class identity: the extension loads the Kubernetes adapters
 * from a bundle of their own, which carries its own copy of this class.
 */
export function isClusterError(err: unknown, kind?: ClusterError['kind']): err is ClusterError {
  const e = err as { name?: unknown; kind?: unknown } | null;
  return typeof e === 'object' && e !== null && e.name === 'ClusterError' && (kind === undefined || e.kind === kind);
}

export type { Deployment, Pod };

/** One series of an instant vector: its labels and its value (NaN and ±Infinity kept as such). */
export interface MetricSample {
  labels: Readonly<Record<string, string>>;
  value: number;
  /** Evaluation time in Unix seconds, as Prometheus reports it. */
  timestamp: number;
}

/** What an instant query returned; an empty vector is `no_data`, never a zero. */
export type MetricQueryResult =
  | { kind: 'scalar'; value: number; timestamp: number }
  | { kind: 'vector'; samples: readonly MetricSample[] }
  | { kind: 'no_data' };

export interface MetricQueryOptions {
  /** Evaluation time; absent = the server's now. */
  time?: Date;
}

/** Instant queries against a Prometheus-compatible API (`/api/v1/query`), each with its own timeout. */
export interface MetricsReader {
  /** Rejects with a MetricsError; never resolves with a partial or guessed value. */
  query(promql: string, options?: MetricQueryOptions): Promise<MetricQueryResult>;
}

/**
 * The typed errors of a metrics query. `http_status` carries Prometheus's own message (e.g. a parse error);
 * `multiple_series` is raised where one value is needed and the query returned several (aggregate it).
 */
export class MetricsError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'timeout' | 'http_status' | 'bad_response' | 'multiple_series' | 'config',
    readonly details: { status?: number; errorType?: string; prometheusMessage?: string; series?: ReadonlyArray<Readonly<Record<string, string>>> } = {},
  ) {
    super(message);
    this.name = 'MetricsError';
  }
}

/** Recognises a MetricsError by name (a bundle of its own may carry another copy of the class). */
export function isMetricsError(err: unknown, kind?: MetricsError['kind']): err is MetricsError {
  const e = err as { name?: unknown; kind?: unknown } | null;
  return typeof e === 'object' && e !== null && e.name === 'MetricsError' && (kind === undefined || e.kind === kind);
}
