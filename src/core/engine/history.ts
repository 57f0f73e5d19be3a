import { ACTED_OUTCOMES, type AuditRecord, type Outcome } from '../model/audit';

/** Cooldown, rate limit and circuit breaker are all keyed by runbook + namespace + app. */
export function historyKey(runbook: string, namespace: string, app: string | undefined): string {
  return `${runbook}|${namespace}|${app ?? ''}`;
}

/** Audit history indexed once by key, records in time order. */
export class HistoryView {
  private readonly byKey = new Map<string, AuditRecord[]>();
  readonly all: AuditRecord[];

  constructor(records: AuditRecord[]) {
    this.all = [...records].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    for (const r of this.all) {
      const k = historyKey(r.runbook, r.target.namespace, r.target.app);
      const list = this.byKey.get(k);
      if (list) list.push(r); else this.byKey.set(k, [r]);
    }
  }

  forKey(runbook: string, namespace: string, app: string | undefined): AuditRecord[] {
    return this.byKey.get(historyKey(runbook, namespace, app)) ?? [];
  }

  /** Records for the key with one of `outcomes` at or after `since`. */
  since(runbook: string, namespace: string, app: string | undefined, since: Date, outcomes: readonly Outcome[]): AuditRecord[] {
    const t = since.getTime();
    return this.forKey(runbook, namespace, app).filter((r) => outcomes.includes(r.outcome) && Date.parse(r.time) >= t);
  }

  /** Actions that changed the cluster (executed, verified, failed, rolled back), one per attempt. */
  actionsSince(runbook: string, namespace: string, app: string | undefined, since: Date): AuditRecord[] {
    return dedupeAttempts(this.since(runbook, namespace, app, since, ACTED_OUTCOMES));
  }

  /**
   * Attempts that executed and have no final record yet (verified / verification_failed / rolled_back / error)
   * and are younger than `maxAgeMs`: actions still in flight, across all runbooks.
   */
  inFlight(now: Date, maxAgeMs: number): AuditRecord[] {
    const finished = new Set<string>();
    for (const r of this.all) {
      if (r.id && (r.outcome === 'verified' || r.outcome === 'verification_failed' || r.outcome === 'rolled_back' || r.outcome === 'error')) finished.add(r.id);
    }
    return this.all.filter((r) => r.outcome === 'executed' && !(r.id && finished.has(r.id))
      && now.getTime() - Date.parse(r.time) <= maxAgeMs);
  }
}

function dedupeAttempts(records: AuditRecord[]): AuditRecord[] {
  const seen = new Set<string>();
  const out: AuditRecord[] = [];
  for (const r of records) {
    if (r.id) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
    }
    out.push(r);
  }
  return out;
}
