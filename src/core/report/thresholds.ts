// Every number the remediation report judges by, in one place (documented in docs/report.md). A runbook
// moves right on the autonomy spectrum (suggest -> approval -> auto) only on enough good evidence, and
// left on a little bad evidence: one failed rollback or a pattern of failed verifications is enough.

export const REPORT_THRESHOLDS = {
  /** Fewer actions than this in the period: not enough evidence to move right. */
  minimumActionsToMoveRight: 10,
  moveRight: {
    /** Verified / actions. */
    minimumPassRate: 0.95,
    /** (failed verifications + rollbacks) / actions. */
    maximumFailRate: 0.02,
    /** Inconclusive or unobservable verifications / actions. */
    maximumInconclusiveRate: 0.05,
    /** Recovered incidents that came back within the repeat window / recovered incidents. */
    maximumRepeatRate: 0.1,
    /** Approvals accepted / approvals requested (when the runbook asks for approvals). */
    minimumApprovalAcceptance: 0.9,
  },
  moveLeft: {
    /** At least this fail rate... */
    minimumFailRate: 0.2,
    /** ...over at least this many failures (one unlucky action among three is not a pattern). */
    minimumFailures: 2,
    minimumRepeatRate: 0.3,
    /** Repeats needed before the repeat rate counts. */
    minimumRepeats: 2,
    /** Any rollback that itself failed moves left: the cluster was left in a state nobody chose. */
    maximumRollbackFailures: 0,
  },
  /** An incident on the same runbook and service within this time after a verified recovery is a repeat. */
  repeatWindowMs: 24 * 3600_000,
} as const;

export type ReportThresholds = typeof REPORT_THRESHOLDS;
