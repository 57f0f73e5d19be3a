// The incident ledger: one entry per incident (fingerprint@startsAt) in the shared state, created
// atomically, so every serve replica, every re-sent group and every Alertmanager retry sees that the
// incident is already taken. An entry moves claimed -> acting (the write-ahead before the action) -> done;
// an incident decided without any change is created done (the cluster ledger keeps those many to a page).
// A standby replica (not the leader) records a firing alert as `received`: the leader claims it from there.
import type { Alert } from '../alerts/payload';
import type { AuditRecord } from '../model/audit';

export type IncidentPhase = 'received' | 'claimed' | 'acting' | 'done';
export const INCIDENT_PHASES: readonly IncidentPhase[] = ['received', 'claimed', 'acting', 'done'];
/** The phases a leader still has work in (received: nobody decided yet; claimed/acting: a holder may have stopped). */
export const OPEN_PHASES: readonly IncidentPhase[] = ['received', 'claimed', 'acting'];

/** Who holds an entry: a serve instance (stable across restarts, from its data dir) in one process life. */
export interface Holder {
  instance: string;
  life: string;
}

export interface IncidentEntry {
  /** The incident id (fingerprint@startsAt). */
  key: string;
  holder: Holder;
  phase: IncidentPhase;
  claimedAt: string;
  /** An unfinished entry of another instance may be taken over after this (its holder stopped). */
  expiresAt: string;
  /** How it ended: an audit outcome, or `resolved_before_action`. */
  outcome?: string;
  /** The runbook that acted (phase acting and after). */
  runbook?: string;
  /** The executed record with its verification plan: after a crash, the outcome is found by verifying again. */
  executed?: AuditRecord;
  /** Channels sent a trigger for this incident (where its resolve goes, whichever replica resolves). */
  notified?: string[];
  /** The alert stopped firing while the entry was held; the holder resolves the notifications when done. */
  resolvedAt?: string;
  /** The alert as received (a new leader rebuilds the incident from it) and when it was received. */
  alert?: Alert;
  receivedAt?: string;
  /** When the entry reached `done` (retention counts from here, or from seenAt). */
  doneAt?: string;
  /** When a later copy of the alert last found it done (refreshed at most hourly; see retention.ts). */
  seenAt?: string;
  /** Opaque version for compare-and-swap (the ConfigMap's resourceVersion). */
  version?: string;
}

export type CreateResult = { created: true; entry: IncidentEntry } | { created: false; entry: IncidentEntry };

/** Where the entries live (ConfigMaps in the state namespace; in memory for core tests). */
export interface IncidentLedger {
  /** Creates the entry unless one exists for the key; then returns the existing one. */
  create(entry: IncidentEntry): Promise<CreateResult>;
  get(key: string): Promise<IncidentEntry | undefined>;
  /** Writes `entry` if nobody changed it since it was read (its version); undefined when someone did. */
  replace(entry: IncidentEntry): Promise<IncidentEntry | undefined>;
  /** Every entry in one of `phases`. */
  list(phases: readonly IncidentPhase[]): Promise<IncidentEntry[]>;
  /** Deletes `entry` if nobody changed it since it was read; false when someone did or it is gone. */
  remove(entry: IncidentEntry): Promise<boolean>;
}

/**
 * What to do with an existing entry: `done` (nothing more), `open` (recorded by a standby, nobody decided:
 * claim it as new), `busy` (someone alive holds it), `resume` (this instance's previous life held it: finish
 * without repeating), `takeover` (another instance held it past its expiry; finish for it, again without
 * repeating an action that may have happened).
 */
export type ClaimStatus = 'done' | 'open' | 'busy' | 'resume' | 'takeover';

export function claimStatus(entry: IncidentEntry, me: Holder, now: Date): ClaimStatus {
  if (entry.phase === 'done') return 'done';
  if (entry.phase === 'received') return 'open';
  if (entry.holder.instance === me.instance) return entry.holder.life === me.life ? 'busy' : 'resume';
  const expires = Date.parse(entry.expiresAt);
  return !Number.isNaN(expires) && expires < now.getTime() ? 'takeover' : 'busy';
}

/** In-memory ledger (core tests, `--local-state` runs without a cluster). */
export class MemoryIncidentLedger implements IncidentLedger {
  private readonly entries = new Map<string, IncidentEntry>();
  private counter = 0;

  async create(entry: IncidentEntry): Promise<CreateResult> {
    const existing = this.entries.get(entry.key);
    if (existing) return { created: false, entry: structuredClone(existing) };
    const stored = { ...structuredClone(entry), version: String(++this.counter) };
    this.entries.set(entry.key, stored);
    return { created: true, entry: structuredClone(stored) };
  }

  async get(key: string): Promise<IncidentEntry | undefined> {
    const e = this.entries.get(key);
    return e ? structuredClone(e) : undefined;
  }

  async replace(entry: IncidentEntry): Promise<IncidentEntry | undefined> {
    const existing = this.entries.get(entry.key);
    if (!existing || existing.version !== entry.version) return undefined;
    const stored = { ...structuredClone(entry), version: String(++this.counter) };
    this.entries.set(entry.key, stored);
    return structuredClone(stored);
  }

  async list(phases: readonly IncidentPhase[]): Promise<IncidentEntry[]> {
    return [...this.entries.values()].filter((e) => phases.includes(e.phase)).map((e) => structuredClone(e));
  }

  async remove(entry: IncidentEntry): Promise<boolean> {
    const existing = this.entries.get(entry.key);
    if (!existing || existing.version !== entry.version) return false;
    this.entries.delete(entry.key);
    return true;
  }
}
