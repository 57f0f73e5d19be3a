// The remediation report as text for a terminal (the --json form is the data itself, src/core/report/types.ts).
import type { DurationStats, GroupStats, Rate, RemediationReport, RunbookReport } from '../core/report/types';
import { escapeText as e } from '../core/text/escape';

function pct(r: number | null): string {
  return r === null ? 'n/a' : `${Math.round(r * 1000) / 10}%`;
}

function ratio(r: Rate): string {
  return r.of === 0 ? 'n/a (none)' : `${r.count}/${r.of} (${pct(r.rate)})`;
}

function seconds(s: number | null): string {
  if (s === null) return 'n/a';
  if (s < 120) return `${Math.round(s * 10) / 10}s`;
  if (s < 7200) return `${Math.round(s / 6) / 10}m`;
  return `${Math.round(s / 360) / 10}h`;
}

function durations(d: DurationStats): string {
  return d.count === 0 ? 'n/a (none)' : `median ${seconds(d.medianSeconds)} · p90 ${seconds(d.p90Seconds)} · mean ${seconds(d.meanSeconds)} (n=${d.count})`;
}

function statsLines(s: GroupStats, indent: string): string[] {
  const blocks = s.guardrailBlocks;
  const by = blocks.byGuardrail.map((g) => `${g.guardrail} ${g.count}`).join(', ');
  const f = s.automationFailures;
  const row = (label: string, value: string) => `${indent}${label.padEnd(22)}${value}`;
  return [
    row('counts', `incidents ${s.incidents} · decisions ${s.decisions} · actions ${s.actions} · previews ${s.previews}`),
    row('automated recovery', ratio(s.automatedRecovery)),
    row('verification', `passed ${ratio(s.verification.passed)} · failed ${ratio(s.verification.failed)} · inconclusive ${ratio(s.verification.inconclusive)}${s.verification.unfinished ? ` · ${s.verification.unfinished} unfinished` : ''}`),
    row('guardrail blocks', `${ratio(blocks.all)}${by ? `: ${by}` : ''}${blocks.unattributed ? ` (${blocks.unattributed} unattributed)` : ''}`),
    row('approvals accepted', ratio(s.approvals)),
    row('time to decide', durations(s.timeToDecide)),
    row('time to restore', durations(s.timeToRestore)),
    row('repeated incidents', ratio(s.repeatedIncidents)),
    row('automation failures', `${f.total}: ${f.failedVerifications} failed verification, ${f.rollbacks} rolled back, ${f.rollbackFailures} failed rollback, ${f.unobservable} unobservable`),
  ];
}

function runbookLines(r: RunbookReport): string[] {
  const lines = [`runbook ${e(r.runbook)}: ${e(r.readiness.summary)}`, ...statsLines(r, '  '), '  evidence:'];
  for (const x of r.readiness.evidence) lines.push(`    - ${e(x)}`);
  for (const s of r.services) {
    lines.push(`  service ${e(s.service)}:`, ...statsLines(s, '    '));
  }
  return lines;
}

export function reportText(report: RemediationReport): string {
  const src = report.sources;
  const head = `Remediation report${report.since ? ` since ${report.since}` : ''} (${src.auditRecords} audit records${src.sharedStateRecords ? `, ${src.sharedStateRecords} more from the shared state` : ''})`;
  const lines = [head];
  for (const n of src.notes) lines.push(`note: ${e(n)}`);
  if (report.runbooks.length === 0) lines.push('', 'No remediation decisions are recorded for this period.');
  for (const r of report.runbooks) lines.push('', ...runbookLines(r));
  return `${lines.join('\n')}\n`;
}
