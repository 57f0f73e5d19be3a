import type { AuditRecord } from '../model/audit';

export interface AuditFilter {
  incident?: string;
  runbook?: string;
  /** Matches the target's app label, workload or object name. */
  service?: string;
  outcome?: string;
  /** Attempt id. */
  id?: string;
}

export function filterAudit(records: readonly AuditRecord[], f: AuditFilter): AuditRecord[] {
  return records.filter((r) => (!f.incident || r.incidentId === f.incident)
    && (!f.runbook || r.runbook === f.runbook)
    && (!f.outcome || r.outcome === f.outcome)
    && (!f.id || r.id === f.id)
    && (!f.service || r.target.app === f.service || r.target.name === f.service || r.target.name.startsWith(`${f.service}-`)));
}
