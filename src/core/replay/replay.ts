// Replay: decide each recorded decision again with another runbook, on the state slice, clock, incident,
// settings and metric values its record carries, and say which decisions would change and why. Pure.
import { decisionContext, decideTarget } from '../engine/decide';
import { firstAtOrAfter } from '../engine/history';
import type { Plan } from '../engine/plan';
import { snapshotFromList } from '../k8s/list';
import type { ClusterSnapshot } from '../k8s/types';
import { preconditionQueries, type MetricReading } from '../metrics/readings';
import type { AuditRecord, Outcome } from '../model/audit';
import { isReadableInput, type DecisionInput } from '../model/decisionInput';
import type { Runbook } from '../model/runbook';
import type { GuardrailId, Verdict } from '../model/verdict';
import type { ReplayDecision, ReplayEntry, ReplayReport, ReplayedRecord, VerdictChange } from './types';

/** Outcomes the shared state never keeps (previews and requests), so no later decision read them as history. */
const NOT_HISTORY: readonly Outcome[] = ['dry_run', 'suggested', 'approval_pending'];
/** The shared state's own bounds (src/adapters/k8s/state.ts): what a live decision could have read. */
export const HISTORY_WINDOW_MS = 24 * 3600_000;
export const HISTORY_MAX_RECORDS = 200;

export interface ReplayOptions {
  runbook: Runbook;
  /** The audit log, in file order. */
  records: readonly AuditRecord[];
  /** Whose decisions to replay (default: the runbook's own name). */
  recordedRunbook?: string;
}

function recordRef(r: AuditRecord): ReplayedRecord {
  return { ...(r.id ? { id: r.id } : {}), time: r.time, incidentId: r.incidentId, runbook: r.runbook, target: r.target, outcome: r.outcome };
}

/** History as the shared state held it for this runbook, renamed to the replayed runbook, oldest first. */
class HistoryPool {
  private readonly records: AuditRecord[];
  private readonly times: number[];

  constructor(all: readonly AuditRecord[], recorded: string, name: string) {
    const kept = all.filter((r) => r.runbook === recorded && !NOT_HISTORY.includes(r.outcome))
      .map((r, order) => ({ r: r.runbook === name ? r : { ...r, runbook: name }, t: Date.parse(r.time), order }))
      .filter((e) => Number.isFinite(e.t))
      .sort((a, b) => a.t - b.t || a.order - b.order);
    this.records = kept.map((e) => e.r);
    this.times = kept.map((e) => e.t);
  }

  /** Records strictly before `now`, within the window, the newest HISTORY_MAX_RECORDS. */
  before(now: number): AuditRecord[] {
    const end = firstAtOrAfter(this.times, now);
    const start = Math.max(firstAtOrAfter(this.times, now - HISTORY_WINDOW_MS), end - HISTORY_MAX_RECORDS);
    return this.records.slice(start, end);
  }
}

function sliceSnapshot(input: DecisionInput): ClusterSnapshot {
  // The record reader checked every item against its kind's guard already; this only sorts them.
  const { snapshot } = snapshotFromList({ items: input.state.items });
  return {
    ...snapshot,
    ...(input.state.takenAt ? { takenAt: input.state.takenAt } : {}),
    ...(input.state.unreadableNamespaces ? { unreadableNamespaces: input.state.unreadableNamespaces } : {}),
  };
}

/**
 * The recorded metric values the replayed runbook's preconditions would read. A value measured with
 * another query than the replayed runbook's is not evidence for it: it becomes an error reading (abort).
 */
function replayMetrics(runbook: Runbook, plan: Plan, recorded: Record<string, MetricReading> | undefined, notes: string[]): Record<string, MetricReading> {
  const out: Record<string, MetricReading> = {};
  for (const q of preconditionQueries(runbook, plan)) {
    const r = recorded && Object.prototype.hasOwnProperty.call(recorded, q.name) ? recorded[q.name] : undefined;
    let value: MetricReading;
    if (!q.ok) value = { kind: 'error', message: q.message };
    else if (!r) value = { kind: 'error', message: 'no value was recorded for this metric at decision time', query: q.query };
    else if (r.query !== undefined && r.query !== q.query) {
      value = { kind: 'error', message: 'the recorded value was measured with a different query', query: q.query };
      notes.push(`metric ${q.name}: the recorded value came from another query, so it is not used`);
    } else value = r;
    Object.defineProperty(out, q.name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function statusMap(verdicts: readonly Verdict[]): Map<GuardrailId, Verdict> {
  const m = new Map<GuardrailId, Verdict>();
  for (const v of verdicts) if (!m.has(v.guardrail)) m.set(v.guardrail, v);
  return m;
}

function verdictChanges(before: readonly Verdict[], after: readonly Verdict[]): VerdictChange[] {
  const b = statusMap(before);
  const a = statusMap(after);
  const changes: VerdictChange[] = [];
  for (const [id, v] of a) {
    const old = b.get(id);
    if (!old || old.status !== v.status) changes.push({ guardrail: id, before: old?.status ?? 'absent', after: v.status, reason: v.reason });
  }
  for (const [id, v] of b) if (!a.has(id)) changes.push({ guardrail: id, before: v.status, after: 'absent', reason: v.reason });
  return changes;
}

function summary(mode: ReplayDecision['mode'], reason: string | undefined, action: string | undefined, verdicts: readonly Verdict[]): ReplayDecision {
  return {
    mode, ...(reason !== undefined ? { reason } : {}), ...(action !== undefined ? { action } : {}),
    verdicts: verdicts.map((v) => ({ guardrail: v.guardrail, status: v.status })),
  };
}

function replayOne(record: AuditRecord, input: DecisionInput, runbook: Runbook, pool: HistoryPool): ReplayEntry {
  const now = new Date(input.decidedAt);
  const base = { runbook, snapshot: sliceSnapshot(input), history: pool.before(now.getTime()), now, settings: input.settings };
  const notes: string[] = [];
  let plan = decideTarget(decisionContext({ ...base, metrics: input.metrics ?? {} }), input.request, input.incident);
  if ((runbook.spec.guardrails.metricPreconditions ?? []).length > 0) {
    // As live: the queries name the resolved target, so they are known after a first decision.
    plan = decideTarget(decisionContext({ ...base, metrics: replayMetrics(runbook, plan, input.metrics, notes) }), input.request, input.incident);
  }
  const before = summary(record.mode, record.message, record.action.description, record.verdicts);
  const after = summary(plan.mode, plan.modeReason, plan.action.description, plan.verdicts);
  const changes = verdictChanges(record.verdicts, plan.verdicts);
  const actionChanged = before.action !== undefined && before.action !== after.action;
  const changed = before.mode !== after.mode || actionChanged;
  const reason = changes.length > 0 ? changes.map((c) => `${c.guardrail} ${c.before} → ${c.after}: ${c.reason}`).join('; ')
    : before.mode !== after.mode ? plan.modeReason
      : actionChanged ? `the action would be: ${after.action}` : 'the same decision';
  return {
    status: changed ? 'changed' : 'unchanged', record: recordRef(record), request: input.request, decidedAt: input.decidedAt,
    before, after, verdictChanges: changes, reason,
    ...(input.truncated ? { truncated: input.truncated.reason } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** The records of each attempt (by id; a record without an id is an attempt of its own), in file order. */
function attempts(records: readonly AuditRecord[]): AuditRecord[][] {
  const byId = new Map<string, AuditRecord[]>();
  const out: AuditRecord[][] = [];
  for (const r of records) {
    if (!r.id) { out.push([r]); continue; }
    const group = byId.get(r.id);
    if (group) { group.push(r); continue; }
    const fresh = [r];
    byId.set(r.id, fresh);
    out.push(fresh);
  }
  return out;
}

function entryFor(group: AuditRecord[], runbook: Runbook, pool: HistoryPool): ReplayEntry {
  const first = group[0];
  if (first.action.type === 'label') return { status: 'not_replayable', record: recordRef(first), reason: 'a label change by a person, not an engine decision' };
  const decided = group.find((r) => r.decisionInput !== undefined);
  if (!decided || decided.decisionInput === undefined) {
    return { status: 'not_replayable', record: recordRef(first), reason: 'the record does not carry the state its decision read (written by an older version, or not by the decision pipeline)' };
  }
  const input = decided.decisionInput;
  if (!isReadableInput(input)) return { status: 'not_replayable', record: recordRef(decided), reason: `its recorded state cannot be used: ${input.unreadable}` };
  try {
    return replayOne(decided, input, runbook, pool);
  } catch (err) {
    // The engine does not throw on content; if it does, this record is reported, not the whole replay lost.
    return { status: 'not_replayable', record: recordRef(decided), reason: `could not decide again: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Replays every recorded decision of `recordedRunbook` (default the runbook's name) with `runbook`. */
export function replayDecisions(o: ReplayOptions): ReplayReport {
  const name = o.runbook.metadata.name;
  const recorded = o.recordedRunbook ?? name;
  const pool = new HistoryPool(o.records, recorded, name);
  const entries: ReplayEntry[] = [];
  let otherRunbooks = 0;
  for (const group of attempts(o.records)) {
    if (group[0].runbook !== recorded) { otherRunbooks++; continue; }
    entries.push(entryFor(group, o.runbook, pool));
  }
  const count = (s: ReplayEntry['status']) => entries.filter((e) => e.status === s).length;
  return {
    runbook: name, recordedRunbook: recorded,
    summary: { decisions: entries.length, changed: count('changed'), unchanged: count('unchanged'), notReplayable: count('not_replayable'), otherRunbooks },
    entries,
  };
}
