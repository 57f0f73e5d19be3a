// The figures of bench/serve.ts, computed from what serve wrote (its audit file and its intake journal):
// per incident its first decision, latencies from the alert's start (set to the moment it was posted to
// Alertmanager) and from serve's receipt, and the peak number of actions in flight at once.
import { ACTED_OUTCOMES, type AuditRecord } from '../src/core/model/audit';
import type { JournalAlert } from '../src/core/serve/journal';
import { alertIncidentId } from '../src/core/alerts/incident';

/** Milliseconds since the epoch of an RFC 3339 time; fractions past milliseconds (Alertmanager sends nanoseconds) are cut. */
export function timeMs(text: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}${m[2] ? m[2].slice(0, 4).padEnd(4, '0') : ''}${m[3]}`);
}

/** The value at fraction `p` (0..1) of an ascending list (nearest rank); NaN for an empty list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

/** The first record per incident (the decision), in file order. */
export function firstDecisions(records: readonly AuditRecord[]): Map<string, AuditRecord> {
  const first = new Map<string, AuditRecord>();
  for (const r of records) if (r.incidentId && !first.has(r.incidentId)) first.set(r.incidentId, r);
  return first;
}

/** When serve first received each incident (a re-sent alert is journaled again; the first receipt counts). */
export function firstReceipts(journal: readonly JournalAlert[]): Map<string, number> {
  const at = new Map<string, number>();
  for (const line of journal) {
    const id = alertIncidentId(line.alert);
    const t = timeMs(line.receivedAt);
    const known = at.get(id);
    if (known === undefined || t < known) at.set(id, t);
  }
  return at;
}

/** The alert's startsAt, from the incident id (fingerprint@startsAt). */
export function startOf(incidentId: string): number {
  return timeMs(incidentId.slice(incidentId.indexOf('@') + 1));
}

const FINAL_AFTER_ACTION = new Set(['verified', 'verification_failed', 'verification_inconclusive', 'rolled_back', 'error']);

/**
 * Actions in flight at once: each executed record opens an interval that the same attempt's (same record
 * id) next final record closes; an action never closed stays open to the end. Returns the peak and the
 * number of actions.
 */
export function peakConcurrentActions(records: readonly AuditRecord[]): { peak: number; actions: number; unfinished: number } {
  const open = new Map<string, number>();
  const events: { t: number; d: number }[] = [];
  for (const r of records) {
    if (r.id === undefined) continue;
    if (r.outcome === 'executed' && !open.has(r.id)) {
      open.set(r.id, timeMs(r.time));
      events.push({ t: timeMs(r.time), d: 1 });
    } else if (open.has(r.id) && FINAL_AFTER_ACTION.has(r.outcome)) {
      events.push({ t: timeMs(r.time), d: -1 });
      open.delete(r.id);
    }
  }
  // At equal times an end comes before a start: back-to-back actions do not overlap.
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of events) {
    now += e.d;
    peak = Math.max(peak, now);
  }
  return { peak, actions: events.filter((e) => e.d > 0).length, unfinished: open.size };
}

/** Decisions by outcome of their first record, e.g. { blocked: 4800, executed: 100 }. */
export function outcomes(first: ReadonlyMap<string, AuditRecord>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of first.values()) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return counts;
}

/** Incidents whose first record says an action was taken (executed or later). */
export function acted(first: ReadonlyMap<string, AuditRecord>): number {
  return [...first.values()].filter((r) => ACTED_OUTCOMES.includes(r.outcome)).length;
}

/** Sums of a Prometheus text exposition's samples by metric name and label set, e.g. `remediator_guardrail_blocks_total{guardrail="cooldownMinutes"}`. */
export function metricSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1], Number(m[2]));
  }
  return samples;
}

/** The upper bound of the histogram bucket holding fraction `p` of the observations (Infinity past the last). */
export function histogramQuantile(samples: ReadonlyMap<string, number>, name: string, p: number): number {
  const buckets: { le: number; count: number }[] = [];
  for (const [key, value] of samples) {
    const m = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\}$`).exec(key);
    if (m) buckets.push({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: value });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets[buckets.length - 1]?.count ?? 0;
  if (total === 0) return Number.NaN;
  return buckets.find((b) => b.count >= total * p)?.le ?? Infinity;
}

/** Decisions per `stepMs` from `began` on (index 0 is the first step), to show when serve kept up and when it fell behind. */
export function timeline(first: ReadonlyMap<string, AuditRecord>, began: number, stepMs: number): number[] {
  const counts: number[] = [];
  for (const r of first.values()) {
    const step = Math.max(0, Math.floor((timeMs(r.time) - began) / stepMs));
    while (counts.length <= step) counts.push(0);
    counts[step]++;
  }
  return counts;
}

/** Median latency of the alerts by the second they were posted in (from their startsAt), to tell a queue from a fixed delay. */
export function latencyByPostSecond(first: ReadonlyMap<string, AuditRecord>, began: number): number[] {
  const bySecond: number[][] = [];
  for (const r of first.values()) {
    const start = startOf(r.incidentId!);
    const second = Math.max(0, Math.floor((start - began) / 1000));
    (bySecond[second] ??= []).push(timeMs(r.time) - start);
  }
  return [...bySecond].map((l) => (l ? percentile(l.sort((a, b) => a - b), 0.5) : Number.NaN));
}
