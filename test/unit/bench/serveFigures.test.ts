// The serve benchmark's figures from audit records, journal lines and a metrics text.
import assert from 'node:assert/strict';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { JournalAlert } from '../../../src/core/serve/journal';
import {
  firstDecisions, firstReceipts, histogramQuantile, metricSamples, peakConcurrentActions, percentile, startOf, timeMs,
} from '../../../bench/serveFigures';

const rec = (id: string, outcome: string, time: string, incidentId = `fp-${id}@2026-12-02T05:00:00.000000001Z`) => ({ id, outcome, time, incidentId }) as unknown as AuditRecord;

describe('serve benchmark figures', () => {
  it('reads RFC 3339 times with nanoseconds, and the start from an incident id', () => {
    assert.equal(timeMs('2026-12-02T05:00:00.123456789Z'), Date.parse('2026-12-02T05:00:00.123Z'));
    assert.equal(timeMs('2026-12-02T05:00:00Z'), Date.parse('2026-12-02T05:00:00Z'));
    assert.ok(Number.isNaN(timeMs('yesterday')));
    assert.equal(startOf('ab12@2026-12-02T05:00:00.5Z'), Date.parse('2026-12-02T05:00:00.500Z'));
  });

  it('percentiles by nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(xs, 0.5), 50);
    assert.equal(percentile(xs, 0.99), 99);
    assert.equal(percentile([7], 0.99), 7);
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });

  it('the first record per incident, the first receipt per incident', () => {
    const first = firstDecisions([rec('a', 'executed', 't1', 'i1'), rec('a', 'verified', 't2', 'i1'), rec('b', 'blocked', 't3', 'i2')]);
    assert.deepEqual([...first.entries()].map(([k, r]) => [k, r.outcome]), [['i1', 'executed'], ['i2', 'blocked']]);
    const line = (receivedAt: string): JournalAlert => ({ type: 'alert', id: receivedAt, receivedAt, alert: { fingerprint: 'f', startsAt: 's' } as JournalAlert['alert'] });
    assert.deepEqual([...firstReceipts([line('2026-12-02T05:00:02Z'), line('2026-12-02T05:00:01Z')])], [['f@s', Date.parse('2026-12-02T05:00:01Z')]]);
  });

  it('peak concurrent actions: executed opens, the same attempt\'s final record closes; back to back does not overlap', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 5, 0, s)).toISOString();
    const records = [
      rec('a', 'executed', at(0)), rec('b', 'executed', at(1)), rec('x', 'blocked', at(1)),
      rec('a', 'verified', at(2)), rec('c', 'executed', at(2)), rec('b', 'verification_failed', at(3)), rec('b', 'rolled_back', at(4)),
      rec('d', 'executed', at(5)),
    ];
    assert.deepEqual(peakConcurrentActions(records), { peak: 2, actions: 4, unfinished: 2 });
  });

  it('metric samples and a histogram quantile as the upper bound of its bucket', () => {
    const text = [
      '# HELP x_seconds help', '# TYPE x_seconds histogram',
      'x_seconds_bucket{le="0.1"} 50', 'x_seconds_bucket{le="1"} 98', 'x_seconds_bucket{le="+Inf"} 100', 'x_seconds_count 100',
      'q{route="/alertmanager",code="503"} 3',
    ].join('\n');
    const samples = metricSamples(text);
    assert.equal(samples.get('q{route="/alertmanager",code="503"}'), 3);
    assert.equal(histogramQuantile(samples, 'x_seconds', 0.5), 0.1);
    assert.equal(histogramQuantile(samples, 'x_seconds', 0.9), 1);
    assert.equal(histogramQuantile(samples, 'x_seconds', 0.99), Infinity);
  });
});
