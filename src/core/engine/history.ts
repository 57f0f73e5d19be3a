import { ACTED_OUTCOMES, type AuditRecord, type Outcome } from '../model/audit';

/** Cooldown, rate limit and circuit breaker are all keyed by runbook + namespace + app. */
export function historyKey(runbook: string, namespace: string, app: string | undefined): string {
  return `${runbook}|${namespace}|${app ?? ''}`;
}

/**
 * Records of a window, or why the window cannot be read. A record whose time does not parse cannot be
 * placed in or out of any window; skipping it would let a cooldown or breaker pass, so it makes the
 * window unreadable (the guardrail reports `error` naming the record) until the log is repaired.
 */
export type HistoryWindow = { ok: true; records: AuditRecord[] } | { ok: false; reason: string };

const FINAL_OUTCOMES: readonly Outcome[] = ['verified', 'verification_failed', 'rolled_back', 'verification_inconclusive', 'error'];

interface Bucket { dated: AuditRecord[]; times: number[]; undated: AuditRecord[] }

/** Epoch ms of a record's time, NaN when it is missing or does not parse. */
export function recordTime(r: AuditRecord): number {
  return typeof r.time === 'string' ? Date.parse(r.time) : Number.NaN;
}

export function undatedReason(r: AuditRecord): string {
  const what = `${r.outcome} record${r.id ? ` ${r.id}` : ''} for ${r.target?.kind ?? '?'} ${r.target?.name ?? '?'}`;
  return `the audit history has a ${what} whose time ${JSON.stringify(r.time) ?? String(r.time)} is not a valid time, `
    + 'so it cannot be placed in or out of the window (repair or remove that line)';
}

/** Actions in flight at one instant, indexed for per-target lookups. */
export interface InFlightView {
  records: AuditRecord[];
  byRunbook(runbook: string): AuditRecord[];
  /** Pod actions in flight on namespace + app (any runbook). */
  podActionsWithApp(namespace: string, app: string | undefined): number;
}
export type InFlightResult = { ok: true; view: InFlightView } | { ok: false; reason: string };

/** Audit history indexed once by key, dated records in time order; the in-flight view is computed once per instant. */
/** Views of frozen record lists, by the list (see HistoryView.of). */
const VIEWS = new WeakMap<readonly AuditRecord[], HistoryView>();

export class HistoryView {
  /**
   * The view of `records`, reused for the same frozen list (serve decides many alerts on one shared-state
   * version; the view sorts and buckets every record). Any other list gets a view of its own.
   */
  static of(records: AuditRecord[]): HistoryView {
    if (!Object.isFrozen(records)) return new HistoryView(records);
    let view = VIEWS.get(records);
    if (!view) VIEWS.set(records, (view = new HistoryView(records)));
    return view;
  }

  private readonly byKey = new Map<string, Bucket>();
  private readonly dated: AuditRecord[] = [];
  private readonly datedTimes: number[] = [];
  private readonly undated: AuditRecord[] = [];
  private readonly finished = new Set<string>();
  private inFlightCache?: { now: number; maxAgeMs: number; result: InFlightResult };

  constructor(records: AuditRecord[]) {
    const timed = records.map((record, order) => ({ record, order, t: recordTime(record) }));
    const good = timed.filter((e) => Number.isFinite(e.t)).sort((a, b) => a.t - b.t || a.order - b.order);
    for (const { record, t } of good) {
      this.dated.push(record);
      this.datedTimes.push(t);
      const b = this.bucket(record);
      b.dated.push(record);
      b.times.push(t);
    }
    for (const e of timed) {
      if (!Number.isFinite(e.t)) {
        this.undated.push(e.record);
        this.bucket(e.record).undated.push(e.record);
      }
      if (e.record.id && FINAL_OUTCOMES.includes(e.record.outcome)) this.finished.add(e.record.id);
    }
  }

  private bucket(r: AuditRecord): Bucket {
    const k = historyKey(r.runbook, r.target?.namespace ?? '', r.target?.app);
    let b = this.byKey.get(k);
    if (!b) this.byKey.set(k, b = { dated: [], times: [], undated: [] });
    return b;
  }

  /** Records for the key with one of `outcomes` at or after `since` (any later time counts, the future included). */
  since(runbook: string, namespace: string, app: string | undefined, since: Date, outcomes: readonly Outcome[]): HistoryWindow {
    const t = since.getTime();
    if (!Number.isFinite(t)) return { ok: false, reason: 'the start of the window is not a valid time' };
    const b = this.byKey.get(historyKey(runbook, namespace, app));
    if (!b) return { ok: true, records: [] };
    const undated = b.undated.find((r) => outcomes.includes(r.outcome));
    if (undated) return { ok: false, reason: undatedReason(undated) };
    const records: AuditRecord[] = [];
    for (let i = firstAtOrAfter(b.times, t); i < b.dated.length; i++) {
      if (outcomes.includes(b.dated[i].outcome)) records.push(b.dated[i]);
    }
    return { ok: true, records };
  }

  /** Actions that changed the cluster (executed, verified, failed, rolled back), one per attempt. */
  actionsSince(runbook: string, namespace: string, app: string | undefined, since: Date): HistoryWindow {
    const w = this.since(runbook, namespace, app, since, ACTED_OUTCOMES);
    return w.ok ? { ok: true, records: dedupeAttempts(w.records) } : w;
  }

  /**
   * Attempts that executed and have no final record yet (verified / verification_failed / rolled_back / error)
   * and are at most `maxAgeMs` old (a record from the future counts): actions still in flight, across all
   * runbooks. An undated executed record without a final record might be in flight, so it is an error.
   */
  inFlight(now: Date, maxAgeMs: number): InFlightResult {
    const nowMs = now.getTime();
    const c = this.inFlightCache;
    if (c && c.now === nowMs && c.maxAgeMs === maxAgeMs) return c.result;
    const result = this.computeInFlight(nowMs, maxAgeMs);
    this.inFlightCache = { now: nowMs, maxAgeMs, result };
    return result;
  }

  private computeInFlight(nowMs: number, maxAgeMs: number): InFlightResult {
    if (!Number.isFinite(nowMs)) return { ok: false, reason: 'the current time is not a valid time' };
    if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) return { ok: false, reason: `the in-flight window ${maxAgeMs} ms is not a valid duration` };
    const open = (r: AuditRecord) => r.outcome === 'executed' && !(r.id && this.finished.has(r.id));
    const undated = this.undated.find(open);
    if (undated) return { ok: false, reason: undatedReason(undated) };
    const records: AuditRecord[] = [];
    for (let i = firstAtOrAfter(this.datedTimes, nowMs - maxAgeMs); i < this.dated.length; i++) {
      if (open(this.dated[i])) records.push(this.dated[i]);
    }
    const byRunbook = new Map<string, AuditRecord[]>();
    const pods = new Map<string, number>();
    for (const r of records) {
      const list = byRunbook.get(r.runbook);
      if (list) list.push(r); else byRunbook.set(r.runbook, [r]);
      if (r.target?.kind === 'Pod') {
        const k = `${r.target.namespace}|${r.target.app ?? ''}`;
        pods.set(k, (pods.get(k) ?? 0) + 1);
      }
    }
    return {
      ok: true,
      view: {
        records,
        byRunbook: (runbook) => byRunbook.get(runbook) ?? [],
        podActionsWithApp: (namespace, app) => pods.get(`${namespace}|${app ?? ''}`) ?? 0,
      },
    };
  }
}

/** Index of the first time >= t in an ascending list (binary search). */
export function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1; else hi = mid;
  }
  return lo;
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
