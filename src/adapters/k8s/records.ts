// Compact audit records as the state stores keep them (JSON lines).
import type { AuditRecord } from '../../core/model/audit';
import { ClusterError } from '../../core/ports';

const MESSAGE_LIMIT = 300;

/** What the guardrails read (time, outcome, target, attempt id); verdicts and action details stay in the audit log. */
export function compactRecord(r: AuditRecord): AuditRecord {
  const actionType = (r.action as { type?: unknown } | undefined)?.type;
  return {
    ...(r.id ? { id: r.id } : {}),
    time: r.time, incidentId: r.incidentId, runbook: r.runbook, target: r.target, mode: r.mode, outcome: r.outcome,
    verdicts: [], action: typeof actionType === 'string' ? { type: actionType } : null, actor: r.actor,
    ...(r.startedAt ? { startedAt: r.startedAt } : {}),
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    ...(r.message ? { message: r.message.slice(0, MESSAGE_LIMIT) } : {}),
  };
}

export function parseLines(text: string | undefined, where: string): AuditRecord[] {
  return (text ?? '').split('\n').filter((line) => line.trim()).map((line, i) => {
    try {
      return JSON.parse(line) as AuditRecord;
    } catch (err) {
      throw new ClusterError(`${where}: line ${i + 1} is not JSON (${(err as Error).message}); fix or delete it`, 'invalid');
    }
  });
}
