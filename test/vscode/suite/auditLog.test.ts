// "Show Audit Log" with notification delivery attempts in the audit log (as `remediator serve` writes
// them): each incident's attempts are rows under its last decision record, an incident known only from its
// attempts comes last under a heading, and hovering an attempt row shows every field of that attempt.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { notificationAttemptRecord } from '../../../src/core/audit/notificationAttempt';
import { auditRecord } from '../../support/model';
import { activated } from './languageHelpers';

const AT = '2026-12-02T01:00:00.000Z';
const INCIDENT = 'ff00@2026-12-02T00:59:00Z';

/** The hovers' text as a reader sees it (MarkdownString.appendText escapes markdown and spaces). */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n')
    .replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

describe('audit log document: notification attempts', () => {
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('remediator');

  before(async () => {
    await activated();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-audit-log-'));
    const item = { incidentId: INCIDENT, event: 'trigger' as const };
    const lines = [
      auditRecord({ id: 'x1', incidentId: INCIDENT, outcome: 'blocked', message: 'blocked by the guardrail' }),
      notificationAttemptRecord({ type: 'attempt', id: 'n-1', channel: 'pagerduty-p1', attempt: 1, at: AT, outcome: 'retry', status: 503, retryInMs: 1500 }, item),
      notificationAttemptRecord({ type: 'attempt', id: 'n-1', channel: 'pagerduty-p1', attempt: 2, at: AT, outcome: 'delivered', status: 202 }, item),
      notificationAttemptRecord({ type: 'attempt', id: 'n-2', channel: 'hook', attempt: 1, at: AT, outcome: 'retry', error: 'connect ECONNREFUSED\n\u001b[2J' },
        { incidentId: 'lost', event: 'trigger' }),
    ];
    fs.writeFileSync(path.join(dir, 'audit.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await config().update('auditFile', path.join(dir, 'audit.jsonl'), vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await config().update('auditFile', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists attempts under their record and those without a record last; a hover on an attempt row carries its details', async () => {
    const log = await vscode.commands.executeCommand<{ lines: string[]; uri: vscode.Uri }>('remediator.showAuditLog', {});
    assert.equal(log.lines.length, 5, log.lines.join('\n'));
    assert.match(log.lines[0], / BLOCKED /);
    assert.equal(log.lines[1], `  ${AT} notification pagerduty-p1 trigger attempt 1: RETRY (HTTP 503), next attempt 2026-12-02T01:00:01.500Z`);
    assert.equal(log.lines[3], 'incident lost: no decision record in this log');
    assert.match(log.lines[4], /RETRY \(connect ECONNREFUSED\\n\\x1b\[2J\)/);
    const doc = await vscode.workspace.openTextDocument(log.uri);
    assert.equal(doc.lineCount, 1 + log.lines.length + 1, 'a header, one line per row, the final newline');
    assert.equal(doc.lineAt(2).text, log.lines[1]);
    // Document line n + 1 is row n (line 0 is the header).
    const retry = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', log.uri, new vscode.Position(2, 4)));
    for (const part of ['Channel: pagerduty', 'HTTP status: 503', 'Next attempt: 2026', 'Notification: n', `Incident: ff00`]) assert.ok(retry.includes(part), `${part} in ${retry}`);
    const record = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', log.uri, new vscode.Position(1, 4)));
    assert.doesNotMatch(record, /HTTP status/, 'a record row has no attempt hover');
    const lost = await vscode.commands.executeCommand<{ lines: string[] }>('remediator.showAuditLog', { incident: 'lost' });
    assert.equal(lost.lines.length, 2, lost.lines.join('\n'));
    const byOutcome = await vscode.commands.executeCommand<{ lines: string[] }>('remediator.showAuditLog', { outcome: 'blocked' });
    assert.equal(byOutcome.lines.length, 3, 'the blocked record and its two attempts; none of the incident without a record');
  });
});
