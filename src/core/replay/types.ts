// The result of `remediator replay` (its --json output, documented in docs/replay.md).
import type { AuditTarget, Outcome, PlanMode, TargetRef } from '../model/audit';
import type { GuardrailId, VerdictStatus } from '../model/verdict';

/** Which record a replay entry is about. */
export interface ReplayedRecord {
  id?: string;
  time: string;
  incidentId: string;
  runbook: string;
  target: AuditTarget;
  outcome: Outcome;
}

export interface ReplayDecision {
  mode: PlanMode;
  /** Why this mode (after), or what the record said (before). */
  reason?: string;
  action?: string;
  verdicts: { guardrail: GuardrailId; status: VerdictStatus }[];
}

/** A guardrail whose verdict differs; `absent` when one side did not evaluate it (the target did not resolve). */
export interface VerdictChange {
  guardrail: GuardrailId;
  before: VerdictStatus | 'absent';
  after: VerdictStatus | 'absent';
  /** The reason of the verdict after (or before, when it is absent after). */
  reason: string;
}

export type ReplayEntry =
  | {
    status: 'changed' | 'unchanged';
    record: ReplayedRecord;
    /** What was named for the decision. */
    request: TargetRef;
    decidedAt: string;
    before: ReplayDecision;
    after: ReplayDecision;
    verdictChanges: VerdictChange[];
    /** One sentence: the verdicts that changed, else the new mode's reason. */
    reason: string;
    /** The slice left objects out: a change may come from what is missing. */
    truncated?: string;
    /** Caveats that make this replay less than exact (a metric measured with another query). */
    notes?: string[];
  }
  | { status: 'not_replayable'; record: ReplayedRecord; reason: string };

export interface ReplayReport {
  /** The runbook replayed (metadata.name of --runbook). */
  runbook: string;
  /** Whose recorded decisions were replayed (default: the same name). */
  recordedRunbook: string;
  summary: { decisions: number; changed: number; unchanged: number; notReplayable: number; otherRunbooks: number };
  /** In record order: changed, unchanged and not replayable entries. */
  entries: ReplayEntry[];
}
