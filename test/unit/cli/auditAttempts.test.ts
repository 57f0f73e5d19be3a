// `remediator audit` shows the notification delivery attempts of the audit log (as `remediator serve`
// writes them) with the decisions of the same incident: indented under its last record in the text, as
// typed elements in --json; its filters apply to them; --decisions-only lists the records as before.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonlAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { notificationAttemptRecord } from '../../../src/core/audit/notificationAttempt';
import type { AttemptRecord } from '../../../src/core/notify/outboxRecord';
import { hasUnsafeCharacters } from '../../../src/core/text/escape';
import { cli } from '../../support/cli';
import { auditRecord } from '../../support/model';

const AT = '2026-12-02T01:00:00.000Z';
const INCIDENT = 'ff00@2026-12-02T00:59:00Z';
const retry: AttemptRecord = { type: 'attempt', id: 'n-1', channel: 'pagerduty-p1', attempt: 1, at: AT, outcome: 'retry', status: 503, retryInMs: 1500 };
const delivered: AttemptRecord = { type: 'attempt', id: 'n-1', channel: 'pagerduty-p1', attempt: 2, at: AT, outcome: 'delivered', status: 202 };
const hostile: AttemptRecord = {
  type: 'attempt', id: 'n-2', channel: 'hook\u001b[2J', attempt: 1, at: AT, outcome: 'rejected', status: 401, error: 'refused\nFAKE LINE Authorization: Bearer abcdefgh12345678',
};

describe('CLI audit: notification attempts', () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-audit-attempts-'));
    file = path.join(dir, 'audit.jsonl');
    const sink = new JsonlAuditFile(file);
    await sink.write(auditRecord({ id: 'x1', incidentId: INCIDENT, outcome: 'blocked', message: 'blocked by the guardrail' }));
    await sink.attempt(notificationAttemptRecord(retry, { incidentId: INCIDENT, event: 'trigger' }));
    await sink.write(auditRecord({ id: 'y1', incidentId: 'other', runbook: 'scale-up-queue-workers', outcome: 'suggested' }));
    await sink.attempt(notificationAttemptRecord(delivered, { incidentId: INCIDENT, event: 'trigger' }));
    await sink.attempt(notificationAttemptRecord(hostile, { incidentId: 'lost\u202e', event: 'trigger' }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: attempts indented under the last record of their incident; one without a record last, escaped and redacted', async () => {
    const r = await cli(['audit', '--audit-file', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 6, r.stdout);
    assert.match(lines[0], / BLOCKED replace-redundant-pod /);
    assert.equal(lines[1], `  ${AT} notification pagerduty-p1 trigger attempt 1: RETRY (HTTP 503), next attempt 2026-12-02T01:00:01.500Z`);
    assert.equal(lines[2], `  ${AT} notification pagerduty-p1 trigger attempt 2: DELIVERED (HTTP 202)`, 'written after the next record, listed with its own');
    assert.match(lines[3], / SUGGESTED scale-up-queue-workers /);
    assert.equal(lines[4], 'incident lost\\u202e: no decision record in this log');
    assert.match(lines[5], /^ {2}\S+ notification hook\\x1b\[2J trigger attempt 1: REJECTED \(HTTP 401, refused\\nFAKE LINE Authorization: (Bearer )?\[redacted\]/);
    assert.ok(!hasUnsafeCharacters(r.stdout.replace(/\n/g, '')), r.stdout);
    assert.doesNotMatch(r.stdout, /abcdefgh12345678/);
  });

  it('filters: --incident picks its records and attempts (also an incident known only from attempts); --runbook leaves attempts of other incidents out', async () => {
    const incident = await cli(['audit', '--audit-file', file, '--incident', INCIDENT]);
    assert.equal(incident.stdout.trimEnd().split('\n').length, 3, incident.stdout);
    const lost = await cli(['audit', '--audit-file', file, '--incident', 'lost\u202e']);
    assert.equal(lost.stdout.trimEnd().split('\n').length, 2, lost.stdout);
    const runbook = await cli(['audit', '--audit-file', file, '--runbook', 'scale-up-queue-workers']);
    assert.deepEqual(runbook.stdout.trimEnd().split('\n').map((l) => / SUGGESTED /.test(l)), [true], runbook.stdout);
    const none = await cli(['audit', '--audit-file', file, '--outcome', 'verified']);
    assert.match(none.stdout, /^No audit records match in /);
  });

  it('--json: records as they were, each incident\'s attempts after its last record as typed elements; --decisions-only: records alone', async () => {
    const r = await cli(['audit', '--audit-file', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { id?: string; type?: string; attempt?: number; outcome: string; error?: string }[];
    assert.deepEqual(json.map((v) => v.type === 'notification_attempt' ? `${v.outcome}#${v.attempt}` : v.id), ['x1', 'retry#1', 'delivered#2', 'y1', 'rejected#1']);
    assert.doesNotMatch(r.stdout, /abcdefgh12345678/);
    assert.ok(!hasUnsafeCharacters(r.stdout.replace(/\n/g, '')));
    const decisions = await cli(['audit', '--audit-file', file, '--json', '--decisions-only']);
    assert.deepEqual((JSON.parse(decisions.stdout) as { id: string }[]).map((v) => v.id), ['x1', 'y1']);
    const text = await cli(['audit', '--audit-file', file, '--decisions-only']);
    assert.equal(text.stdout.trimEnd().split('\n').length, 2, text.stdout);
  });
});
