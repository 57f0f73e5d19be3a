// The metric checks of a plan as a table: kind, name, verdict, the live value now, the baseline and the
// condition, one row each; long texts (why a value is missing, a verification's reason) go on the line
// under their row so the columns stay readable. Every field is escaped: a query's error can quote anything.
import { numberText, readingText, rowVerdict, type MetricCheckRow } from '../core/metrics/checkRows';
import { escapeText as e } from '../core/text/escape';

const NOW_WIDTH = 12;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The value column: a number, or a short word whose explanation follows on the next line. */
function nowCell(row: MetricCheckRow): { cell: string; detail?: string } {
  const now = row.now;
  if (now?.kind === 'value') return { cell: numberText(now.value) };
  if (!now) return { cell: 'not measured' };
  return { cell: now.kind === 'no_data' ? 'no data' : 'error', detail: readingText(now) };
}

/** Lines of the table, indented by `indent`; none when there are no rows. */
export function metricTableLines(rows: readonly MetricCheckRow[] | undefined, indent = '  '): string[] {
  if (!rows || rows.length === 0) return [];
  const cells = rows.map((row) => ({ row, now: nowCell(row), name: e(row.name), verdict: e(rowVerdict(row)) }));
  const nameWidth = Math.max(4, ...cells.map((c) => c.name.length));
  const verdictWidth = Math.max(7, ...cells.map((c) => c.verdict.length));
  const lines = [`${indent}${pad('KIND', 12)}  ${pad('NAME', nameWidth)}  ${pad('VERDICT', verdictWidth)}  ${pad('NOW', NOW_WIDTH)}  ${pad('BASELINE', 10)}  CONDITION`];
  for (const { row, now, name, verdict } of cells) {
    const baseline = row.kind === 'precondition' ? '' : row.baseline !== undefined ? numberText(row.baseline) : '—';
    lines.push(`${indent}${pad(row.kind, 12)}  ${pad(name, nameWidth)}  ${pad(verdict, verdictWidth)}  ${pad(e(now.cell), NOW_WIDTH)}  ${pad(baseline, 10)}  ${e(row.condition)}`);
    if (now.detail !== undefined) lines.push(`${indent}  ${name}: ${e(now.detail)}`);
    if (row.reason !== undefined) lines.push(`${indent}  ${name}: ${e(row.reason)}`);
  }
  return lines;
}
