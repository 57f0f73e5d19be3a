// Retention of the incident ledger: a done entry is deleted once nothing has referred to it for the
// retention period (default 7 days). "Referred to" matters: Alertmanager re-sends a firing alert every
// repeat_interval with the same fingerprint and startsAt, and a deleted entry would let that copy act
// again. So a copy that finds its entry done refreshes `seenAt` (at most once per touch period, so a busy
// alert costs one write an hour, not one per copy), and retention counts from the latest of doneAt/seenAt.
import type { IncidentEntry, IncidentLedger } from './ledger';

export const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;

/** How often a done entry's seenAt is refreshed: an hour, or half the retention when that is shorter. */
export function touchPeriodMs(retentionSeconds: number): number {
  return Math.min(3600_000, (retentionSeconds * 1000) / 2);
}

/** When the entry was last done or seen (ms), NaN when unknown. */
export function lastReferred(e: IncidentEntry): number {
  const times = [e.doneAt, e.seenAt].map((t) => (t === undefined ? NaN : Date.parse(t))).filter((t) => !Number.isNaN(t));
  return times.length > 0 ? Math.max(...times) : NaN;
}

/**
 * Done entries past the retention. An entry without a readable done time is not among them (its age is
 * never guessed): applyRetention stamps it seen now instead, so it goes one retention later.
 */
export function entriesPastRetention(entries: readonly IncidentEntry[], now: Date, retentionSeconds: number): IncidentEntry[] {
  return entries.filter((e) => e.phase === 'done' && lastReferred(e) + retentionSeconds * 1000 < now.getTime());
}

/** Done entries with neither a readable doneAt nor seenAt (written by versions that kept no done time). */
export function entriesWithoutTime(entries: readonly IncidentEntry[]): IncidentEntry[] {
  return entries.filter((e) => e.phase === 'done' && Number.isNaN(lastReferred(e)));
}

/** A copy of a done incident arrived: refresh seenAt when older than the touch period. Never throws on a lost race. */
export async function touchDone(ledger: IncidentLedger, e: IncidentEntry, now: Date, retentionSeconds: number): Promise<void> {
  if (e.phase !== 'done') return;
  const last = lastReferred(e);
  if (!Number.isNaN(last) && now.getTime() - last < touchPeriodMs(retentionSeconds)) return;
  // A concurrent write (another copy's touch) is as good as ours.
  await ledger.replace({ ...e, seenAt: now.toISOString() });
}

export interface RetentionResult {
  /** Done entries deleted (past the retention). */
  removed: number;
  /** Done entries without a readable time that were stamped seenAt = now (their retention starts now). */
  stamped: number;
}

/**
 * Deletes the done entries past the retention and starts the retention clock of the done entries that
 * have no readable time (compare-and-swap both: an entry changed meanwhile stays as the other writer left it).
 */
export async function applyRetention(ledger: IncidentLedger, now: Date, retentionSeconds: number): Promise<RetentionResult> {
  const done = await ledger.list(['done']);
  let removed = 0;
  for (const e of entriesPastRetention(done, now, retentionSeconds)) {
    if (await ledger.remove(e)) removed++;
  }
  let stamped = 0;
  // A lost race means someone else wrote the entry (a touch stamps seenAt too): nothing left to do.
  for (const e of entriesWithoutTime(done)) {
    if (await ledger.replace({ ...e, seenAt: now.toISOString() })) stamped++;
  }
  return { removed, stamped };
}
