// A metric's samples as a small inline SVG chart, drawn by our own code (no library, no CDN), coloured
// by the theme through CSS classes (the panel's stylesheet), plus the same samples as a table for screen
// readers. Every string is set as text, never parsed as markup.
import type { MetricCheckView, MetricSampleView } from '../protocol/messages';
import { chartGeometry, type ChartBox } from './chartGeometry';

const SVG = 'http://www.w3.org/2000/svg';
const BOX: ChartBox = { width: 320, height: 110, padding: 12 };
/** Rows of the sample table: the latest ones (the chart shows them all). */
const TABLE_ROWS = 20;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, className?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (className) node.setAttribute('class', className);
  return node;
}

/** The digits rule of the host's readingText (the webview may not import core), for streamed samples. */
export function valueText(value: number | undefined): string {
  if (value === undefined) return '—';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 0.01 && abs < 1e6 ? String(Number(value.toFixed(abs < 1 ? 4 : 2))) : value.toPrecision(3);
}

function timeText(at: string): string {
  const t = new Date(at);
  return Number.isNaN(t.getTime()) ? at : t.toISOString().slice(11, 19);
}

function summary(check: MetricCheckView, samples: readonly MetricSampleView[]): string {
  const last = samples.at(-1);
  if (!last) return `${check.name}: no samples yet`;
  return `${check.name}: ${samples.length} sample${samples.length === 1 ? '' : 's'}, latest ${valueText(last.value)} (${last.verdict})`
    + (check.baseline !== undefined ? `, baseline ${valueText(check.baseline)}` : '');
}

export function chart(check: MetricCheckView, samples: readonly MetricSampleView[]): SVGSVGElement {
  const g = chartGeometry(samples, check.baseline, BOX);
  const root = svg('svg', { viewBox: `0 0 ${BOX.width} ${BOX.height}`, width: BOX.width, height: BOX.height, role: 'img' }, 'chart');
  root.setAttribute('aria-label', summary(check, samples));
  root.append(svg('rect', { x: 0.5, y: 0.5, width: BOX.width - 1, height: BOX.height - 1 }, 'chart-frame'));
  const label = (text: string, y: number) => {
    const t = svg('text', { x: 3, y }, 'chart-label');
    t.textContent = text;
    return t;
  };
  root.append(label(valueText(g.high), 10), label(valueText(g.low), BOX.height - 3));
  if (g.baselineY !== undefined) {
    root.append(svg('line', { x1: BOX.padding, x2: BOX.width - BOX.padding, y1: g.baselineY, y2: g.baselineY }, 'chart-baseline'));
    const t = svg('text', { x: BOX.width - BOX.padding, y: g.baselineY - 3, 'text-anchor': 'end' }, 'chart-label');
    t.textContent = 'baseline';
    root.append(t);
  }
  if (g.line) root.append(svg('polyline', { points: g.line, fill: 'none' }, 'chart-line'));
  for (const p of g.points) {
    root.append(p.y !== undefined
      ? svg('circle', { cx: p.x, cy: p.y, r: 3 }, `chart-point sample-${p.verdict}`)
      : svg('rect', { x: p.x - 3, y: BOX.height - BOX.padding, width: 6, height: 6 }, `chart-point sample-${p.verdict}`));
  }
  return root;
}

export function sampleTable(check: MetricCheckView, samples: readonly MetricSampleView[]): HTMLTableElement {
  const t = document.createElement('table');
  t.className = 'samples';
  const caption = document.createElement('caption');
  const shown = samples.slice(-TABLE_ROWS);
  caption.textContent = samples.length > shown.length ? `${check.name}: latest ${shown.length} of ${samples.length} samples` : `${check.name}: samples`;
  t.append(caption);
  const head = t.createTHead().insertRow();
  for (const h of ['Time', 'Value', 'Verdict']) {
    const th = document.createElement('th');
    th.textContent = h;
    th.scope = 'col';
    head.append(th);
  }
  const body = t.createTBody();
  if (shown.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 3;
    cell.className = 'muted';
    cell.textContent = 'no samples yet: they appear here while verifying';
  }
  for (const s of shown) {
    const row = body.insertRow();
    row.className = `sample sample-row-${s.verdict}`;
    row.insertCell().textContent = timeText(s.at);
    row.insertCell().textContent = valueText(s.value);
    const verdict = row.insertCell();
    verdict.textContent = s.verdict.replace('_', ' ');
    verdict.className = `status sample-${s.verdict}`;
    if (s.detail) verdict.title = s.detail;
  }
  return t;
}
