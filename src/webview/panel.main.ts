// The dry-run panel (browser side). Builds the DOM with textContent only: every string may come from
// the cluster. Talks to the host through the typed messages of src/protocol, after a ready handshake.
import { isHostMessage, type PlanView, type WebviewMessage } from '../protocol/messages';
import { button, el, list, row, section, table } from './dom';
import { helmSection } from './helmSection';
import { MetricSection } from './metricSection';

interface VsCodeApi { postMessage(message: WebviewMessage): void }
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const progress = document.getElementById('progress') as HTMLElement;
const metrics = new MetricSection();

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
  if (view.helm) root.append(helmSection(view.helm, () => vscode.postMessage({ type: 'compareRevisions' })));
  root.append(section(`Verification (within ${view.verification.timeoutSeconds}s)`, list(view.verification.checks)));
  const metricChecks = metrics.render(view.metrics);
  if (metricChecks) root.append(metricChecks);
  root.append(section('Rollback', list([view.rollback.description, `risk: ${view.rollback.risk}`, ...(view.rollback.notes ? [view.rollback.notes] : [])])));
  root.append(section('Escalation', list(view.escalation)));
  if (view.access.length > 0) {
    root.append(section('RBAC checks', table(['Permission', 'Allowed'],
      view.access.map((a) => row([a.permission, el('span', a.allowed ? 'allowed' : `denied${a.reason ? `: ${a.reason}` : ''}`, a.allowed ? 'status status-pass' : 'status status-fail')])))));
  }
  if (view.approval) root.append(section('Approval payload', el('pre', view.approval)));

  vscode.postMessage({
    type: 'rendered', mode: view.mode, verdicts: view.verdicts.length, checks: view.verification.checks.length,
    access: view.access.length, approval: view.approval !== undefined, metrics: metrics.drawn(),
    ...(view.helm ? { helmRevisions: [view.helm.current.revision, view.helm.proposed.revision] as [number, number] } : {}),
  });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isHostMessage(message)) return; // anything else is not ours
  switch (message.type) {
    case 'plan': render(message.view); break;
    case 'progress': progress.textContent = message.text; break;
    case 'sample':
      if (metrics.addSample(message.metric, message.sample)) vscode.postMessage({ type: 'sampled', metric: message.metric, metrics: metrics.drawn() });
      break;
  }
});

vscode.postMessage({ type: 'ready' });
