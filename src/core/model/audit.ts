import type { Verdict } from './verdict';

export type PlanMode = 'manual' | 'suggest' | 'approval_required' | 'auto_execute' | 'abort';

export type Outcome =
  | 'dry_run'
  | 'suggested'
  | 'approval_pending'
  | 'blocked'
  | 'executed'
  | 'verified'
  | 'verification_failed'
  | 'rolled_back'
  | 'error';
export const OUTCOMES: readonly Outcome[] = [
  'dry_run', 'suggested', 'approval_pending', 'blocked', 'executed', 'verified', 'verification_failed',
  'rolled_back', 'error',
];
/** Outcomes that mean the action really changed the cluster (they count for cooldown and rate limits). */
export const ACTED_OUTCOMES: readonly Outcome[] = ['executed', 'verified', 'verification_failed', 'rolled_back'];

export interface TargetRef {
  namespace: string;
  kind: string;
  name: string;
}

export interface AuditTarget extends TargetRef {
  app?: string;
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
  action: unknown;
  actor: string;
  startedAt?: string;
  endedAt?: string;
  verification?: unknown;
  message?: string;
}
