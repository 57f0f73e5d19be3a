// Chart.js charts for the report, each with a table of the same numbers beside it (for screen readers,
// and for anyone who wants the figures). Colours are the theme's: read from the --vscode-* CSS
// variables at draw time and again when the theme changes. Chart.js is bundled (no CDN); it styles the
// canvas through the CSSOM only, which the webview's CSP allows without 'unsafe-inline'.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { ChartColour, ChartView } from '../protocol/report';
import { el } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const FALLBACK: Record<ChartColour, string> = {
  blue: '#3794ff', green: '#89d185', red: '#f14c4c', yellow: '#cca700', orange: '#d18616', purple: '#b180d7', foreground: '#cccccc',
};

function cssVariable(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim();
}

/** The theme's colour for a series (--vscode-charts-*, the foreground for 'foreground'). */
export function themeColour(colour: ChartColour): string {
  const value = cssVariable(colour === 'foreground' ? '--vscode-descriptionForeground' : `--vscode-charts-${colour}`);
  return value || FALLBACK[colour];
}

export function formatValue(value: number | null, unit: ChartView['unit']): string {
  if (value === null) return 'n/a';
  if (unit === 'percent') return `${value}%`;
  if (unit === 'seconds') return value < 120 ? `${Math.round(value * 10) / 10}s` : value < 7200 ? `${Math.round(value / 6) / 10}m` : `${Math.round(value / 360) / 10}h`;
  return String(value);
}

function valuesTable(view: ChartView): HTMLTableElement {
  const t = el('table', undefined, 'chart-table');
  const caption = el('caption', view.title);
  const head = el('tr');
  head.append(el('th', view.kind === 'horizontal' ? 'Guardrail' : 'Service'), ...view.series.map((s) => el('th', s.label)));
  const body = el('tbody');
  view.labels.forEach((label, i) => {
    const tr = el('tr');
    const th = el('th', label);
    th.scope = 'row';
    tr.append(th, ...view.series.map((s) => el('td', formatValue(s.values[i] ?? null, view.unit))));
    body.append(tr);
  });
  const thead = el('thead');
  thead.append(head);
  t.append(caption, thead, body);
  return t;
}

function config(view: ChartView): ChartConfiguration<'bar', (number | null)[], string> {
  const text = themeColour('foreground');
  const grid = cssVariable('--vscode-panel-border') || 'rgba(128,128,128,0.3)';
  const stacked = view.kind === 'stacked';
  const valueAxis = { beginAtZero: true, stacked, ticks: { color: text, precision: view.unit === 'count' ? 0 : undefined }, grid: { color: grid },
    ...(view.unit === 'percent' ? { max: 100 } : {}) };
  const labelAxis = { stacked, ticks: { color: text }, grid: { color: grid } };
  return {
    type: 'bar',
    data: {
      labels: view.labels,
      datasets: view.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: themeColour(s.colour), borderColor: themeColour(s.colour) })),
    },
    options: {
      indexAxis: view.kind === 'horizontal' ? 'y' : 'x',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { labels: { color: text } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatValue(item.raw as number | null, view.unit)}` } },
      },
      scales: view.kind === 'horizontal' ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
    },
  };
}

/** The charts drawn now; redrawn with new colours when the theme changes. */
export class ReportCharts {
  private charts: { chart: Chart<'bar', (number | null)[], string>; view: ChartView }[] = [];
  private pending: { canvas: HTMLCanvasElement; view: ChartView }[] = [];

  constructor() {
    // VS Code swaps the body's class (vscode-light, vscode-dark, vscode-high-contrast) on a theme change.
    new MutationObserver(() => this.recolour()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  clear(): void {
    for (const c of this.charts) c.chart.destroy();
    this.charts = [];
    this.pending = [];
  }

  /** A chart and its table side by side. */
  draw(view: ChartView): HTMLElement {
    const figure = el('figure', undefined, 'chart-pair');
    const box = el('div', undefined, `chart-box chart-${view.kind}`);
    const canvas = el('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${view.title}: chart; the table beside it holds the same numbers`);
    box.append(canvas);
    figure.append(box, valuesTable(view));
    this.pending.push({ canvas, view });
    return figure;
  }

  /** Draws the charts of draw() once their figures are in the document (Chart.js measures its container). */
  mount(): void {
    for (const p of this.pending.splice(0)) this.charts.push({ chart: new Chart(p.canvas, config(p.view)), view: p.view });
  }

  get count(): number {
    return this.charts.length;
  }

  /** The colours the charts are drawn with now. */
  colours(): string[] {
    const seen = new Set<string>();
    for (const c of this.charts) for (const d of c.chart.data.datasets) if (typeof d.backgroundColor === 'string') seen.add(d.backgroundColor);
    return [...seen];
  }

  private recolour(): void {
    for (const c of this.charts) {
      const fresh = config(c.view);
      c.chart.data.datasets.forEach((d, i) => { d.backgroundColor = fresh.data.datasets[i].backgroundColor; d.borderColor = fresh.data.datasets[i].borderColor; });
      c.chart.options = fresh.options ?? {};
      c.chart.update();
    }
  }
}
