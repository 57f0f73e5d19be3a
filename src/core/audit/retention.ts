// What a state store keeps of a runbook's history. Cooldown, rate limit, concurrency and circuit breaker
// read the records of actions (executed, verified, failed, rolled back, inconclusive, and errors that
// end an attempt); decisions that did nothing (blocked, manual, suggest, shadowed, ...) are read only for
// display. So a flood of blocked decisions must never push an action out of the store: that would make
// a cooldown or an hourly limit forget it and pass (fail open). Actions are kept by age, long enough for
// the longest cooldown the schema allows; other records only as the newest few.
import { ACTED_OUTCOMES, type AuditRecord } from '../model/audit';

export interface RetentionOptions {
  /** Newest records of decisions that did not act to keep (default 200). */
  maxOtherRecords?: number;
  /** Age after which such records go (default 24 h). */
  otherMaxAgeMs?: number;
  /** Age after which action records go (default 366 days: the longest cooldown is a year). */
  actedMaxAgeMs?: number;
  /** Serialized size the kept lines must fit in (default 900 KiB: a ConfigMap holds 1 MiB). */
  maxBytes?: number;
}

export const DEFAULT_RETENTION: Required<RetentionOptions> = {
  maxOtherRecords: 200,
  otherMaxAgeMs: 24 * 3600_000,
  actedMaxAgeMs: 366 * 24 * 3600_000,
  maxBytes: 900 * 1024,
};

/** The hourly limit's window: action records younger than this are never dropped to save space. */
export const PROTECTED_ACTION_MS = 3600_000;

/** A record cooldown, rate limit, concurrency or breaker read. */
export function isActionRecord(r: AuditRecord): boolean {
  return ACTED_OUTCOMES.includes(r.outcome) || r.outcome === 'error';
}

export interface Retained {
  records: AuditRecord[];
  /** Action records dropped only for space (not age): the windows they fell in are under-counted. */
  droppedActions: number;
}

/**
 * The records to keep, oldest first. Over the size budget, the oldest other records go first, then the
 * oldest action records older than an hour; actions of the last hour always stay (the write then fails
 * with the API server's size error rather than forgetting one).
 */
export function retainHistory(records: readonly AuditRecord[], nowMs: number, options: RetentionOptions = {}, size: (r: AuditRecord) => number = lineBytes): Retained {
  const o = { ...DEFAULT_RETENTION, ...options };
  const dated = records
    .map((record, order) => ({ record, order, t: Date.parse(record.time) }))
    .filter((e) => Number.isFinite(e.t))
    .sort((a, b) => a.t - b.t || a.order - b.order);
  const acted = dated.filter((e) => isActionRecord(e.record) && e.t >= nowMs - o.actedMaxAgeMs);
  let others = dated.filter((e) => !isActionRecord(e.record) && e.t >= nowMs - o.otherMaxAgeMs);
  others = others.slice(Math.max(0, others.length - o.maxOtherRecords));

  let bytes = [...acted, ...others].reduce((sum, e) => sum + size(e.record), 0);
  let droppedOthers = 0;
  while (bytes > o.maxBytes && droppedOthers < others.length) bytes -= size(others[droppedOthers++].record);
  let droppedActions = 0;
  while (bytes > o.maxBytes && droppedActions < acted.length && acted[droppedActions].t < nowMs - PROTECTED_ACTION_MS) {
    bytes -= size(acted[droppedActions++].record);
  }
  const kept = [...acted.slice(droppedActions), ...others.slice(droppedOthers)]
    .sort((a, b) => a.t - b.t || a.order - b.order)
    .map((e) => e.record);
  return { records: kept, droppedActions };
}

/** Line sizes already measured, by record (the state store trims the same parsed records on every write). */
const SIZES = new WeakMap<AuditRecord, number>();

/** UTF-8 length of the record's JSON line (newline included). */
function lineBytes(r: AuditRecord): number {
  const known = SIZES.get(r);
  if (known !== undefined) return known;
  const bytes = measureLine(r);
  SIZES.set(r, bytes);
  return bytes;
}

function measureLine(r: AuditRecord): number {
  const text = JSON.stringify(r);
  let bytes = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { bytes += 4; i++; } else bytes += 3;
  }
  return bytes;
}
