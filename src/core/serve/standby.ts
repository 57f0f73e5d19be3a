// What a standby replica does with a firing alert, and what a leader picks up from the ledger. Every
// replica receives; only the leader decides and acts. A standby records the alert in the ledger as
// `received` (the leader claims it from there, compare-and-swap, so one of them wins), and a replica that
// becomes leader picks up every entry nobody finished: received ones, its own previous life's, and other
// holders' past their expiry. Resolved alerts are handled by whoever receives them: they never act.
import type { AlertStep } from '../alerts/intake';
import type { Clock } from '../ports';
import { DEFAULT_RETENTION_SECONDS, touchDone } from './retention';
import { claimStatus, type Holder, type IncidentEntry, type IncidentLedger } from './ledger';

/** The leader Lease's name in the state namespace unless --leader-lease says otherwise. */
export const DEFAULT_LEADER_LEASE = 'remediator-serve-leader';

export interface StandbyDeps {
  ledger: IncidentLedger;
  holder: Holder;
  clock: Clock;
  retentionSeconds?: number;
}

/** Records a firing alert for the leader; resolves to a word for the journal's done line. */
export async function recordForLeader(step: AlertStep, receivedAt: Date, deps: StandbyDeps): Promise<string> {
  const key = step.derived.incident.id;
  const now = deps.clock.now().toISOString();
  const created = await deps.ledger.create({
    key, holder: deps.holder, phase: 'received', claimedAt: now, expiresAt: now, alert: step.alert, receivedAt: receivedAt.toISOString(),
  });
  if (created.created) return 'standby: recorded for the leader';
  const e = created.entry;
  await touchDone(deps.ledger, e, deps.clock.now(), deps.retentionSeconds ?? DEFAULT_RETENTION_SECONDS);
  return `standby: incident ${key} is already recorded (${e.phase}${e.outcome !== undefined ? `, ${e.outcome}` : ''})`;
}

/** The entries a leader handles now: each carries its alert, and this replica may claim it. */
export function entriesToPickUp(entries: readonly IncidentEntry[], me: Holder, now: Date): IncidentEntry[] {
  return entries.filter((e) => {
    if (!e.alert) return false;
    const status = claimStatus(e, me, now);
    return status === 'open' || status === 'resume' || status === 'takeover';
  });
}
