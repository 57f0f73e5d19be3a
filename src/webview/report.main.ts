// The Remediation Report (browser side): per runbook, the readiness answer with its evidence, the figures
// per service, and charts each with a table of the same numbers. Text goes in through textContent only
// (names come from audit records). Talks to the host through src/protocol/report.ts after a ready handshake.
import './report.css';
import { isReportHostMessage, type ReportRendered, type ReportView, type ReportWebviewMessage, type RunbookReportView } from '../protocol/report';
import { button, el, list } from './dom';
import { ReportCharts } from './reportCharts';
import { figureTable, problemList } from './reportDom';

interface VsCodeApi { postMessage(message: ReportWebviewMessage): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const progress = document.getElementById('progress') as HTMLElement;
const charts = new ReportCharts();

const VERDICT_WORDS: Record<RunbookReportView['verdict'], string> = { move_right: 'ready to move right', hold: 'hold', move_left: 'move left' };

function controls(view: ReportView): HTMLElement {
  const form = el('form', undefined, 'controls');
  const sinceLabel = el('label', 'Since ');
  const since = el('input');
  since.type = 'text';
  since.name = 'since';
  since.placeholder = 'everything (e.g. 7d, 12h, 30m)';
  since.value = view.options.since ?? '';
  sinceLabel.append(since);
  const runbookLabel = el('label', 'Runbook ');
  const runbook = el('select');
  runbook.name = 'runbook';
  const all = el('option', 'all runbooks');
  all.value = '';
  runbook.append(all, ...view.runbookNames.map((n) => { const o = el('option', n); o.value = n; return o; }));
  runbook.value = view.options.runbook ?? '';
  runbookLabel.append(runbook);
  const apply = el('button', 'Apply', 'primary');
  apply.type = 'submit';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    vscode.postMessage({ type: 'options', since: since.value, runbook: runbook.value });
  });
  form.append(sinceLabel, runbookLabel, apply, button('Refresh', () => vscode.postMessage({ type: 'refresh' })));
  return form;
}

function runbookSection(r: RunbookReportView): HTMLElement {
  const s = el('section', undefined, 'runbook');
  const title = el('h2');
  title.append(document.createTextNode(`${r.runbook} `), el('span', VERDICT_WORDS[r.verdict], `badge verdict-${r.verdict}`));
  s.append(title, el('p', r.summary, `summary verdict-text-${r.verdict}`));
  const evidence = el('div', undefined, 'evidence');
  evidence.append(el('h3', 'Evidence'), list(r.evidence));
  if (r.shadow) evidence.append(el('p', r.shadow));
  s.append(evidence, figureTable(r.figures));
  const grid = el('div', undefined, 'charts');
  grid.append(...r.charts.map((c) => charts.draw(c)));
  s.append(grid);
  return s;
}

function render(view: ReportView): void {
  charts.clear();
  root.replaceChildren();
  progress.textContent = '';
  const header = el('header');
  header.append(el('h1', 'Remediation report'), el('p', `${view.sources} · generated ${view.generatedAt}`, 'muted'), controls(view));
  root.append(header);
  if (view.problems.length > 0) root.append(problemList(view.problems));
  for (const n of view.notes) root.append(el('p', `note: ${n}`, 'muted note'));
  if (view.empty) root.append(el('p', view.empty, 'empty'));
  for (const r of view.runbooks) root.append(runbookSection(r));
  charts.mount();
  const rendered: ReportRendered = {
    type: 'rendered', page: view.empty ? 'empty' : 'report', runbooks: view.runbooks.map((r) => r.runbook), verdicts: view.runbooks.map((r) => r.verdict),
    charts: charts.count, tables: root.querySelectorAll('table').length, problems: view.problems.length, rows: 0, colours: charts.colours(),
  };
  vscode.postMessage(rendered);
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isReportHostMessage(message)) return; // anything else is not ours
  if (message.type === 'report') render(message.view);
  else if (message.type === 'busy') progress.textContent = message.text;
});

vscode.postMessage({ type: 'ready' });
