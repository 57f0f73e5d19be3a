// The dry-run panel (browser side). Builds the DOM with textContent only: every string may come from
// the cluster. Talks to the host through the typed messages of src/protocol, after a ready handshake.
import { isHostMessage, type PlanView, type WebviewMessage } from '../protocol/messages';

interface VsCodeApi { postMessage(message: WebviewMessage): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const progress = document.getElementById('progress') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function section(title: string, ...children: Node[]): HTMLElement {
  const s = el('section');
  s.append(el('h2', title), ...children);
  return s;
}

function list(items: string[]): HTMLElement {
  const ul = el('ul');
  for (const item of items) ul.append(el('li', item));
  return ul;
}

function row(cells: (string | Node)[], className?: string): HTMLTableRowElement {
  const tr = el('tr', undefined, className);
  for (const c of cells) {
    const td = el('td');
    td.append(typeof c === 'string' ? document.createTextNode(c) : c);
    tr.append(td);
  }
  return tr;
}

function table(headers: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  const t = el('table');
  const head = el('tr');
  for (const h of headers) head.append(el('th', h));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(head);
  t.tBodies[0].append(...rows);
  return t;
}

function button(label: string, onClick: () => void, primary = false, disabled = false, title?: string): HTMLButtonElement {
  const b = el('button', label, primary ? 'primary' : 'secondary');
  b.type = 'button';
  b.disabled = disabled;
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function render(view: PlanView): void {
  root.replaceChildren();
  progress.textContent = '';
  const header = el('header');
  const badge = el('span', view.mode, `badge mode-${view.mode}`);
  const title = el('h1');
  title.append(document.createTextNode(`${view.runbook} → ${view.target} `), badge);
  header.append(title, ...(view.decision && view.decision !== view.mode ? [el('p', `Decision: ${view.decision}`, 'decision')] : []), el('p', view.modeReason, 'reason'));
  if (view.context) header.append(el('p', `context ${view.context} · ${view.source === 'live' ? 'live cluster' : 'simulated from a saved state'}`, 'muted'));

  const actions = el('div', undefined, 'actions');
  actions.append(
    button('Execute', () => vscode.postMessage({ type: 'execute' }), true, !view.execute.enabled, view.execute.reason),
    button('Refresh', () => vscode.postMessage({ type: 'refresh' })),
  );
  if (!view.execute.enabled && view.execute.reason) actions.append(el('span', view.execute.reason, 'muted'));
  header.append(actions);
  root.append(header);

  if (view.outcome) root.append(el('p', `Outcome: ${view.outcome}${view.outcomeMessage ? ` — ${view.outcomeMessage}` : ''}`, `outcome outcome-${view.outcome}`));
  root.append(section('Decision', el('p', view.sentence)));
  const inc = view.incident;
  root.append(section('Incident', list([
    `id ${inc.id}`, `symptom ${inc.symptom}`, `probable cause ${inc.probableCause ?? '(none given)'}`, `confidence ${inc.confidence}`,
    `current state: ${view.currentState}`,
  ])));
  root.append(section('Guardrails', table(['Guardrail', 'Verdict', 'Reason'],
    view.verdicts.map((v) => row([v.guardrail, el('span', v.status, `status status-${v.status}`), v.reason], `verdict verdict-${v.status}`)))));
  root.append(section('Planned action', list([
    view.action.description, `equivalent: ${view.action.equivalentCommand}`, view.action.mutating ? 'changes the cluster' : 'read-only',
  ])));
  root.append(section(`Verification (within ${view.verification.timeoutSeconds}s)`, list(view.verification.checks)));
  root.append(section('Rollback', list([view.rollback.description, `risk: ${view.rollback.risk}`, ...(view.rollback.notes ? [view.rollback.notes] : [])])));
  root.append(section('Escalation', list(view.escalation)));
  if (view.access.length > 0) {
    root.append(section('RBAC checks', table(['Permission', 'Allowed'],
      view.access.map((a) => row([a.permission, el('span', a.allowed ? 'allowed' : `denied${a.reason ? `: ${a.reason}` : ''}`, a.allowed ? 'status status-pass' : 'status status-fail')])))));
  }
  if (view.approval) root.append(section('Approval payload', el('pre', view.approval)));

  vscode.postMessage({
    type: 'rendered', mode: view.mode, verdicts: view.verdicts.length, checks: view.verification.checks.length,
    access: view.access.length, approval: view.approval !== undefined,
  });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isHostMessage(message)) return; // anything else is not ours
  switch (message.type) {
    case 'plan': render(message.view); break;
    case 'progress': progress.textContent = message.text; break;
  }
});

vscode.postMessage({ type: 'ready' });
