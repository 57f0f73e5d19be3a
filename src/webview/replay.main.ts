// Replay history against a runbook (browser side): the CLI's headline, then each decision that would
// change, before → after with the reason; unchanged decisions on request (the CLI's --all). Text goes in
// through textContent only (names and reasons come from audit records).
import './report.css';
import { isReportHostMessage, type ReplayEntryView, type ReplayView, type ReportRendered, type ReportWebviewMessage } from '../protocol/report';
import { button, el, list } from './dom';
import { problemList } from './reportDom';

interface VsCodeApi { postMessage(message: ReportWebviewMessage): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const progress = document.getElementById('progress') as HTMLElement;
let showUnchanged = false;
let current: ReplayView | undefined;

const STATUS_WORDS: Record<ReplayEntryView['status'], string> = { changed: 'changed', unchanged: 'unchanged', not_replayable: 'not replayable' };

function entryRow(entry: ReplayEntryView): HTMLTableRowElement {
  const tr = el('tr', undefined, `entry entry-${entry.status}`);
  const status = el('td');
  status.append(el('span', STATUS_WORDS[entry.status], `badge status-${entry.status}`));
  const why = el('td');
  why.append(document.createTextNode(entry.why));
  if (entry.notes.length > 0) {
    const notes = list(entry.notes.map((n) => `note: ${n}`));
    notes.className = 'notes';
    why.append(notes);
  }
  tr.append(status, el('td', entry.where), el('td', entry.before ?? '—', 'before'), el('td', entry.after ?? '—', 'after'), why);
  return tr;
}

function render(view: ReplayView): void {
  current = view;
  root.replaceChildren();
  progress.textContent = '';
  const header = el('header');
  header.append(el('h1', `Replay: ${view.runbook}`), el('p', `runbook ${view.runbookFile} · audit log ${view.auditFile}`, 'muted'));
  for (const line of view.headline) header.append(el('p', line, 'headline'));
  const controls = el('div', undefined, 'controls');
  const toggle = el('label');
  const box = el('input');
  box.type = 'checkbox';
  box.checked = showUnchanged;
  box.addEventListener('change', () => { showUnchanged = box.checked; if (current) render(current); });
  toggle.append(box, document.createTextNode(` show unchanged decisions (${view.summary.unchanged})`));
  controls.append(toggle, button('Refresh', () => vscode.postMessage({ type: 'refresh' })));
  header.append(controls);
  root.append(header);
  if (view.problems.length > 0) root.append(problemList(view.problems));
  const shown = view.entries.filter((e) => showUnchanged || e.status !== 'unchanged');
  if (shown.length === 0) {
    root.append(el('p', view.summary.decisions === 0 ? 'Nothing to replay.' : 'No recorded decision would change with this runbook.', 'empty'));
  } else {
    const t = el('table', undefined, 'replay');
    const head = el('tr');
    head.append(...['Status', 'Decision', 'Before', 'After', 'Why'].map((h) => el('th', h)));
    const thead = el('thead');
    thead.append(head);
    const body = el('tbody');
    body.append(...shown.map(entryRow));
    t.append(el('caption', 'Recorded decisions decided again with this runbook'), thead, body);
    const wrap = el('div', undefined, 'scroll');
    wrap.append(t);
    root.append(wrap);
  }
  const rendered: ReportRendered = {
    type: 'rendered', page: 'replay', runbooks: [view.runbook], verdicts: shown.map((e) => e.status), charts: 0,
    tables: root.querySelectorAll('table').length, problems: view.problems.length, rows: shown.length, colours: [],
  };
  vscode.postMessage(rendered);
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isReportHostMessage(message)) return; // anything else is not ours
  if (message.type === 'replay') render(message.view);
  else if (message.type === 'busy') progress.textContent = message.text;
});

vscode.postMessage({ type: 'ready' });
