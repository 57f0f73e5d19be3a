// RemediationReport (src/core/report) → the report webview's display model: per runbook, the figures
// table, the charts (whose numbers are also their tables) and the readiness answer. Pure: no vscode,
// nothing recomputed; every figure is read from the core's report.
import type { ShadowRunbookAgreement } from '../../../core/report/shadow';
import type { DurationStats, GroupStats, Rate, RemediationReport, RunbookReport } from '../../../core/report/types';
import { escapeText as e } from '../../../core/text/escape';
import type { ChartView, FigureTableView, ReportView, RunbookReportView } from '../../../protocol/report';

export interface ReportViewInput {
  report: RemediationReport;
  auditFile: string;
  /** Whether the audit file exists at all (a missing one is "no audit yet", not an empty period). */
  auditExists: boolean;
  options: { since?: string; runbook?: string };
  /** Every runbook the sources name, for the runbook filter (the report may hold only one). */
  runbookNames: string[];
  problems: string[];
  shadow?: readonly ShadowRunbookAgreement[];
}

export const ALL_SERVICES = 'all services';

export function pct(r: number | null): string {
  return r === null ? 'n/a' : `${Math.round(r * 1000) / 10}%`;
}

export function ratio(r: Rate): string {
  return r.of === 0 ? 'n/a (none)' : `${r.count}/${r.of} (${pct(r.rate)})`;
}

export function seconds(s: number | null): string {
  if (s === null) return 'n/a';
  if (s < 120) return `${Math.round(s * 10) / 10}s`;
  if (s < 7200) return `${Math.round(s / 6) / 10}m`;
  return `${Math.round(s / 360) / 10}h`;
}

function durations(d: DurationStats): string {
  return d.count === 0 ? 'n/a (none)' : `median ${seconds(d.medianSeconds)} · p90 ${seconds(d.p90Seconds)} (n=${d.count})`;
}

/** A rate as a chart value in percent (0..100), null when there is nothing to divide. */
function percent(r: Rate | number | null): number | null {
  const v = typeof r === 'object' && r !== null ? r.rate : r;
  return v === null ? null : Math.round(v * 1000) / 10;
}

/** The figures, one row each; a column per group (the runbook over all its services, then each service). */
const FIGURES: [string, (s: GroupStats) => string][] = [
  ['Incidents', (s) => String(s.incidents)],
  ['Decisions', (s) => `${s.decisions}${s.previews ? ` (+${s.previews} previews)` : ''}`],
  ['Actions', (s) => String(s.actions)],
  ['Automated recovery', (s) => ratio(s.automatedRecovery)],
  ['Verification passed', (s) => ratio(s.verification.passed)],
  ['Verification failed', (s) => ratio(s.verification.failed)],
  ['Verification inconclusive', (s) => `${ratio(s.verification.inconclusive)}${s.verification.unfinished ? ` · ${s.verification.unfinished} unfinished` : ''}`],
  ['Guardrail blocks', (s) => ratio(s.guardrailBlocks.all)],
  ['Blocks by guardrail', (s) => [...s.guardrailBlocks.byGuardrail.map((g) => `${e(g.guardrail)} ${g.count}`),
    ...(s.guardrailBlocks.unattributed ? [`unattributed ${s.guardrailBlocks.unattributed}`] : [])].join(', ') || 'none'],
  ['Approvals accepted', (s) => ratio(s.approvals)],
  ['Time to decide', (s) => durations(s.timeToDecide)],
  ['Time to restore', (s) => durations(s.timeToRestore)],
  ['Repeated incidents', (s) => ratio(s.repeatedIncidents)],
  ['Automation-caused failures', (s) => {
    const f = s.automationFailures;
    return `${f.total}: ${f.failedVerifications} failed verification, ${f.rollbackFailures} failed rollback, ${f.unobservable} unobservable`;
  }],
  ['Rollbacks', (s) => String(s.automationFailures.rollbacks)],
];

function groups(r: RunbookReport): { label: string; stats: GroupStats }[] {
  return [{ label: ALL_SERVICES, stats: r }, ...r.services.map((s) => ({ label: e(s.service), stats: s }))];
}

function charts(r: RunbookReport, index: number): ChartView[] {
  const g = groups(r);
  const labels = g.map((x) => x.label);
  const out: ChartView[] = [
    {
      id: `verification-${index}`, title: 'Verification of actions', kind: 'stacked', unit: 'count', labels,
      series: [
        { label: 'passed', colour: 'green', values: g.map((x) => x.stats.verification.passed.count) },
        { label: 'failed', colour: 'red', values: g.map((x) => x.stats.verification.failed.count) },
        { label: 'inconclusive', colour: 'yellow', values: g.map((x) => x.stats.verification.inconclusive.count) },
        { label: 'unfinished', colour: 'foreground', values: g.map((x) => x.stats.verification.unfinished) },
      ],
    },
    {
      id: `rates-${index}`, title: 'Rates', kind: 'bar', unit: 'percent', labels,
      series: [
        { label: 'automated recovery', colour: 'blue', values: g.map((x) => percent(x.stats.automatedRecovery)) },
        { label: 'guardrail blocks', colour: 'orange', values: g.map((x) => percent(x.stats.guardrailBlocks.all)) },
        { label: 'approvals accepted', colour: 'green', values: g.map((x) => percent(x.stats.approvals)) },
        { label: 'repeated incidents', colour: 'purple', values: g.map((x) => percent(x.stats.repeatedIncidents)) },
      ],
    },
  ];
  const blocks = r.guardrailBlocks;
  if (blocks.byGuardrail.length > 0 || blocks.unattributed > 0) {
    out.push({
      id: `guardrails-${index}`, title: 'Blocked decisions by guardrail', kind: 'horizontal', unit: 'count',
      labels: [...blocks.byGuardrail.map((b) => e(b.guardrail)), ...(blocks.unattributed ? ['(unattributed)'] : [])],
      series: [{ label: 'blocked decisions', colour: 'red', values: [...blocks.byGuardrail.map((b) => b.count), ...(blocks.unattributed ? [blocks.unattributed] : [])] }],
    });
  }
  if (g.some((x) => x.stats.timeToDecide.count > 0 || x.stats.timeToRestore.count > 0)) {
    out.push({
      id: `durations-${index}`, title: 'Time to decide and to restore', kind: 'bar', unit: 'seconds', labels,
      series: [
        { label: 'decide (median)', colour: 'blue', values: g.map((x) => x.stats.timeToDecide.medianSeconds) },
        { label: 'restore (median)', colour: 'green', values: g.map((x) => x.stats.timeToRestore.medianSeconds) },
        { label: 'restore (p90)', colour: 'yellow', values: g.map((x) => x.stats.timeToRestore.p90Seconds) },
      ],
    });
  }
  return out;
}

function shadowSentence(a: ShadowRunbookAgreement | undefined): string | undefined {
  if (!a || a.shadowed === 0) return undefined;
  return `shadow agreement: ${pct(a.rate)} — ${a.agreed} agreed, ${a.disagreed} disagreed, ${a.pending} pending, of ${a.shadowed} shadowed decisions`;
}

function runbookView(r: RunbookReport, index: number, shadow: readonly ShadowRunbookAgreement[]): RunbookReportView {
  const g = groups(r);
  const figures: FigureTableView = {
    caption: `${e(r.runbook)}: figures per service`, headers: ['Figure', ...g.map((x) => x.label)],
    rows: FIGURES.map(([name, value]) => [name, ...g.map((x) => value(x.stats))]),
  };
  const agreement = shadowSentence(shadow.find((s) => s.runbook === r.runbook));
  return {
    runbook: e(r.runbook), verdict: r.readiness.verdict, summary: e(r.readiness.summary), evidence: r.readiness.evidence.map((x) => e(x)),
    figures, charts: charts(r, index), ...(agreement ? { shadow: e(agreement) } : {}),
  };
}

export function reportView(input: ReportViewInput): ReportView {
  const r = input.report;
  const src = r.sources;
  const sources = `${src.auditRecords} record${src.auditRecords === 1 ? '' : 's'} from ${input.auditFile}`
    + `${src.sharedStateRecords ? `, ${src.sharedStateRecords} more from the shared state in the cluster` : ''}`
    + `${r.since ? `; attempts since ${r.since}` : ''}`;
  let empty: string | undefined;
  if (!input.auditExists && src.sharedStateRecords === 0) {
    empty = `No audit log yet: ${input.auditFile} does not exist. Dry runs, executions and scans write it (setting remediator.auditFile).`;
  } else if (r.runbooks.length === 0) {
    empty = `No remediation decisions are recorded${r.since ? ` since ${r.since}` : ''}${input.options.runbook ? ` for runbook ${e(input.options.runbook)}` : ''}.`;
  }
  return {
    auditFile: e(input.auditFile), generatedAt: r.generatedAt, options: input.options, runbookNames: input.runbookNames.map((n) => e(n)),
    sources: e(sources), notes: src.notes.map((n) => e(n)), problems: input.problems.map((p) => e(p)),
    ...(empty ? { empty } : {}),
    runbooks: r.runbooks.map((x, i) => runbookView(x, i, input.shadow ?? [])),
  };
}
