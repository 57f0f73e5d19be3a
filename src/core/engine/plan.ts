import type { HelmComparison } from '../helm/compare';
import type { RevisionChoice } from '../helm/lookup';
import type { PlanMode, TargetRef } from '../model/audit';
import type { Incident } from '../model/incident';
import type { ActionType, RollbackType, VerificationCheck } from '../model/runbook';
import type { Verdict } from '../model/verdict';
import type { MetricCheckRow } from '../metrics/checkRows';

/** A Helm rollback as planned; `comparison` is absent when no target revision could be chosen. */
export interface HelmRollbackPlan {
  release: string;
  namespace: string;
  requested: RevisionChoice;
  fromRevision?: number;
  comparison?: HelmComparison;
}

/** One RBAC permission a plan needs (checked with a SelfSubjectAccessReview before acting). */
export interface Permission {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace: string;
}

/** The concrete change a plan would make, resolved against the snapshot. */
export interface PlannedAction {
  type: ActionType;
  target: TargetRef;
  /** Plain words: "delete pod web-7d4b9-abcde in aiops-remediation-lab". */
  description: string;
  /** False only for read-only actions (collectEvidence). */
  mutating: boolean;
  /** Preconditions the writer enforces, so a replacement is never acted on by mistake. */
  preconditions?: { uid?: string; resourceVersion?: string };
  fromReplicas?: number;
  toReplicas?: number;
  /** For rollbacks: the ReplicaSet revision rolled back to. */
  toRevision?: number;
  /** The equivalent kubectl (or helm) command, for display only (never executed as text). */
  equivalentCommand: string;
  /** helmRollback: the release, the revisions and what rolling back changes. */
  helm?: HelmRollbackPlan;
  permissions: Permission[];
}

export interface VerificationStep {
  check: VerificationCheck;
  /** "the replacement pod for web is Ready" */
  description: string;
}

export interface VerificationPlan {
  checks: VerificationStep[];
  timeoutSeconds: number;
  /** What the cluster should look like when verification passes. */
  expect: { desiredReplicas?: number; replacedPodUid?: string; pods?: number };
}

export interface RollbackPlan {
  type: RollbackType;
  description: string;
  /** What could go wrong when rolling back, in words for the approver. */
  risk: string;
  notes?: string;
}

export interface CurrentState {
  summary: string;
  desiredReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  podPhase?: string;
  podReady?: boolean;
  podProblem?: string;
  restarts?: number;
}

/** Everything a human needs to approve an approval_required plan without reading a script. */
export interface ApprovalPayload {
  runbook: string;
  incidentId: string;
  symptom: string;
  probableCause?: string;
  confidence: number;
  target: TargetRef;
  currentState: CurrentState;
  guardrails: Verdict[];
  action: PlannedAction;
  verification: VerificationPlan;
  rollback: RollbackPlan;
  /** The metric checks with their values at decision time (each verification metric's baseline). */
  metricChecks?: MetricCheckRow[];
}

/** The decision for one target. Rendered by the panel, the CLI and the audit log; nobody recomputes it. */
export interface Plan {
  runbook: string;
  incident: Incident;
  /** What the action changes. */
  target: TargetRef;
  /** The owning workload when the target is a pod. */
  workload?: TargetRef;
  app?: string;
  mode: PlanMode;
  /** Why this mode, in one sentence. */
  modeReason: string;
  trigger: { symptomMatched: boolean; causeMatched: boolean | 'not_given'; confidence: number; minimumConfidence: number };
  verdicts: Verdict[];
  action: PlannedAction;
  verification: VerificationPlan;
  rollback: RollbackPlan;
  escalation: { onGuardrailFailure: string; onVerificationFailure: string; now?: string };
  currentState: CurrentState;
  sentence: string;
  approval?: ApprovalPayload;
  /** When the runbook has metric checks: each with its live value at decision time, baseline and verdict. */
  metricChecks?: MetricCheckRow[];
  decidedAt: string;
  stateTakenAt?: string;
}

/** Modes that may change the cluster (with confirmation/approval as the mode says). */
export function mayExecute(mode: PlanMode): boolean {
  return mode === 'auto_execute' || mode === 'approval_required';
}
