// Notification delivery attempts in the audit log: one typed line per attempt, written by the JSONL audit
// sink, read back by the one audit reader into `attempts` (never mistaken for a decision, never counted
// as damage); a line claiming to be an attempt but malformed is skipped with a located reason.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonlAuditFile, readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { damagedLines, parseAuditJsonl } from '../../../src/core/audit/jsonl';
import { notificationAttemptRecord, readNotificationAttempt, type NotificationAttemptRecord } from '../../../src/core/audit/notificationAttempt';
import type { AttemptRecord } from '../../../src/core/notify/outboxRecord';
import { hostileLabelValue, seededRandom } from '../../support/seeded';

const AT = '2026-12-02T01:00:00.000Z';
const item = { incidentId: 'ff00@2026-12-02T00:59:00Z', event: 'trigger' as const };
const retry: AttemptRecord = { type: 'attempt', id: 'n-1', channel: 'pager', attempt: 1, at: AT, outcome: 'retry', status: 503, retryInMs: 1500 };
const network: AttemptRecord = { type: 'attempt', id: 'n-1', channel: 'pager', attempt: 2, at: AT, outcome: 'retry', error: 'connect ECONNREFUSED', retryInMs: 3000 };
const delivered: AttemptRecord = { type: 'attempt', id: 'n-1', channel: 'pager', attempt: 3, at: AT, outcome: 'delivered', status: 202 };

describe('audit: notification delivery attempts', () => {
  it('an attempt record names the channel, incident, attempt, answer or error, and the next retry', () => {
    assert.deepEqual(notificationAttemptRecord(retry, item), {
      type: 'notification_attempt', time: AT, incidentId: item.incidentId, channel: 'pager', event: 'trigger', notification: 'n-1',
      attempt: 1, outcome: 'retry', status: 503, nextAttemptAt: '2026-12-02T01:00:01.500Z',
    });
    assert.deepEqual(notificationAttemptRecord(network, item).error, 'connect ECONNREFUSED');
    assert.equal(notificationAttemptRecord(delivered, item).nextAttemptAt, undefined);
  });

  it('written by the JSONL sink, read back apart from the decisions; nothing counted as damage', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attempts-'));
    try {
      const file = path.join(dir, 'audit.jsonl');
      const sink = new JsonlAuditFile(file);
      const records = [retry, network, delivered].map((a) => notificationAttemptRecord(a, item));
      for (const r of records) await sink.attempt(r);
      fs.appendFileSync(file, `${JSON.stringify({ ...records[0], attempt: -1 })}\n`);
      const read = readAuditFile(file);
      assert.deepEqual(read.records, []);
      assert.deepEqual(read.attempts, records);
      assert.equal(read.skipped.length, 1);
      assert.match(read.skipped[0].reason, /^not a notification attempt: \$\.attempt /);
      assert.equal(damagedLines(read).length, 1);
      assert.deepEqual(damagedLines(parseAuditJsonl(records.map((r) => JSON.stringify(r)).join('\n'))), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generated: hostile channel names, errors and ids round-trip; mangled fields are refused, never thrown', () => {
    const next = seededRandom(10);
    for (let i = 0; i < 300; i++) {
      const a: AttemptRecord = {
        type: 'attempt', id: hostileLabelValue(next), channel: hostileLabelValue(next), attempt: 1 + Math.floor(next() * 20), at: AT,
        outcome: (['delivered', 'retry', 'rejected', 'abandoned'] as const)[Math.floor(next() * 4)],
        ...(next() < 0.5 ? { status: 200 + Math.floor(next() * 400) } : { error: hostileLabelValue(next) }),
        ...(next() < 0.5 ? { retryInMs: Math.floor(next() * 600_000) } : {}),
      };
      const r = notificationAttemptRecord(a, { incidentId: hostileLabelValue(next), event: next() < 0.5 ? 'trigger' : 'resolve' });
      assert.deepEqual(readNotificationAttempt(JSON.parse(JSON.stringify(r))), { ok: true, record: r });
      const keys = Object.keys(r) as (keyof NotificationAttemptRecord)[];
      const broken: Record<string, unknown> = { ...r, [keys[Math.floor(next() * keys.length)]]: [null, 1.5, -1, '', {}, 'x'][Math.floor(next() * 6)] };
      const read = readNotificationAttempt(broken);
      if (!read.ok) assert.match(read.reason, /^\$\.\w+ /);
    }
    assert.equal(readNotificationAttempt(JSON.parse('{"__proto__": {"type": "notification_attempt"}}')).ok, false);
  });
});
