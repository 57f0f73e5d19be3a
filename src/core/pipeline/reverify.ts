import type { Plan, VerificationPlan } from '../engine/plan';
import type { AuditRecord, TargetRef } from '../model/audit';
import type { ClusterReader } from '../ports';
import type { Baseline } from '../verify/checks';
import { verificationSummary, verifyLive } from './verifyLive';

/** What an `executed` audit record carries so the remediation can be verified again later. */
export interface StoredVerification {
  plan: VerificationPlan;
  workload?: TargetRef;
  baseline: Baseline;
}

export function storedVerification(record: AuditRecord): StoredVerification | undefined {
  const v = record.verification;
  if (record.outcome !== 'executed' || !v?.plan || !v.baseline) return undefined;
  return { plan: v.plan, baseline: v.baseline, ...(v.workload ? { workload: v.workload } : {}) };
}

/**
 * Re-verifies an earlier executed remediation against the live cluster (CLI `verify --audit-id`, the
 * editor's Verify command) and returns the record to append, with the same attempt id.
 */
export async function reverify(reader: ClusterReader, executed: AuditRecord, actor: string, now: () => Date, onProgress?: (text: string) => void): Promise<AuditRecord> {
  const stored = storedVerification(executed);
  if (!stored) throw new Error(`record ${executed.id ?? '(no id)'} carries no verification plan`);
  // Only the fields verification reads: target, workload and the verification plan.
  const plan = { target: executed.target, workload: stored.workload, verification: stored.plan } as Plan;
  const outcome = await verifyLive(reader, plan, stored.baseline, onProgress);
  const ok = outcome.status === 'verified';
  const failed = outcome.error ?? outcome.state?.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ');
  return {
    ...executed, time: now().toISOString(), outcome: ok ? 'verified' : outcome.status === 'failed' ? 'verification_failed' : 'error',
    actor, verification: { ...verificationSummary(outcome), reverified: true },
    message: ok ? `re-verified in ${(outcome.elapsedMs / 1000).toFixed(1)}s` : `re-verification ${outcome.status}: ${failed}`,
  };
}
