// The one path every audit record takes, whoever made it (an action, a re-verification, a label change):
// each audit sink (JSONL, Kubernetes Events, the output channel or stdout), then the shared state, so
// cooldowns, rate limits and the circuit breaker of every actor see it.
import { isActionRecord } from '../audit/retention';
import type { AuditRecord, Outcome } from '../model/audit';
import type { AuditSink, StateStore } from '../ports';

export interface AuditPath {
  audit: readonly AuditSink[];
  state: StateStore;
}

/** Outcomes that change nothing (a dry run, a suggestion, a plan waiting for approval) stay out of the shared state. */
const NOT_IN_STATE: readonly Outcome[] = ['dry_run', 'suggested', 'approval_pending'];

export function belongsInSharedState(outcome: Outcome): boolean {
  return !NOT_IN_STATE.includes(outcome);
}

/**
 * Writes `record` to every sink, then (unless `skipState`, or its outcome changes nothing) to the shared
 * state. One sink failing (an Event the cluster refuses) does not keep the record from the others:
 * each failure is returned as a warning sentence.
 */
export async function writeAuditRecord(record: AuditRecord, path: AuditPath, options: { skipState?: boolean } = {}): Promise<string[]> {
  const warnings: string[] = [];
  for (const sink of path.audit) {
    try { await sink.write(record); } catch (err) { warnings.push(`audit sink failed: ${(err as Error).message}`); }
  }
  if (!options.skipState && belongsInSharedState(record.outcome)) {
    // Cooldowns, rate limits and the breaker read action records only: those are awaited; a decision that
    // changed nothing may go out with the next batch, where the store has one.
    if (path.state.note && !isActionRecord(record)) path.state.note(record);
    else try { await path.state.record(record); } catch (err) { warnings.push(`shared state not updated: ${(err as Error).message}`); }
  }
  return warnings;
}
