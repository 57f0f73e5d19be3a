// What serve does with one journaled alert: look its incident up in the shared ledger, run the CLI's
// pipeline for each matching runbook until one acts, escalate the outcome, and mark the incident done.
// The incident is claimed (at most once per incident, across replicas and re-sends) right before the
// first change: a pending approval stored, or the lock taken to act; a decision that changed nothing is
// recorded done in one ledger write, with no claim (see Claim). An incident found half done (this instance
// crashed, or another one stopped past its expiry) is finished without repeating the action: if it was
// executed, verifying again records the outcome; if it may have been, a human is told.
import { decide as decideApproval } from '../approvals/approval';
import { executePlan, type ExecuteResult, type PipelineDeps } from '../pipeline/execute';
import { reverify } from '../pipeline/reverify';
import { ACTED_OUTCOMES, type AuditRecord } from '../model/audit';
import type { Runbook } from '../model/runbook';
import type { AuditSink, StateStore } from '../ports';
import type { AlertStep } from '../alerts/intake';
import { runbooksForAlert } from '../alerts/match';
import { ActionGate, gatedPorts } from './actionGate';
import { escalate, type Escalator } from './escalate';
import { claimStatus, type Holder, type IncidentEntry, type IncidentLedger } from './ledger';
import type { ServeMetrics } from './metrics';
import type { Slot } from './workQueue';
import { DEFAULT_RETENTION_SECONDS, touchDone } from './retention';
import { alertRecord, blockingGuardrails } from './records';

export interface AlertHandlerDeps {
  pipeline: PipelineDeps;
  ledger: IncidentLedger;
  escalator?: Escalator;
  metrics: ServeMetrics;
  holder: Holder;
  /** The audit actor (the Kubernetes identity serve acts as). */
  actor: string;
  runbooks: readonly Runbook[];
  /** Each runbook's text by name: an approval_required decision is kept as a pending approval with it. */
  runbookTexts?: ReadonlyMap<string, string>;
  /** Shadow mode: everything up to the action, then `shadowed`. */
  shadow?: boolean;
  /** Seconds an unfinished claim is held before another instance may take it over. */
  claimSeconds: number;
  /** The ledger's retention (a copy of a done incident keeps its entry from expiring; see retention.ts). */
  retentionSeconds?: number;
  log(text: string): void;
}

export class LostClaimError extends Error {
  override readonly name = 'LostClaimError';
}

/** Applies `change` to the latest entry (compare-and-swap, re-reading after a concurrent write). */
async function update(deps: AlertHandlerDeps, entry: IncidentEntry, change: (e: IncidentEntry) => IncidentEntry): Promise<IncidentEntry> {
  let current = entry;
  for (let attempt = 0; attempt < 8; attempt++) {
    const written = await deps.ledger.replace(change(current));
    if (written) return written;
    const latest = await deps.ledger.get(entry.key);
    if (!latest || latest.holder.instance !== deps.holder.instance || latest.holder.life !== deps.holder.life) {
      throw new LostClaimError(`incident ${entry.key}: the ledger entry was taken by another instance`);
    }
    current = latest;
  }
  throw new LostClaimError(`incident ${entry.key}: the ledger entry kept changing under us`);
}

/**
 * A handle on the incident's ledger entry that always holds its newest version. A late claim (serve's
 * usual case: no entry when the alert arrived) has none until something is about to change, so a
 * decision that changes nothing costs one ledger write (the done entry), not a claim and then a done.
 */
class Claim {
  constructor(private readonly deps: AlertHandlerDeps, public entry: IncidentEntry | undefined, private readonly fresh?: (phase: IncidentEntry['phase']) => IncidentEntry) {}
  /** The write-ahead happened: the action may have been taken. */
  get acting(): boolean {
    return this.entry?.phase === 'acting';
  }
  get notified(): readonly string[] {
    return this.entry?.notified ?? [];
  }
  /** Claims the incident now (late claim); an entry someone else made meanwhile stops the attempt (IncidentTakenError). */
  async ensure(): Promise<void> {
    if (this.entry) return;
    const fresh = this.fresh!('claimed');
    const created = await this.deps.ledger.create(fresh);
    if (created.created) {
      this.entry = created.entry;
      return;
    }
    const taken = await claimExisting(this.deps, created.entry, fresh);
    if (typeof taken === 'string' || taken.resumed) throw new IncidentTakenError(`${typeof taken === 'string' ? taken : `duplicate: incident ${fresh.key} was recorded by another instance meanwhile`}; nothing done here`);
    this.entry = taken.claim.entry;
  }
  async change(change: (e: IncidentEntry) => IncidentEntry): Promise<void> {
    await this.ensure();
    this.entry = await update(this.deps, this.entry!, change);
  }
  /**
   * Marks the incident done: the held entry changes (compare-and-swap), or, with no claim taken, a done
   * entry is created in one write. An entry someone made meanwhile wins: a standby's `received` one is
   * turned done (compare-and-swap), any other is left to its holder (this decision changed nothing).
   */
  async done(change: (e: IncidentEntry) => IncidentEntry): Promise<void> {
    if (this.entry) return this.change(change);
    const fresh = change(this.fresh!('done'));
    const created = await this.deps.ledger.create(fresh);
    if (created.created) {
      this.entry = created.entry;
      return;
    }
    let existing: IncidentEntry | undefined = created.entry;
    for (let attempt = 0; existing?.phase === 'received' && attempt < 8; attempt++) {
      const written = await this.deps.ledger.replace({ ...fresh, receivedAt: existing.receivedAt ?? fresh.receivedAt, version: existing.version });
      if (written) {
        this.entry = written;
        return;
      }
      existing = await this.deps.ledger.get(fresh.key);
    }
    this.entry = existing;
    this.deps.log(`incident ${fresh.key}: decided here (${fresh.outcome ?? 'done'}) while another instance recorded it (${existing?.phase ?? 'gone'}); its entry stands`);
  }
}

/** The incident was claimed by someone else between the first look at the ledger and the claim: nothing was done. */
export class IncidentTakenError extends LostClaimError {}

async function writeRecord(deps: AlertHandlerDeps, record: AuditRecord, toState: boolean): Promise<void> {
  for (const sink of deps.pipeline.audit) {
    try { await sink.write(record); } catch (err) { deps.log(`warning: audit sink failed: ${(err as Error).message}`); }
  }
  if (toState) await deps.pipeline.state.record(record);
}

function freshEntry(deps: AlertHandlerDeps, step: AlertStep, receivedAt: Date, phase: IncidentEntry['phase'], outcome?: string): IncidentEntry {
  const now = deps.pipeline.clock.now();
  return {
    key: step.derived.incident.id, holder: deps.holder, phase, claimedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.claimSeconds * 1000).toISOString(), ...(outcome ? { outcome } : {}),
    alert: step.alert, receivedAt: receivedAt.toISOString(), ...(phase === 'done' ? { doneAt: now.toISOString() } : {}),
  };
}

/** Claims the incident; undefined (with the reason logged) when someone else has it or it is done. */
async function claim(deps: AlertHandlerDeps, step: AlertStep, receivedAt: Date, phase: IncidentEntry['phase'] = 'claimed', outcome?: string): Promise<{ claim: Claim; resumed: boolean } | string> {
  const fresh = freshEntry(deps, step, receivedAt, phase, outcome);
  const created = await deps.ledger.create(fresh);
  if (created.created) return { claim: new Claim(deps, created.entry), resumed: false };
  return claimExisting(deps, created.entry, fresh);
}

/** What an existing entry leaves this instance: a reason (duplicate), or the claim (a standby's entry, a restart, a takeover). */
async function claimExisting(deps: AlertHandlerDeps, existing: IncidentEntry, fresh: IncidentEntry): Promise<{ claim: Claim; resumed: boolean } | string> {
  const key = fresh.key;
  const now = deps.pipeline.clock.now();
  const status = claimStatus(existing, deps.holder, now);
  if (status === 'done') await touchDone(deps.ledger, existing, now, deps.retentionSeconds ?? DEFAULT_RETENTION_SECONDS);
  if (status === 'done' || status === 'busy') return `duplicate: incident ${key} is ${status === 'done' ? `already handled (${existing.outcome ?? 'done'})` : 'being handled'}`;
  if (status === 'open') {
    // A standby recorded it and nobody decided yet: this is a fresh claim (compare-and-swap: one winner).
    const opened = await deps.ledger.replace({ ...fresh, receivedAt: existing.receivedAt ?? fresh.receivedAt, version: existing.version });
    return opened ? { claim: new Claim(deps, opened), resumed: false } : `duplicate: incident ${key} was taken by another instance`;
  }
  const taken = await deps.ledger.replace({ ...existing, holder: deps.holder, expiresAt: fresh.expiresAt });
  if (!taken) return `duplicate: incident ${key} was taken by another instance`;
  deps.log(`incident ${key}: ${status === 'resume' ? 'resuming after a restart' : 'taking over from a stopped instance'} (phase ${taken.phase})`);
  return { claim: new Claim(deps, taken), resumed: true };
}

/**
 * The incident's claim as serve starts on it: a late one when the ledger has no entry (claimed only if
 * something is about to change), else whatever the existing entry allows (see claimExisting).
 */
async function lookUp(deps: AlertHandlerDeps, step: AlertStep, receivedAt: Date): Promise<{ claim: Claim; resumed: boolean } | string> {
  const existing = await deps.ledger.get(step.derived.incident.id);
  if (!existing) return { claim: new Claim(deps, undefined, (phase) => freshEntry(deps, step, receivedAt, phase)), resumed: false };
  return claimExisting(deps, existing, freshEntry(deps, step, receivedAt, 'claimed'));
}

/** Marks the incident done; a resolve that arrived meanwhile is passed on now. */
async function finish(deps: AlertHandlerDeps, c: Claim, outcome: string, triggered: readonly string[], last: AuditRecord, runbook?: Runbook): Promise<void> {
  await c.done((e) => ({ ...e, phase: 'done', outcome, doneAt: deps.pipeline.clock.now().toISOString(), notified: [...new Set([...(e.notified ?? []), ...triggered])] }));
  if (c.entry?.resolvedAt && last.outcome !== 'verified') {
    await escalate(deps.escalator, last, undefined, runbook, c.notified, 'resolved');
  }
}

/** One gate per handler (per serve process): attempts of the same runbook take turns from the re-check to the write-ahead. */
const gates = new WeakMap<AlertHandlerDeps, ActionGate>();

function gateOf(deps: AlertHandlerDeps): ActionGate {
  let gate = gates.get(deps);
  if (!gate) gates.set(deps, (gate = new ActionGate()));
  return gate;
}

/**
 * The pipeline's ports for one incident and runbook: the write-ahead also moves the ledger entry to
 * `acting`, and the re-check before acting waits for the runbook's turn (see actionGate.ts).
 */
function incidentPipeline(deps: AlertHandlerDeps, c: Claim, runbook: string, slot?: Slot): PipelineDeps {
  const base = deps.pipeline;
  const incidentState: StateStore = {
    history: (runbook) => base.state.history(runbook),
    record: async (rec) => {
      // The only `executed` record that reaches the state store is the write-ahead before the action.
      if (rec.outcome === 'executed') await c.change((e) => ({ ...e, phase: 'acting', runbook: rec.runbook }));
      await base.state.record(rec);
    },
    ...(base.state.note ? { note: (rec) => base.state.note?.(rec) } : {}),
  };
  const keepExecuted: AuditSink = {
    write: async (rec) => {
      if (rec.outcome === 'executed' && rec.verification?.plan) await c.change((e) => ({ ...e, executed: rec }));
    },
  };
  const { lock, state } = gatedPorts(gateOf(deps), runbook, { lock: base.lock, state: incidentState }, slot);
  return { ...base, lock, state, audit: [...base.audit, keepExecuted], beforeChange: () => c.ensure() };
}

function decisionMetrics(deps: AlertHandlerDeps, result: ExecuteResult, receivedAt: Date, first: boolean): void {
  deps.metrics.decision(result.plan.mode);
  if (first && result.records[0]) deps.metrics.alertToDecision(Math.max(0, Date.parse(result.records[0].time) - receivedAt.getTime()) / 1000);
  if (!result.records.some((r) => ACTED_OUTCOMES.includes(r.outcome))) {
    for (const guardrail of blockingGuardrails(result.plan.verdicts)) deps.metrics.guardrailBlock(guardrail);
  }
}

async function decide(step: Extract<AlertStep, { kind: 'decide' }>, receivedAt: Date, deps: AlertHandlerDeps, slot?: Slot): Promise<string> {
  const key = step.derived.incident.id;
  const claimed = await lookUp(deps, step, receivedAt);
  if (typeof claimed === 'string') return claimed;
  const c = claimed.claim;
  if (c.acting) return recover(step, c, deps);
  const target = step.derived.target!;
  let outcome = 'blocked';
  const triggered: string[] = [];
  let last: AuditRecord | undefined;
  let lastRunbook: Runbook | undefined;
  for (const [i, runbook] of step.runbooks.entries()) {
    let result: ExecuteResult;
    try {
      result = await executePlan({
        runbook, target, incident: step.derived.incident, execute: true, shadow: deps.shadow, runbookText: deps.runbookTexts?.get(runbook.metadata.name),
      }, incidentPipeline(deps, c, runbook.metadata.name, slot));
    } catch (err) {
      // Claimed by someone else between the first look at the ledger and the claim: nothing was done here.
      if (err instanceof IncidentTakenError) return err.message;
      throw err;
    }
    for (const w of result.warnings) deps.log(`warning: ${w}`);
    decisionMetrics(deps, result, receivedAt, i === 0);
    deps.metrics.remediation(runbook.metadata.name, result.outcome);
    last = result.records[result.records.length - 1];
    lastRunbook = runbook;
    outcome = result.outcome;
    if (last) {
      if (last.outcome === 'verified') deps.metrics.timeToRecover(Math.max(0, Date.parse(last.time) - Date.parse(step.alert.startsAt)) / 1000);
      const sent = await escalate(deps.escalator, last, result.plan, runbook, c.notified);
      triggered.push(...sent.triggered);
      for (const s of sent.sent) deps.log(`incident ${key}: ${runbook.metadata.name} ${last.outcome}: notified ${s}`);
    }
    // One action per incident: once a runbook acted (or may have), the others are not tried.
    if (c.acting || result.records.some((r) => ACTED_OUTCOMES.includes(r.outcome))) break;
  }
  if (last) await finish(deps, c, outcome, triggered, last, lastRunbook);
  return `${outcome}`;
}

/** The entry says the action was (or may have been) taken: record the outcome, never act again. */
async function recover(step: Extract<AlertStep, { kind: 'decide' }>, c: Claim, deps: AlertHandlerDeps): Promise<string> {
  const entry = c.entry!;
  const runbook = step.runbooks.find((r) => r.metadata.name === entry.runbook);
  const executed = entry.executed;
  let record: AuditRecord;
  if (executed) {
    deps.log(`incident ${entry.key}: the action was executed before the restart; verifying again`);
    const checked = await reverify(deps.pipeline.reader, executed, deps.actor, () => deps.pipeline.clock.now(), deps.pipeline.onProgress);
    record = { ...checked, message: `after a restart: ${checked.message ?? ''}; the action is not repeated` };
  } else {
    record = alertRecord(step, {
      runbook: entry.runbook ?? step.runbooks[0].metadata.name, outcome: 'error', mode: 'auto_execute', id: deps.pipeline.newId(), actor: deps.actor, time: deps.pipeline.clock.now(),
      message: 'interrupted while acting (stopped between the write-ahead and the action\'s result); the action is not repeated; a human checks the target',
    });
  }
  await writeRecord(deps, record, true);
  deps.metrics.remediation(record.runbook, record.outcome);
  if (record.outcome === 'verified') deps.metrics.timeToRecover(Math.max(0, Date.parse(record.time) - Date.parse(step.alert.startsAt)) / 1000);
  const sent = await escalate(deps.escalator, record, undefined, runbook, c.notified);
  await finish(deps, c, record.outcome, sent.triggered, record, runbook);
  return `${record.outcome} (recovered)`;
}

async function manual(step: Extract<AlertStep, { kind: 'manual' }>, receivedAt: Date, deps: AlertHandlerDeps): Promise<string> {
  const claimed = await lookUp(deps, step, receivedAt);
  if (typeof claimed === 'string') return claimed;
  const record = alertRecord(step, { runbook: '(none)', outcome: 'blocked', mode: 'manual', id: deps.pipeline.newId(), actor: deps.actor, time: deps.pipeline.clock.now(), message: `${step.why}; recorded as manual` });
  await writeRecord(deps, record, false);
  deps.metrics.decision('manual');
  deps.metrics.alertToDecision(Math.max(0, Date.parse(record.time) - receivedAt.getTime()) / 1000);
  deps.metrics.remediation('(none)', 'manual');
  const sent = await escalate(deps.escalator, record, undefined, undefined);
  await finish(deps, claimed.claim, 'manual', sent.triggered, record);
  return 'manual';
}

/** A resolved alert cancels the approvals still pending for its incident (compare-and-swap; audited). */
async function cancelApprovals(deps: AlertHandlerDeps, incidentId: string, record: AuditRecord): Promise<number> {
  const store = deps.pipeline.approvals;
  if (!store) return 0;
  const { approvals } = await store.list();
  let cancelled = 0;
  for (const a of approvals.filter((x) => x.incident.id === incidentId && x.status === 'pending')) {
    const got = await store.get(a.id);
    if (!got || 'problem' in got) continue;
    const done = decideApproval(got.approval, 'cancelled', deps.actor, deps.pipeline.clock.now(), 'the alert resolved before a human decided');
    if (!done.ok || !(await store.update(done.approval, got.version))) continue;
    cancelled++;
    await writeRecord(deps, { ...record, id: a.id, runbook: a.runbook, mode: 'approval_required', message: `pending approval ${a.id} cancelled: the alert resolved before a human decided; nothing done` }, false);
  }
  return cancelled;
}

async function resolve(step: Extract<AlertStep, { kind: 'resolve' }>, receivedAt: Date, deps: AlertHandlerDeps): Promise<string> {
  const key = step.derived.incident.id;
  const runbook = runbooksForAlert(deps.runbooks, step.alert)[0];
  const record = alertRecord(step, {
    runbook: runbook?.metadata.name ?? '(none)', outcome: 'blocked', mode: 'manual', id: deps.pipeline.newId(), actor: deps.actor, time: deps.pipeline.clock.now(),
    message: 'resolved before action; nothing done',
  });
  const claimed = await claim(deps, step, receivedAt, 'done', 'resolved_before_action');
  if (typeof claimed !== 'string' && !claimed.resumed) {
    await writeRecord(deps, record, false);
    deps.metrics.remediation(record.runbook, 'resolved_before_action');
    return 'resolved before action';
  }
  const existing = await deps.ledger.get(key);
  if (!existing) return 'resolved (no ledger entry)';
  const cancelled = await cancelApprovals(deps, key, record).catch((err: unknown) => {
    deps.log(`warning: incident ${key}: pending approvals not cancelled: ${(err as Error).message}`);
    return 0;
  });
  if (cancelled > 0) deps.log(`incident ${key}: resolved; ${cancelled} pending approval(s) cancelled`);
  if (existing.phase !== 'done') {
    // Someone is deciding or acting: leave the mark; the holder resolves the notifications when done.
    const marked = await deps.ledger.replace({ ...existing, resolvedAt: deps.pipeline.clock.now().toISOString() });
    if (marked) return 'resolved while in progress (marked)';
    const again = await deps.ledger.get(key);
    if (again?.phase !== 'done') return 'resolved while in progress';
  }
  const done = (await deps.ledger.get(key)) ?? existing;
  if (done.outcome === 'verified') return 'resolved (already verified)';
  const sent = await escalate(deps.escalator, { ...record, message: 'the alert stopped firing' }, undefined, runbook, done.notified ?? [], 'resolved');
  return `resolved (${sent.sent.join(', ') || 'no channel to resolve'})`;
}

/**
 * Handles one alert step; resolves to a word for the journal's done line. Throws on shared-state failures
 * (the alert stays pending). `slot`: the work queue's, parked while an attempt waits for its runbook's turn.
 */
export function handleAlert(step: AlertStep, receivedAt: Date, deps: AlertHandlerDeps, slot?: Slot): Promise<string> {
  switch (step.kind) {
    case 'decide': return decide(step, receivedAt, deps, slot);
    case 'manual': return manual(step, receivedAt, deps);
    case 'resolve': return resolve(step, receivedAt, deps);
  }
}
