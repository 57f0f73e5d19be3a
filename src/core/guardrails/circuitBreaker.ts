import type { AuditRecord } from '../model/audit';
import type { CircuitBreakerConfig } from '../model/runbook';
import { defineGuardrail, describeApp, historyKeyOf, invalidLimit, invalidNow, plural, utcClock, verdict, windowStart } from './common';
import type { GuardrailContext } from './types';

const id = 'circuitBreaker';
const FAILURE_OUTCOMES = ['verification_failed', 'rolled_back'] as const;
export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerConfig = { failureThreshold: 3, windowMinutes: 60 };

interface Breaker { threshold: number; windowMinutes?: number; disablesRunbook: boolean; config: unknown }

/**
 * An escalation that disables the runbook (the seed's "open_incident_and_disable_runbook") opens the
 * breaker on the first failure, with no window: it stays open until a human resets the history. Such a
 * runbook cannot loosen that with a circuitBreaker block. Otherwise the configured breaker, or 3 in 60 minutes.
 */
function breakerFor(ctx: GuardrailContext): Breaker {
  const configured = ctx.runbook.spec.guardrails?.circuitBreaker;
  const onFailure = ctx.runbook.spec.escalation?.onVerificationFailure ?? '';
  if (onFailure.includes('disable_runbook')) return { threshold: 1, disablesRunbook: true, config: configured };
  const c = configured ?? DEFAULT_CIRCUIT_BREAKER;
  return { threshold: c.failureThreshold, windowMinutes: c.windowMinutes, disablesRunbook: false, config: c };
}

/** One failure per attempt: a rolled_back record after a verification_failed one is the same attempt. */
function failedAttempts(records: AuditRecord[]): AuditRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    if (!r.id) return true;
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

/** Failed verifications and rollbacks for runbook + namespace + app open the breaker: stop and escalate. */
export const circuitBreaker = defineGuardrail(id, (ctx) => {
  const breaker = breakerFor(ctx);
  const invalid = invalidLimit(breaker.threshold, 'circuitBreaker.failureThreshold')
    ?? (breaker.windowMinutes === undefined ? undefined : invalidLimit(breaker.windowMinutes, 'circuitBreaker.windowMinutes'));
  if (invalid) return verdict(id, 'error', invalid);
  const badNow = invalidNow(id, ctx.now);
  if (badNow) return badNow;
  // With no window (a runbook that disables itself) every recorded failure counts, whenever it was.
  const since = breaker.windowMinutes === undefined ? new Date(-8.64e15) : windowStart(id, ctx.now, breaker.windowMinutes);
  if (!(since instanceof Date)) return since;
  const { runbook, namespace } = historyKeyOf(ctx);
  const history = ctx.history.since(runbook, namespace, ctx.target.app, since, FAILURE_OUTCOMES);
  if (!history.ok) return verdict(id, 'error', `cannot tell whether the circuit breaker for ${runbook} on ${describeApp(ctx.target)} is open: ${history.reason}`);
  const failures = failedAttempts(history.records);
  const last = failures[failures.length - 1];
  const window = breaker.windowMinutes === undefined ? 'in the recorded history' : `in the last ${plural(breaker.windowMinutes, 'minute')}`;
  const evidence = {
    runbook, namespace, app: ctx.target.app, failures: failures.length, threshold: breaker.threshold,
    windowMinutes: breaker.windowMinutes ?? null, disablesRunbook: breaker.disablesRunbook, lastFailureAt: last?.time,
  };
  const where = describeApp(ctx.target);
  const count = `${plural(failures.length, 'failed verification or rollback', 'failed verifications or rollbacks')} ${window}`;
  if (failures.length >= breaker.threshold) {
    const lastAt = last ? ` (last at ${utcClock(new Date(last.time))}, ${last.time.slice(0, 10)})` : '';
    const why = breaker.disablesRunbook
      ? `the runbook escalates with ${ctx.runbook.spec.escalation.onVerificationFailure}, so it stays disabled until a human resets it`
      : `it opens at ${breaker.threshold}`;
    return verdict(id, 'fail', `the circuit breaker for ${runbook} on ${where} is open: ${count}${lastAt}; ${why}`, evidence);
  }
  const opens = breaker.disablesRunbook ? 'one failed verification disables the runbook' : `it opens at ${breaker.threshold}`;
  return verdict(id, 'pass', `the circuit breaker for ${runbook} on ${where} is closed: ${count}; ${opens}`, evidence);
});
