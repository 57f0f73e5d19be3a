import type { VerificationPlan } from '../engine/plan';
import type { Baseline, CheckResult } from '../verify/checks';
import type { VerificationMetric } from './runbook';
import type { RecordedDecisionInput } from './decisionInput';
import type { Verdict } from './verdict';

export type PlanMode = 'manual' | 'suggest' | 'approval_required' | 'auto_execute' | 'abort';
export const PLAN_MODES: readonly PlanMode[] = ['manual', 'suggest', 'approval_required', 'auto_execute', 'abort'];

export type Outcome =
  | 'dry_run'
  | 'suggested'
  | 'approval_pending'
  | 'blocked'
  | 'executed'
  | 'verified'
  | 'verification_failed'
  | 'rolled_back'
  /** Acted; the metrics neither proved recovery nor failure (no data, the deadline): a human decides. */
  | 'verification_inconclusive'
  /** Shadow mode: everything up to the action was done (re-check, server dry run); the action was not. */
  | 'shadowed'
  | 'error';
export const OUTCOMES: readonly Outcome[] = [
  'dry_run', 'suggested', 'approval_pending', 'blocked', 'executed', 'verified', 'verification_failed',
  'rolled_back', 'verification_inconclusive', 'shadowed', 'error',
];
/** Outcomes that mean the action really changed the cluster (they count for cooldown and rate limits). */
export const ACTED_OUTCOMES: readonly Outcome[] = ['executed', 'verified', 'verification_failed', 'rolled_back', 'verification_inconclusive'];

export interface TargetRef {
  namespace: string;
  kind: string;
  name: string;
}

export interface AuditTarget extends TargetRef {
  app?: string;
}

/** What a record's remediation did (or would do): an action type from the registry, or `label` for the editor's label changes. */
export interface AuditAction {
  type: string;
  /** Plain words: "delete pod web-7d4b9-abcde in aiops-remediation-lab" (the shared state's compact records leave it out). */
  description?: string;
  /** Facts the writer reported (previous replica count, revision rolled back to). */
  details?: Record<string, unknown>;
}

export type VerificationStatus = 'verified' | 'failed' | 'unobservable' | 'inconclusive';
export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['verified', 'failed', 'unobservable', 'inconclusive'];

/**
 * One verification metric in the audit record: its verdict and its samples (bounded). `not_run`: measured
 * at decision time only (a dry run, or a decision that did not act); `running`: the executed record, before
 * verification ends.
 */
export interface AuditMetricCheck {
  name: string;
  status: 'not_run' | 'running' | VerificationStatus;
  reason?: string;
  /** The value at decision time, when there was one. */
  baseline?: number;
  /**
   * On the executed record: the metric as checked, its query filled in for the target, so a later
   * `remediator verify --audit-id` samples it again without the runbook file (which may have changed).
   */
  metric?: VerificationMetric;
  samples: { at: string; value?: number; verdict: 'success' | 'failure' | 'inconclusive' | 'no_data' | 'error' }[];
}
export const METRIC_SAMPLE_VERDICTS = ['success', 'failure', 'inconclusive', 'no_data', 'error'] as const;

/**
 * A record's verification. The `executed` record carries what to check (plan, workload, baseline), so a
 * later `remediator verify --audit-id` can check again; the records after it carry what was found
 * (status, elapsedMs, checks, error). One shape, so every reader reads the same fields.
 */
export interface AuditVerification {
  plan?: VerificationPlan;
  /** The Deployment whose pods are checked when the target is a pod. */
  workload?: TargetRef;
  /** The workload right before the action, to tell new pods from old. */
  baseline?: Baseline;
  status?: VerificationStatus;
  /** From the start of verification to the decisive observation. */
  elapsedMs?: number;
  checks?: CheckResult[];
  /** Why the cluster could not be observed. */
  error?: string;
  /** Verification metrics (Prometheus): baselines on the executed record, verdicts and samples after it. */
  metrics?: AuditMetricCheck[];
  /** Checked again later (`remediator verify`), not right after the action. */
  reverified?: boolean;
}

/** One line of the audit log (JSONL). History for cooldown, rate limit and circuit breaker is read from it. */
export interface AuditRecord {
  /** Unique id of this record's remediation attempt (shared by its executed/verified records). */
  id?: string;
  time: string;
  incidentId: string;
  runbook: string;
  target: AuditTarget;
  mode: PlanMode;
  outcome: Outcome;
  verdicts: Verdict[];
  action: AuditAction;
  actor: string;
  startedAt?: string;
  endedAt?: string;
  verification?: AuditVerification;
  message?: string;
  /**
   * What the decision read (bounded), on the first record of each decision, for `remediator replay`.
   * Absent on older records and on the follow-up records of an attempt (verified, rolled back...).
   */
  decisionInput?: RecordedDecisionInput;
}
