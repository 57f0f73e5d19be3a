import type { HelmReleaseLookup } from '../helm/lookup';
import type { Deployment, Pod, StatefulSet } from '../k8s/types';
import type { OwnerLookup, SnapshotIndex } from '../k8s/snapshotIndex';
import type { TargetRef } from '../model/audit';
import type { Incident } from '../model/incident';
import type { Runbook } from '../model/runbook';
import type { GuardrailId, Verdict } from '../model/verdict';
import type { HistoryView } from '../engine/history';
import type { RunState } from '../engine/runState';
import type { MetricValues } from '../metrics/readings';

export interface EngineSettings {
  /** The label that marks a pod for restart (seed lab). */
  restartLabel: { key: string; value: string };
  /** Annotations on the namespace, workload or pod that block any action while present (value not "false"). */
  blockingAnnotations: string[];
  /** Global stop: nothing acts while engaged. */
  killSwitch: boolean;
  /** How long an executed action without a final record counts as in flight (ms). */
  inFlightWindowMs: number;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  restartLabel: { key: 'remediator.kubedojo.io/restart', value: 'true' },
  blockingAnnotations: [
    'remediator.kubedojo.io/active-incident',
    'remediator.kubedojo.io/maintenance',
    'remediator.kubedojo.io/paused',
  ],
  killSwitch: false,
  inFlightWindowMs: 30 * 60 * 1000,
};

/** The object a plan would change, with everything looked up once from the snapshot. */
export interface ResolvedTarget {
  /** What the action changes: a Pod for deletePod/evictPod, otherwise the Deployment or StatefulSet. */
  ref: TargetRef;
  /** The pod the decision is about (the target itself for pod actions, the marked pod otherwise). */
  pod?: Pod;
  /** The pod's controller chain (only when `pod` is set). */
  owner?: OwnerLookup;
  /** The Deployment that owns the pod, or the target Deployment itself. */
  deployment?: Deployment;
  /** The StatefulSet that owns the pod, or the target StatefulSet itself (never set with `deployment`). */
  statefulSet?: StatefulSet;
  /** The `app` label used for peers and history keys (pod label, else the workload's template label). */
  app?: string;
  /** The Helm release of the workload (only looked up for actions on a release). */
  helm?: HelmReleaseLookup;
}

/** Targets already chosen to act earlier in the same run (scan), indexed for concurrency, blast radius and the replica floor. */
export type { RunState };

export interface GuardrailContext {
  runbook: Runbook;
  incident: Incident;
  target: ResolvedTarget;
  /**
   * The snapshot. For a pod action's re-check right before acting it holds only the pod, its app's pods,
   * their owners, the namespace's PDBs and the Namespace (SnapshotScope.around): read nothing else.
   */
  index: SnapshotIndex;
  history: HistoryView;
  now: Date;
  settings: EngineSettings;
  run: RunState;
  /** Values measured for this target before deciding (metric preconditions); absent = none measured. */
  metrics?: MetricValues;
}

/** One guardrail: a pure function of its context. Never throws; an evaluation problem is an `error` verdict. */
export interface Guardrail {
  id: GuardrailId;
  evaluate(ctx: GuardrailContext): Verdict;
}
