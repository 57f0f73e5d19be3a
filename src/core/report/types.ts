// The remediation report's data: `remediator report --json` prints exactly this, and the editor's report
// view will read the same. Documented field by field in docs/report.md.
import type { ReportThresholds } from './thresholds';

/** `count` of `of`; `rate` is null when `of` is 0 (nothing to divide: no evidence, not 0 %). */
export interface Rate {
  count: number;
  of: number;
  rate: number | null;
}

/** Durations in seconds; null when there is no sample. */
export interface DurationStats {
  count: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface GroupStats {
  /** Distinct incidents with at least one decision that was not a preview. */
  incidents: number;
  /** Attempts that were only dry runs (previews); not counted in any rate. */
  previews: number;
  /** Attempts that were not previews. */
  decisions: number;
  /** Attempts that changed the cluster. */
  actions: number;
  /** Incidents whose service an action restored (verified) / incidents. */
  automatedRecovery: Rate;
  verification: {
    /** Each of actions. */
    passed: Rate;
    failed: Rate;
    /** Inconclusive, or the cluster or metrics could not be observed. */
    inconclusive: Rate;
    /** Actions with no verification result yet (in flight, or the process stopped). */
    unfinished: number;
  };
  guardrailBlocks: {
    /** Decisions that aborted on a guardrail / decisions. */
    all: Rate;
    /** Per guardrail whose verdict was fail or error in an aborted decision, most blocking first (of: decisions). */
    byGuardrail: { guardrail: string; count: number; rate: number | null }[];
    /** Aborted decisions whose record lists no verdicts (compact shared-state records). */
    unattributed: number;
  };
  /** Incidents where a human was asked to approve, and those where an approved action followed. */
  approvals: Rate;
  /** Incident start (its first record) -> the decision that acted, or the final refusal. */
  timeToDecide: DurationStats;
  /** Incident start -> verified. */
  timeToRestore: DurationStats;
  /** Recovered incidents followed by another incident on the same runbook and service within the repeat window. */
  repeatedIncidents: Rate;
  /** Failures the automation itself caused. */
  automationFailures: { failedVerifications: number; rollbacks: number; rollbackFailures: number; unobservable: number; total: number };
}

export type ReadinessVerdict = 'move_right' | 'hold' | 'move_left';

export interface Readiness {
  verdict: ReadinessVerdict;
  /** "ready to move right", "hold", "move left", with the main reason. */
  summary: string;
  /** The measured facts behind the verdict, one sentence each. */
  evidence: string[];
}

export interface ServiceReport extends GroupStats {
  /** The app label, else the workload, else the object name. */
  service: string;
}

export interface RunbookReport extends GroupStats {
  runbook: string;
  readiness: Readiness;
  services: ServiceReport[];
}

export interface RemediationReport {
  generatedAt: string;
  /** Start of the period (records before it are left out); absent = everything. */
  since?: string;
  sources: {
    /** Records read from the audit log and from the shared state, after removing what both held. */
    auditRecords: number;
    sharedStateRecords: number;
    /** Caveats about the data, one sentence each. */
    notes: string[];
  };
  thresholds: ReportThresholds;
  runbooks: RunbookReport[];
}
