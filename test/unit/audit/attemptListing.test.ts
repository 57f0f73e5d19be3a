// The audit listing: each incident's notification delivery attempts follow the last listed decision record
// of that incident; attempts of an incident with no record come last under a heading, unless the filter
// asks something only a record can answer; every line is one redacted, escaped line, whatever the record or
// attempt holds (missing fields, huge numbers, control characters), and attempt rows carry their details.
import { strict as assert } from 'assert';
import { attemptDetails, attemptLine, auditListing, auditListingJson, auditListingLines, auditListingRows, type ListingEntry } from '../../../src/core/audit/attemptListing';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import type { NotificationAttemptRecord } from '../../../src/core/audit/notificationAttempt';
import { hasUnsafeCharacters } from '../../../src/core/text/escape';
import { auditRecord } from '../../support/model';
import { hostileLabelValue, seededRandom } from '../../support/seeded';

const AT = '2026-12-02T01:00:00.000Z';
function attempt(incidentId: string, o: Partial<NotificationAttemptRecord> = {}): NotificationAttemptRecord {
  return { type: 'notification_attempt', time: AT, incidentId, channel: 'pager', event: 'trigger', notification: `n-${incidentId}`, attempt: 1, outcome: 'delivered', status: 202, ...o };
}

/** An entry as a short word: the record's id, or "incident:attempt numbers" (a leading ! when it has no record). */
const shape = (entries: ListingEntry[]) => entries.map((e) => (e.kind === 'record' ? e.record.id
  : `${e.withoutRecord ? '!' : ''}${e.incidentId}:${e.attempts.map((a) => a.attempt).join(',')}`));

describe('audit listing: notification attempts with their decisions', () => {
  const records = [
    auditRecord({ id: 'r1', incidentId: 'A', runbook: 'one', outcome: 'suggested' }),
    auditRecord({ id: 'r2', incidentId: 'B', runbook: 'two', outcome: 'blocked' }),
    auditRecord({ id: 'r3', incidentId: 'A', runbook: 'one', outcome: 'verified' }),
    auditRecord({ id: 'r4', incidentId: '', runbook: 'one', outcome: 'dry_run' }),
  ];
  const attempts = [
    attempt('A', { attempt: 1, outcome: 'retry', status: 503, nextAttemptAt: '2026-12-02T01:00:01.500Z' }),
    attempt('B', { attempt: 1 }), attempt('O', { attempt: 1, outcome: 'rejected', status: 400 }), attempt('A', { attempt: 2 }),
    attempt('', { attempt: 7 }),
  ];

  it('attempts follow the last listed record of their incident; attempts without a record come last, by incident', () => {
    const all = auditListing(records, attempts, {});
    assert.deepEqual(shape(all.entries), ['r1', 'r2', 'B:1', 'r3', 'A:1,2', 'r4', '!O:1', '!:7']);
    assert.deepEqual([all.records, all.attempts], [4, 5]);
    assert.deepEqual(shape(auditListing(records, attempts, { incident: 'A' }).entries), ['r1', 'r3', 'A:1,2']);
    assert.deepEqual(shape(auditListing(records, attempts, { incident: 'O' }).entries), ['!O:1'], 'an incident known only from its attempts');
    assert.deepEqual(shape(auditListing(records, attempts, { incident: 'nothing' }).entries), []);
  });

  it('a filter only records answer (runbook, outcome, service, id) keeps the attempts of the incidents it picks, and no others', () => {
    assert.deepEqual(shape(auditListing(records, attempts, { runbook: 'two' }).entries), ['r2', 'B:1']);
    assert.deepEqual(shape(auditListing(records, attempts, { outcome: 'suggested' }).entries), ['r1', 'A:1,2'], 'the only picked record of A is its last');
    assert.deepEqual(shape(auditListing(records, attempts, { id: 'r4' }).entries), ['r4'], 'a record without incident has no attempts');
    assert.deepEqual(shape(auditListing(records, attempts, { service: 'none' }).entries), []);
    assert.deepEqual(shape(auditListing(records, [], {}).entries), ['r1', 'r2', 'r3', 'r4'], 'no attempts: the records as before');
  });

  it('lines: the record line, its attempts indented under it, a heading for attempts without a record', () => {
    const lines = auditListingLines(auditListing(records, attempts, { incident: 'A' }));
    assert.equal(lines.length, 4);
    assert.match(lines[0], / SUGGESTED one /);
    assert.equal(lines[2], `  ${AT} notification pager trigger attempt 1: RETRY (HTTP 503), next attempt 2026-12-02T01:00:01.500Z`);
    assert.equal(lines[3], `  ${AT} notification pager trigger attempt 2: DELIVERED (HTTP 202)`);
    assert.deepEqual(auditListingLines(auditListing(records, attempts, { incident: 'O' })), [
      'incident O: no decision record in this log', `  ${AT} notification pager trigger attempt 1: REJECTED (HTTP 400)`,
    ]);
    assert.equal(auditListingLines(auditListing([], [attempt('')], {}))[0], 'attempts naming no incident: no decision record in this log');
    const network = attempt('A', { outcome: 'retry', status: undefined, error: 'connect ECONNREFUSED 127.0.0.1:9', nextAttemptAt: AT, event: 'resolve' });
    delete network.status;
    assert.equal(attemptLine(network), `${AT} notification pager resolve attempt 1: RETRY (connect ECONNREFUSED 127.0.0.1:9), next attempt ${AT}`);
    assert.equal(attemptLine(attempt('A', { outcome: 'abandoned', status: 500, error: 'out of attempts' })), `${AT} notification pager trigger attempt 1: ABANDONED (HTTP 500, out of attempts)`);
  });

  it('hostile attempts: missing fields, huge or non-finite numbers, control characters and credentials give one safe line', () => {
    const missing = { type: 'notification_attempt', incidentId: 'A' } as unknown as NotificationAttemptRecord;
    assert.equal(attemptLine(missing), '? notification ? ? attempt ?: ?');
    assert.equal(attemptLine(attempt('A', { attempt: 1e300, status: Number.MAX_SAFE_INTEGER })), `${AT} notification pager trigger attempt 1e+300: DELIVERED (HTTP 9007199254740991)`);
    assert.equal(attemptLine(attempt('A', { attempt: Number.NaN, status: Number.POSITIVE_INFINITY })), `${AT} notification pager trigger attempt ?: DELIVERED (HTTP ?)`);
    const evil = attempt('A\n2026-01-01 VERIFIED fake', { channel: 'pa\u001b[2Jger', error: 'line\nbreak \u202egnp Authorization: Bearer abcdefgh12345678', outcome: 'retry' });
    const line = attemptLine(evil);
    assert.ok(!hasUnsafeCharacters(line), line);
    assert.match(line, /pa\\x1b\[2Jger/);
    assert.match(line, /line\\nbreak \\u202egnp/);
    assert.doesNotMatch(line, /abcdefgh12345678/);
    const lines = auditListingLines(auditListing([], [evil], {}));
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => !hasUnsafeCharacters(l)), lines.join('|'));
  });

  it('rows: details (the editor\'s tooltip) on attempt rows only, every field one safe line; a hostile record is one row too', () => {
    const rows = auditListingRows(auditListing([...records, auditRecord({ id: 'r5', incidentId: 'O', message: 'two\nlines \u001b[31m' })], attempts, { incident: 'O' }));
    assert.deepEqual(rows.map((r) => r.details !== undefined), [false, true]);
    assert.match(rows[0].line, /two\\nlines \\x1b\[31m$/);
    assert.deepEqual(rows[1].details, [
      'Incident: O', 'Channel: pager', 'Event: trigger', 'Notification: n-O', 'Attempt: 1', 'Outcome: rejected', `Time: ${AT}`, 'HTTP status: 400',
    ]);
    const evil = attempt('\u202eA', { error: 'x\ny', nextAttemptAt: AT, attempt: 1e21 });
    delete evil.status;
    assert.deepEqual(attemptDetails(evil).slice(4), ['Attempt: 1e+21', 'Outcome: delivered', `Time: ${AT}`, 'Error: x\\ny', `Next attempt: ${AT}`]);
    assert.equal(attemptDetails(evil)[0], 'Incident: \\u202eA');
  });

  it('JSON: records as they are and attempts as their typed lines, in listing order; the one reader reads them back', () => {
    const listing = auditListing(records, attempts, {});
    const json = auditListingJson(listing);
    assert.equal(json.length, 9);
    const read = parseAuditJsonl(json.map((v) => JSON.stringify(v)).join('\n'));
    assert.deepEqual(read.skipped, []);
    assert.deepEqual(read.records.map((r) => r.id), ['r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(read.attempts.map((a) => `${a.incidentId}:${a.attempt}`), ['B:1', 'A:1', 'A:2', 'O:1', ':7']);
  });

  it('generated: hostile incident ids, records and attempts interleaved; every attempt once, after its incident\'s last record, lines safe', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = seededRandom(seed);
      const ids = Array.from({ length: 1 + Math.floor(next() * 5) }, () => (next() < 0.1 ? '' : hostileLabelValue(next)));
      const pick = () => ids[Math.floor(next() * ids.length)];
      const recs = Array.from({ length: Math.floor(next() * 8) }, (_, i) => auditRecord({ id: `r${i}`, incidentId: pick(), runbook: next() < 0.5 ? 'one' : 'two' }));
      const atts = Array.from({ length: Math.floor(next() * 10) }, (_, i) => attempt(pick(), {
        attempt: i + 1, channel: hostileLabelValue(next), ...(next() < 0.5 ? { error: hostileLabelValue(next) } : {}),
        ...(next() < 0.3 ? { status: Math.floor(next() * 2 ** 53) } : {}),
      }));
      const where = `seed ${seed}`;
      const listing = auditListing(recs, atts, {});
      const listed = listing.entries.flatMap((e) => (e.kind === 'attempts' ? e.attempts : []));
      assert.deepEqual([...listed].sort((a, b) => a.attempt - b.attempt), atts, `${where}: every attempt once`);
      listing.entries.forEach((e, i) => {
        if (e.kind !== 'attempts' || e.withoutRecord) return;
        const before = listing.entries[i - 1];
        assert.ok(before.kind === 'record' && before.record.incidentId === e.incidentId, `${where}: right after a record of its incident`);
        assert.ok(!listing.entries.slice(i).some((x) => x.kind === 'record' && x.record.incidentId === e.incidentId), `${where}: after the last one`);
      });
      for (const line of auditListingLines(listing)) {
        assert.ok(!hasUnsafeCharacters(line), `${where}: ${line}`);
      }
      const byRunbook = auditListing(recs, atts, { runbook: 'one' });
      const incidents = new Set(recs.filter((r) => r.runbook === 'one' && r.incidentId !== '').map((r) => r.incidentId));
      assert.ok(byRunbook.entries.every((e) => e.kind === 'record' || (!e.withoutRecord && incidents.has(e.incidentId))), where);
    }
  });
});
