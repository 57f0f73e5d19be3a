// Shadow agreement: how often a runbook in shadow mode proposed what a person then did. A shadowed
// decision agrees when, within the window after it, someone acted on the same target (an acted record
// of any runbook by anyone, or, with a cluster, the target pod no longer exists with the uid the
// decision saw: deleted or replaced by someone else). It disagrees when the window passed with neither.
// Decisions whose window has not passed yet are pending and not counted.
import { targetUidOf } from '../audit/record';
import { ACTED_OUTCOMES, type AuditRecord } from '../model/audit';

export const DEFAULT_SHADOW_WINDOW_SECONDS = 3600;

export interface ShadowRunbookAgreement {
  runbook: string;
  shadowed: number;
  agreed: number;
  disagreed: number;
  pending: number;
  /** agreed / (agreed + disagreed); null when nothing was decided yet. */
  rate: number | null;
  /** Up to 10 examples of each, for the evidence. */
  examples: { target: string; time: string; verdict: 'agreed' | 'disagreed'; why: string }[];
}

/** What the cluster shows of a shadowed decision's target now ('gone': no object with the uid it had). */
export type TargetNow = 'gone' | 'present' | 'unknown';

const targetKey = (r: Pick<AuditRecord, 'target'>) => `${r.target.namespace}/${r.target.kind}/${r.target.name}`;

/** The uid the decision saw (the targetExists verdict's evidence), if recorded. */
export function shadowTargetUid(r: AuditRecord): string | undefined {
  return targetUidOf(r);
}

export function shadowAgreement(records: readonly AuditRecord[], now: Date, o: { windowSeconds?: number; targetNow?(r: AuditRecord): TargetNow } = {}): ShadowRunbookAgreement[] {
  const windowMs = (o.windowSeconds ?? DEFAULT_SHADOW_WINDOW_SECONDS) * 1000;
  const acted = new Map<string, number[]>();
  for (const r of records) {
    if (!ACTED_OUTCOMES.includes(r.outcome)) continue;
    const t = Date.parse(r.time);
    if (Number.isNaN(t)) continue;
    const list = acted.get(targetKey(r)) ?? [];
    list.push(t);
    acted.set(targetKey(r), list);
  }
  const byRunbook = new Map<string, ShadowRunbookAgreement>();
  for (const r of records) {
    if (r.outcome !== 'shadowed') continue;
    const t = Date.parse(r.time);
    if (Number.isNaN(t)) continue;
    const entry = byRunbook.get(r.runbook) ?? { runbook: r.runbook, shadowed: 0, agreed: 0, disagreed: 0, pending: 0, rate: null, examples: [] };
    byRunbook.set(r.runbook, entry);
    entry.shadowed++;
    const target = targetKey(r);
    const actedAfter = (acted.get(target) ?? []).some((a) => a >= t && a <= t + windowMs);
    const seen = actedAfter ? 'present' : o.targetNow?.(r) ?? 'unknown';
    let verdict: 'agreed' | 'disagreed' | 'pending';
    let why: string;
    if (actedAfter) { verdict = 'agreed'; why = 'someone acted on the target within the window'; }
    else if (seen === 'gone') { verdict = 'agreed'; why = 'the target was deleted or replaced since (not by this decision)'; }
    else if (now.getTime() < t + windowMs) { verdict = 'pending'; why = 'the window has not passed'; }
    else { verdict = 'disagreed'; why = 'nobody acted on the target within the window'; }
    if (verdict === 'pending') { entry.pending++; continue; }
    entry[verdict]++;
    if (entry.examples.filter((x) => x.verdict === verdict).length < 10) entry.examples.push({ target, time: r.time, verdict, why });
  }
  return [...byRunbook.values()]
    .map((e) => ({ ...e, rate: e.agreed + e.disagreed === 0 ? null : e.agreed / (e.agreed + e.disagreed) }))
    .sort((a, b) => a.runbook.localeCompare(b.runbook));
}
