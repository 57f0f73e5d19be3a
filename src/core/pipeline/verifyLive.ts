import type { Plan } from '../engine/plan';
import type { ClusterSnapshot } from '../k8s/types';
import type { AuditVerification } from '../model/audit';
import type { ClusterReader, Subscription } from '../ports';
import { evaluateVerification, type Baseline, type VerificationState } from '../verify/checks';

export interface VerificationOutcome {
  status: 'verified' | 'failed' | 'unobservable';
  state?: VerificationState;
  /** Time from the start of verification to the decisive observation (ms). */
  elapsedMs: number;
  /** Last watch error, when the cluster could not be observed. */
  error?: string;
}

/** What an audit record keeps of a verification outcome: status, time taken, each check, the watch error. */
export function verificationSummary(o: VerificationOutcome): AuditVerification {
  return {
    status: o.status, elapsedMs: o.elapsedMs,
    ...(o.state ? { checks: o.state.checks } : {}),
    ...(o.error !== undefined ? { error: o.error } : {}),
  };
}

/**
 * Watches the target's namespace and re-evaluates the checks on every change, until they all pass or the
 * runbook's deadline passes. No polling, no fixed sleep: the only timer is the deadline.
 */
export function verifyLive(reader: ClusterReader, plan: Plan, baseline: Baseline, onProgress?: (text: string) => void): Promise<VerificationOutcome> {
  const started = Date.now();
  const timeoutMs = plan.verification.timeoutSeconds * 1000;
  return new Promise((resolve) => {
    let finished = false;
    let subscription: Subscription | undefined;
    let last: VerificationState | undefined;
    let lastError: string | undefined;
    let lastDetail = '';
    const finish = (outcome: Omit<VerificationOutcome, 'elapsedMs'>) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      subscription?.stop();
      resolve({ ...outcome, elapsedMs: Date.now() - started });
    };
    const deadline = setTimeout(() => {
      // Losing sight of the cluster is not proof of failure: report it as unobservable, not failed.
      if (lastError) finish({ status: 'unobservable', state: last, error: lastError });
      else finish({ status: 'failed', state: last });
    }, timeoutMs);
    const onChange = (snapshot: ClusterSnapshot) => {
      if (finished) return;
      lastError = undefined;
      last = evaluateVerification(plan, baseline, snapshot);
      const detail = last.checks.map((c) => `${c.ok ? 'ok' : 'waiting'}: ${c.detail}`).join('; ');
      if (detail !== lastDetail) { lastDetail = detail; onProgress?.(detail); }
      if (last.passed) finish({ status: 'verified', state: last });
    };
    const onError = (err: Error) => {
      lastError = err.message;
      onProgress?.(`cannot observe the cluster: ${err.message}`);
    };
    reader.watchNamespace(plan.target.namespace, onChange, onError).then(
      (sub) => { if (finished) sub.stop(); else subscription = sub; },
      (err: unknown) => finish({ status: 'unobservable', error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
