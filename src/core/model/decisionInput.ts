// What a decision read, kept on its audit record so `remediator replay` can decide it again with another
// runbook: the incident, the clock, the engine settings, the metric values and a bounded slice of the
// cluster state (the target, its controller chain, the pods the replica floor counted, the budgets that
// cover it, its namespace). Written by the pipeline (src/core/replay/slice.ts), read back by the one
// record reader (src/core/audit/shape.ts). See docs/replay.md.
import type { EngineSettings } from '../guardrails/types';
import type { Deployment, Namespace, Pod, PodDisruptionBudget, ReplicaSet, StatefulSet } from '../k8s/types';
import type { MetricReading } from '../metrics/readings';
import type { TargetRef } from './audit';
import type { Incident } from './incident';

/** Bumped when the slice changes in a way an older replay could misread; a reader skips other versions. */
export const DECISION_INPUT_VERSION = 1;

/** One object of the slice, trimmed to the fields the engine reads, with its kind (the kind guards check it on reading). */
export type SliceObject =
  | (Pod & { kind: 'Pod' })
  | (ReplicaSet & { kind: 'ReplicaSet' })
  | (Deployment & { kind: 'Deployment' })
  | (StatefulSet & { kind: 'StatefulSet' })
  | (PodDisruptionBudget & { kind: 'PodDisruptionBudget' })
  | (Namespace & { kind: 'Namespace' });

/** What was left out of a slice to keep it bounded (counts of objects not kept). */
export interface SliceTruncation {
  pods?: number;
  replicaSets?: number;
  podDisruptionBudgets?: number;
  metrics?: number;
  /** Plain words: "kept 100 of 340 pods of Deployment web (the limit)". */
  reason: string;
}

export interface DecisionInput {
  version: typeof DECISION_INPUT_VERSION;
  /** What was named for the decision (a pod named for a Deployment-level action stays the pod). */
  request: TargetRef;
  /** The decision's clock (plan.decidedAt). */
  decidedAt: string;
  /** The incident as the engine saw it (a restart label's implied incident included). */
  incident: Incident;
  settings: EngineSettings;
  /** Metric precondition values by name, as measured before deciding. */
  metrics?: Record<string, MetricReading>;
  state: {
    takenAt?: string;
    /** A Kubernetes List's items: the slice's objects. */
    items: SliceObject[];
    unreadableNamespaces?: Record<string, string>;
  };
  truncated?: SliceTruncation;
}

/** What the record reader puts in place of a slice it cannot use (damaged, or from another version); never written. */
export interface UnreadableDecisionInput {
  unreadable: string;
}

export type RecordedDecisionInput = DecisionInput | UnreadableDecisionInput;

export function isReadableInput(input: RecordedDecisionInput | undefined): input is DecisionInput {
  return input !== undefined && !('unreadable' in input);
}
