// The Remediation Report webview rendering the lab's audit log (test/fixtures/report/audit.jsonl: the lab's
// web and singleton pods, a queue worker and a release rollback) with unreadable lines appended: what the
// webview drew (runbooks, verdicts, charts in theme colours, a table beside each chart) and its messages.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { ReportRendered, ReportView } from '../../../src/protocol/report';
import { activated } from './languageHelpers';

const REPO = path.resolve(__dirname, '../../../..');
const HOSTILE_LINES = ['{"id":"torn","time":"2026-11-0', 'not json \u001b[31m at all', '{"runbook":"\u202eevil"}'];

async function services(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

/** Runs the command and waits for the webview's render report that follows. */
async function showAndRender(s: ClusterServices, arg?: unknown): Promise<{ view: ReportView; rendered: ReportRendered }> {
  const rendered = s.report.panel.nextRender(60_000);
  const view = await vscode.commands.executeCommand<ReportView>('remediator.showReport', arg);
  return { view, rendered: await rendered };
}

describe('remediation report webview', () => {
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('remediator');

  before(async () => {
    await activated();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-report-'));
    const text = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'report', 'audit.jsonl'), 'utf8');
    fs.writeFileSync(path.join(dir, 'audit.jsonl'), `${text.trimEnd()}\n${HOSTILE_LINES.join('\n')}\n`);
    await config().update('auditFile', path.join(dir, 'audit.jsonl'), vscode.ConfigurationTarget.Workspace);
    // The lab's audit alone: no cluster connection, so no other test's shared state is mixed in.
    const s = await services();
    if (s.session.isOpen && !s.session.settings.kubeconfig) s.session.reconnect();
  });

  after(async () => {
    await config().update('auditFile', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the lab audit: per runbook the readiness answer, charts in theme colours, a table beside each chart, unreadable lines listed', async () => {
    const s = await services();
    const { view, rendered } = await showAndRender(s, {});
    assert.equal(rendered.page, 'report');
    assert.deepEqual(rendered.runbooks, ['replace-redundant-pod', 'rollback-bad-release', 'scale-up-queue-workers']);
    assert.deepEqual(rendered.verdicts, view.runbooks.map((r) => r.verdict));
    assert.equal(view.runbooks.find((r) => r.runbook === 'scale-up-queue-workers')?.verdict, 'move_left');
    const charts = view.runbooks.reduce((n, r) => n + r.charts.length, 0);
    assert.equal(rendered.charts, charts, 'every chart was drawn');
    assert.ok(charts >= 2 * view.runbooks.length);
    assert.equal(rendered.tables, charts + view.runbooks.length, 'a table beside each chart, and one figures table per runbook');
    assert.ok(rendered.colours.length >= 4 && rendered.colours.every((c) => c.trim() !== ''), `theme colours: ${rendered.colours.join(', ')}`);
    assert.equal(rendered.problems, HOSTILE_LINES.length);
    assert.match(view.problems[0], /audit\.jsonl:\d+: skipped (torn|unreadable) line/);
    assert.ok(!view.problems.join('').includes('\u001b'), 'no line content is quoted');
  });

  it('the runbook and since options; the webview\'s own messages (options, refresh) are validated', async () => {
    const s = await services();
    const { rendered } = await showAndRender(s, { runbook: 'scale-up-queue-workers', since: '36500d' });
    assert.deepEqual(rendered.runbooks, ['scale-up-queue-workers']);
    // As if the webview's form was submitted, then Refresh pressed; a malformed message is ignored.
    const receive = (m: unknown) => (s.report.panel as unknown as { receive(m: unknown): void }).receive(m);
    receive({ type: 'options', since: 42 });
    let next = s.report.panel.nextRender(60_000);
    receive({ type: 'options', since: '', runbook: 'replace-redundant-pod' });
    assert.deepEqual((await next).runbooks, ['replace-redundant-pod']);
    next = s.report.panel.nextRender(60_000);
    receive({ type: 'refresh' });
    assert.deepEqual((await next).runbooks, ['replace-redundant-pod'], 'Refresh keeps the options');
    const bad = await showAndRender(s, { runbook: '', since: 'soon' });
    assert.match(bad.view.problems[0], /^since: "soon" is not a duration/);
    assert.equal(bad.rendered.runbooks.length, 3);
  });

  it('no audit log yet: a clear message instead of a report', async () => {
    await config().update('auditFile', path.join(dir, 'missing', 'audit.jsonl'), vscode.ConfigurationTarget.Workspace);
    const s = await services();
    const { view, rendered } = await showAndRender(s, {});
    assert.equal(rendered.page, 'empty');
    assert.equal(rendered.charts, 0);
    assert.match(view.empty ?? '', /^No audit log yet: .*missing.*audit\.jsonl does not exist/);
    await config().update('auditFile', path.join(dir, 'audit.jsonl'), vscode.ConfigurationTarget.Workspace);
  });
});
