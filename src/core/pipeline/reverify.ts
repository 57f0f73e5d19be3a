import type { Plan, VerificationPlan } from '../engine/plan';
import type { AuditRecord, TargetRef } from '../model/audit';
import type { AccessReviewer, Clock, ClusterReader, MetricsReader } from '../ports';
import type { Baseline } from '../verify/checks';
import { initialState } from '../verify/metricCheck';
import type { PrometheusCheck, Sleep } from '../verify/metricProvider';
import { auditMetrics, verifyWithMetrics } from './verifyMetrics';
import { verificationSummary } from './verifyLive';
import { writeAuditRecord, type AuditPath } from './auditPath';

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
 * The verification metrics of an executed record, to sample again now against their recorded baselines.
 * No initial delay: the action settled long ago. A metric recorded without its query cannot be sampled.
 */
export function storedMetricChecks(record: AuditRecord): { checks: PrometheusCheck[]; unreadable: string[] } {
  const checks: PrometheusCheck[] = [];
  const unreadable: string[] = [];
  for (const m of record.verification?.metrics ?? []) {
    if (!m.metric) { unreadable.push(m.name); continue; }
    checks.push({
      metric: { ...m.metric, initialDelay: '0s' },
      query: { name: m.name, ok: true, query: m.metric.query },
      ...(m.baseline !== undefined ? { baseline: { kind: 'value', value: m.baseline, query: m.metric.query } } : {}),
    });
  }
  return { checks, unreadable };
}

export interface ReverifyOptions {
  /** Prometheus, for the record's verification metrics; absent = they cannot be observed. */
  metrics?: MetricsReader;
  sleep?: Sleep;
}

const OUTCOME = { verified: 'verified', failed: 'verification_failed', inconclusive: 'verification_inconclusive', unobservable: 'error' } as const;

/**
 * Re-verifies an earlier executed remediation against the live cluster and, when it has verification
 * metrics, Prometheus (CLI `verify --audit-id`, the editor's Verify command), and returns the record to
 * append, with the same attempt id. Metrics are sampled again now and compared with their recorded baselines.
 */
export async function reverify(reader: ClusterReader, executed: AuditRecord, actor: string, now: () => Date,
  onProgress?: (text: string) => void, options: ReverifyOptions = {}): Promise<AuditRecord> {
  const stored = storedVerification(executed);
  if (!stored) throw new Error(`record ${executed.id ?? '(no id)'} carries no verification plan`);
  // Only the fields verification reads: target, workload and the verification plan.
  const plan = { target: executed.target, workload: stored.workload, verification: stored.plan } as Plan;
  const { checks, unreadable } = storedMetricChecks(executed);
  const combined = await verifyWithMetrics(reader, options.metrics, plan, stored.baseline, checks,
    { now: () => now().getTime(), ...(options.sleep ? { sleep: options.sleep } : {}), ...(onProgress ? { onProgress } : {}) });
  const lost = unreadable.map((name) => ({ ...initialState(name), status: 'unobservable' as const, reason: 'the record does not carry the query to sample it again' }));
  const metricStates = [...combined.metrics, ...lost];
  const status = lost.length > 0 && combined.status !== 'failed' ? 'unobservable' : combined.status;
  const outcome = combined.cluster;
  const metrics = checks.length + lost.length > 0
    ? { metrics: [...auditMetrics(checks, combined.metrics), ...lost.map((s) => ({ name: s.name, status: s.status, reason: s.reason, samples: [] }))] } : {};
  const metricText = metricStates.map((m) => `${m.name} ${m.status}: ${m.reason ?? ''}`).join('; ');
  const clusterText = outcome.error ?? outcome.state?.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ') ?? '';
  const why = [clusterText, metricText].filter((t) => t !== '').join('; ');
  return {
    ...executed, time: now().toISOString(), outcome: OUTCOME[status],
    actor, verification: { ...verificationSummary(outcome), status, ...metrics, reverified: true },
    message: status === 'verified' ? `re-verified in ${(outcome.elapsedMs / 1000).toFixed(1)}s${metricText ? `; ${metricText}` : ''}` : `re-verification ${status}: ${why}`,
  };
}

export interface ReverifyDeps extends AuditPath {
  reader: ClusterReader;
  access: AccessReviewer;
  clock: Clock;
  metrics?: MetricsReader;
  sleep?: Sleep;
  onProgress?(text: string): void;
}

/**
 * Re-verifies and records the result like every other record: the audit sinks (Events too) and the
 * shared state, so a failed re-verification counts for the circuit breaker of every actor. It keeps the
 * attempt's id, so the breaker counts one failure per attempt however often it is re-verified.
 * The CLI's `verify --audit-id` and the editor's Verify command both run this.
 */
export async function reverifyAndRecord(executed: AuditRecord, deps: ReverifyDeps): Promise<{ record: AuditRecord; warnings: string[] }> {
  const record = await reverify(deps.reader, executed, await deps.access.whoAmI(), () => deps.clock.now(), deps.onProgress,
    { ...(deps.metrics ? { metrics: deps.metrics } : {}), ...(deps.sleep ? { sleep: deps.sleep } : {}) });
  return { record, warnings: await writeAuditRecord(record, deps) };
}
