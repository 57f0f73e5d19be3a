// Compact audit records as the state stores keep them (JSON lines).
import { damagedLines, parseAuditJsonl, skippedLineText } from '../../core/audit/jsonl';
import type { AuditRecord } from '../../core/model/audit';
import { ClusterError } from '../../core/ports';

const MESSAGE_LIMIT = 300;

/** What the guardrails read (time, outcome, target, attempt id); verdicts and action details stay in the audit log. */
export function compactRecord(r: AuditRecord): AuditRecord {
  return {
    ...(r.id ? { id: r.id } : {}),
    time: r.time, incidentId: r.incidentId, runbook: r.runbook, target: r.target, mode: r.mode, outcome: r.outcome,
    verdicts: [], action: { type: r.action.type }, actor: r.actor,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    ...(r.message ? { message: r.message.slice(0, MESSAGE_LIMIT) } : {}),
  };
}

/**
 * History lines through the one reader (src/core/audit/jsonl.ts). A torn line is reported and left out;
 * any other unreadable line stops the read: cooldown, rate limit and circuit breaker must not decide on
 * history with a hole of unknown size in it.
 */
export function parseLines(text: string | undefined, where: string, report?: (text: string) => void): AuditRecord[] {
  const parse = parseAuditJsonl(text ?? '');
  const damaged = damagedLines(parse);
  if (damaged.length > 0) {
    const more = damaged.length > 1 ? ` (and ${damaged.length - 1} more line(s))` : '';
    throw new ClusterError(`${where}: line ${damaged[0].line} is ${damaged[0].reason}${more}; decisions cannot trust this history: fix or delete the line`, 'invalid');
  }
  for (const s of parse.skipped) report?.(skippedLineText(where, s));
  return parse.records;
}
