// What the state stores keep: blocked decisions never push an action out (cooldowns and hourly limits
// must not forget one), actions stay for the longest cooldown, and the size budget spares the last hour.
import { strict as assert } from 'assert';
import { DEFAULT_RETENTION, isActionRecord, PROTECTED_ACTION_MS, retainHistory } from '../../../src/core/audit/retention';
import { HistoryView } from '../../../src/core/engine/history';
import type { AuditRecord, Outcome } from '../../../src/core/model/audit';
import { int, pick, prng } from '../../support/random';

const NOW = Date.parse('2026-12-02T06:00:00Z');
const HOUR = 3600_000;

function rec(n: number, outcome: Outcome, agoMs: number, app = 'web'): AuditRecord {
  return {
    id: `a-${n}`, time: new Date(NOW - agoMs).toISOString(), incidentId: `i-${n}`, runbook: 'rb',
    target: { namespace: 'lab', kind: 'Pod', name: `${app}-${n}`, app }, mode: 'auto_execute', outcome,
    verdicts: [], action: { type: 'deletePod' }, actor: 'test',
  };
}

describe('audit: state retention', () => {
  it('a flood of blocked decisions keeps every executed one (the rate limit still counts them)', () => {
    const records = [
      ...Array.from({ length: 100 }, (_, i) => rec(i, 'executed', 30 * 60_000 - i)),
      ...Array.from({ length: 5000 }, (_, i) => rec(1000 + i, 'blocked', 10 * 60_000 - i)),
    ];
    const kept = retainHistory(records, NOW).records;
    assert.equal(kept.filter((r) => r.outcome === 'executed').length, 100);
    assert.equal(kept.filter((r) => r.outcome === 'blocked').length, DEFAULT_RETENTION.maxOtherRecords);
    const window = new HistoryView(kept).actionsSince('rb', 'lab', 'web', new Date(NOW - HOUR));
    assert.ok(window.ok);
    assert.equal(window.records.length, 100);
  });

  it('keeps actions longer than a day (cooldowns reach a year) and drops old other decisions', () => {
    const kept = retainHistory([rec(1, 'verified', 30 * 24 * HOUR), rec(2, 'blocked', 2 * 24 * HOUR), rec(3, 'executed', 400 * 24 * HOUR)], NOW).records;
    assert.deepEqual(kept.map((r) => r.id), ['a-1']);
  });

  it('counts errors that end an attempt as actions, and keeps the result oldest first', () => {
    assert.ok(isActionRecord(rec(1, 'error', 0)));
    assert.ok(!isActionRecord(rec(1, 'blocked', 0)));
    const kept = retainHistory([rec(2, 'blocked', 1000), rec(1, 'error', 5000), rec(3, 'verified', 10)], NOW).records;
    assert.deepEqual(kept.map((r) => r.id), ['a-1', 'a-2', 'a-3']);
  });

  it('over the size budget drops other decisions first, then actions older than an hour, never the last hour', () => {
    const records = [
      ...Array.from({ length: 50 }, (_, i) => rec(i, 'executed', 5 * HOUR + i)),
      ...Array.from({ length: 50 }, (_, i) => rec(100 + i, 'executed', HOUR / 2 + i)),
      ...Array.from({ length: 50 }, (_, i) => rec(200 + i, 'blocked', i)),
    ];
    const { records: kept, droppedActions } = retainHistory(records, NOW, { maxBytes: 60 }, () => 1);
    assert.equal(kept.filter((r) => r.outcome === 'blocked').length, 0);
    assert.equal(droppedActions, 40);
    assert.equal(kept.length, 60);
    assert.ok(kept.every((r) => NOW - Date.parse(r.time) < 5 * HOUR + 50));
    const tiny = retainHistory(records, NOW, { maxBytes: 1 }, () => 1);
    assert.ok(tiny.records.every((r) => NOW - Date.parse(r.time) < PROTECTED_ACTION_MS), 'older actions go');
    assert.equal(tiny.records.length, 50, 'the last hour stays whatever the budget');
  });

  it('generated histories: no action of the last hour is ever dropped, and every kept record was given (seed 4242)', () => {
    const random = prng(4242);
    const outcomes: Outcome[] = ['executed', 'verified', 'verification_failed', 'rolled_back', 'verification_inconclusive', 'error', 'blocked', 'dry_run', 'suggested', 'approval_pending', 'shadowed'];
    for (let round = 0; round < 200; round++) {
      const n = int(random, 400);
      const records = Array.from({ length: n }, (_, i) => rec(i, pick(random, outcomes), int(random, 3 * 24 * HOUR), pick(random, ['web', 'api'])));
      const { records: kept } = retainHistory(records, NOW, { maxOtherRecords: int(random, 20), maxBytes: int(random, 40_000) });
      const ids = new Set(kept.map((r) => r.id));
      for (const r of records) {
        if (isActionRecord(r) && NOW - Date.parse(r.time) < PROTECTED_ACTION_MS) assert.ok(ids.has(r.id), `round ${round}: ${r.id} dropped`);
      }
      assert.ok(kept.every((r) => records.includes(r)), `round ${round}: only given records`);
      for (let i = 1; i < kept.length; i++) assert.ok(Date.parse(kept[i - 1].time) <= Date.parse(kept[i].time), `round ${round}: order`);
    }
  });
});
