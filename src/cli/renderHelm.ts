// The Helm part of a plan as text: both revisions side by side, then the values and manifest diffs.
// Every line is escaped (chart names, descriptions and manifests come from the cluster).
import type { HelmComparison, HelmRevisionSummary } from '../core/helm/compare';
import { escapeText as e } from '../core/text/escape';
import type { TextDiff } from '../core/text/lineDiff';

/** Without --verbose a diff shows this many lines, then says how many more there are. */
const SHORT_DIFF_LINES = 40;

function revisionLine(label: string, r: HelmRevisionSummary): string {
  const app = r.appVersion !== undefined ? `, app ${r.appVersion}` : '';
  return `    ${label} revision ${r.revision}  ${r.chart}-${r.chartVersion}${app}  ${r.status}  deployed ${r.deployedAt ?? 'unknown'}  "${r.description}"`;
}

function diffLines(title: string, diff: TextDiff, verbose: boolean): string[] {
  if (diff.added === 0 && diff.removed === 0) return [`    ${title}: no change`];
  const shown = verbose ? diff.lines : diff.lines.slice(0, SHORT_DIFF_LINES);
  const more = diff.lines.length - shown.length;
  return [
    `    ${title} (current -> proposed: -${diff.removed} +${diff.added}):`,
    ...shown.map((l) => `      ${l.op}${l.text}`),
    ...(more > 0 ? [`      … ${more} more lines (--verbose shows all)`] : []),
  ];
}

export function helmLines(c: HelmComparison, verbose: boolean): string[] {
  return [
    revisionLine('current: ', c.current),
    revisionLine('proposed:', c.proposed),
    ...diffLines('values', c.valuesDiff, verbose),
    ...diffLines('manifest', c.manifestDiff, verbose),
  ].map((line) => e(line));
}
