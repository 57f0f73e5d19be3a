import { strict as assert } from 'assert';
import * as fs from 'fs';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import type { AuditRecord, Outcome } from '../../../src/core/model/audit';
import { computeReport, durationStats, groupStats, mergeRecords } from '../../../src/core/report/compute';
import { attemptsOf, incidentsOf } from '../../../src/core/report/attempts';
import { readinessOf } from '../../../src/core/report/readiness';
import { REPORT_THRESHOLDS } from '../../../src/core/report/thresholds';
import type { RunbookReport } from '../../../src/core/report/types';
import { auditRecord } from '../../support/k8s';
import { int, pick, prng } from '../../support/random';

const NOW = new Date('2026-11-20T00:00:00Z');
const fixture = (): AuditRecord[] => parseAuditJsonl(fs.readFileSync('test/fixtures/report/audit.jsonl', 'utf8')).records;
const runbookOf = (name: string): RunbookReport => computeReport({ records: fixture(), now: NOW }).runbooks.find((r) => r.runbook === name)!;

/** One attempt's records: the outcomes at 10 s steps from `start`. */
function attempt(id: string, outcomes: Outcome[], o: Partial<AuditRecord> & { start?: number } = {}): AuditRecord[] {
  const start = o.start ?? Date.parse('2026-11-19T00:00:00Z');
  return outcomes.map((outcome, i) => auditRecord({ id, incidentId: `INC-${id}`, outcome, time: new Date(start + (i + 1) * 10_000).toISOString(), startedAt: new Date(start).toISOString(), ...o }));
}

describe('remediation report: the numbers', () => {
  it('a runbook that acts and verifies: recovery, verification, blocks by guardrail, times, previews left out', () => {
    const r = runbookOf('replace-redundant-pod');
    assert.equal(r.incidents, 14);
    assert.equal(r.previews, 1);
    assert.equal(r.decisions, 14);
    assert.equal(r.actions, 12);
    assert.deepEqual(r.automatedRecovery, { count: 12, of: 14, rate: 12 / 14 });
    assert.deepEqual(r.verification.passed, { count: 12, of: 12, rate: 1 });
    assert.deepEqual(r.guardrailBlocks.byGuardrail, [{ guardrail: 'minimumReadyReplicasWithSameApp', count: 2, rate: 2 / 14 }]);
    assert.equal(r.timeToRestore.medianSeconds, 32);
    assert.equal(r.timeToRestore.count, 12);
    assert.equal(r.repeatedIncidents.count, 0);
    assert.equal(r.readiness.verdict, 'move_right');
    assert.match(r.readiness.summary, /already acts without approval/);
    assert.deepEqual(r.services.map((s) => [s.service, s.incidents, s.actions]), [['singleton', 2, 0], ['web', 12, 12]]);
  });

  it('failed verifications and rollbacks are automation-caused failures and move the runbook left', () => {
    const r = runbookOf('scale-up-queue-workers');
    assert.deepEqual(r.verification.failed, { count: 2, of: 3, rate: 2 / 3 });
    assert.deepEqual(r.automationFailures, { failedVerifications: 2, rollbacks: 2, rollbackFailures: 0, unobservable: 0, total: 2 });
    assert.equal(r.readiness.verdict, 'move_left');
    assert.match(r.readiness.summary, /verification failed for 66.7% of actions/);
  });

  it('approval acceptance counts incidents where an approved action followed the request; too few actions hold', () => {
    const r = runbookOf('rollback-bad-release');
    assert.deepEqual(r.approvals, { count: 1, of: 2, rate: 0.5 });
    // Incident start -> the approved action (300 s of waiting for a human plus 1 s), and the refused one's 1 s.
    assert.deepEqual([r.timeToDecide.count, r.timeToDecide.medianSeconds, r.timeToDecide.p90Seconds], [2, 1, 301]);
    assert.equal(r.readiness.verdict, 'hold');
    assert.match(r.readiness.summary, /1 action recorded, at least 10/);
  });

  it('--runbook and --since narrow the data; the period holds whole attempts', () => {
    const one = computeReport({ records: fixture(), now: NOW, runbook: 'scale-up-queue-workers' });
    assert.deepEqual(one.runbooks.map((r) => r.runbook), ['scale-up-queue-workers']);
    const recent = computeReport({ records: fixture(), now: NOW, since: new Date('2026-11-04T00:00:00Z') });
    const workers = recent.runbooks.find((r) => r.runbook === 'scale-up-queue-workers')!;
    assert.equal(workers.actions, 1);
    assert.deepEqual(workers.verification.passed, { count: 1, of: 1, rate: 1 });
    const split = attempt('s', ['executed', 'verified'], { start: Date.parse('2026-11-19T00:00:00Z') });
    const cut = computeReport({ records: split, now: NOW, since: new Date(Date.parse(split[1].time) - 1) });
    assert.equal(cut.runbooks.length, 0, 'an attempt that started before the period is left out whole');
  });

  it('repeated incidents: a new incident on the same service within the window after a recovery', () => {
    const t = Date.parse('2026-11-10T00:00:00Z');
    const recs = [
      ...attempt('a', ['executed', 'verified'], { start: t }),
      ...attempt('b', ['executed', 'verified'], { start: t + 3600_000 }),
      ...attempt('c', ['executed', 'verified'], { start: t + 3600_000 + REPORT_THRESHOLDS.repeatWindowMs + 60_000 }),
    ];
    const r = computeReport({ records: recs, now: NOW }).runbooks[0];
    assert.deepEqual(r.repeatedIncidents, { count: 1, of: 3, rate: 1 / 3 });
  });

  it('an error after acting is unobservable (inconclusive); an error after a failed verification is a failed rollback', () => {
    const recs = [...attempt('u', ['executed', 'error']), ...attempt('f', ['executed', 'verification_failed', 'error']), ...attempt('p', ['executed'])];
    const s = groupStats(attemptsOf(recs), incidentsOf(attemptsOf(recs)));
    assert.equal(s.verification.inconclusive.count, 1);
    assert.equal(s.verification.unfinished, 1);
    assert.deepEqual(s.automationFailures, { failedVerifications: 1, rollbacks: 0, rollbackFailures: 1, unobservable: 1, total: 3 });
    assert.equal(readinessOf(s).verdict, 'move_left');
  });

  it('compact shared-state records: an abort without verdicts is unattributed; the audit log and the shared state count once', () => {
    const audit = attempt('x', ['executed', 'verified']);
    const shared = [
      ...attempt('x', ['executed', 'verified']).map((r) => ({ ...r, time: new Date(Date.parse(r.time) - 5).toISOString() })),
      ...attempt('y', ['blocked'], { mode: 'abort' }),
    ];
    const merged = mergeRecords(audit, shared);
    assert.equal(merged.fromShared, 1);
    const r = computeReport({ records: merged.records, now: NOW, sources: { auditRecords: 2, sharedStateRecords: 1 } });
    assert.equal(r.runbooks[0].actions, 1);
    assert.equal(r.runbooks[0].guardrailBlocks.unattributed, 1);
    assert.equal(r.sources.sharedStateRecords, 1);
  });

  it('duration statistics use observed values (nearest rank)', () => {
    assert.deepEqual(durationStats([1000, 2000, 3000, 4000, 100_000]), { count: 5, meanSeconds: 22, medianSeconds: 3, p90Seconds: 100 });
    assert.deepEqual(durationStats([]), { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null });
  });

  describe('readiness thresholds', () => {
    const base = () => groupStats(attemptsOf(Array.from({ length: 12 }, (_, i) => attempt(`v${i}`, ['executed', 'verified'], { incidentId: `I${i}`, start: Date.parse('2026-11-01T00:00:00Z') + i * 2 * 86400_000 })).flat()), []);
    it('enough verified actions: move right', () => assert.equal(readinessOf(base()).verdict, 'move_right'));
    it('inconclusive above the limit: hold, naming it', () => {
      const s = base();
      s.verification.inconclusive = { count: 2, of: 12, rate: 2 / 12 };
      assert.match(readinessOf(s).summary, /^hold: inconclusive 16.7% > 5%/);
    });
    it('approvals mostly refused: hold', () => {
      const s = base();
      s.approvals = { count: 1, of: 4, rate: 0.25 };
      assert.match(readinessOf(s).summary, /approvals accepted 25% < 90%/);
    });
    it('one failure among few actions is not yet a pattern: hold', () => {
      const recs = [...attempt('a', ['executed', 'verification_failed']), ...attempt('b', ['executed', 'verified'])];
      const s = groupStats(attemptsOf(recs), incidentsOf(attemptsOf(recs)));
      assert.equal(readinessOf(s).verdict, 'hold');
    });
  });

  it('generated input: rates stay in range and the counts add up, whatever the records hold', () => {
    const outcomes: Outcome[] = ['dry_run', 'suggested', 'approval_pending', 'blocked', 'executed', 'verified', 'verification_failed', 'rolled_back', 'verification_inconclusive', 'error'];
    const names = ['web', 'api', '\u001b[31mred', '__proto__', 'constructor', ''];
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = prng(seed);
      const recs: AuditRecord[] = [];
      for (let i = 0; i < 30; i++) {
        const id = rnd() < 0.1 ? undefined : `a${int(rnd, 12)}`;
        recs.push(auditRecord({
          id, runbook: pick(rnd, ['rb1', 'rb2', 'toString']), incidentId: pick(rnd, ['none', 'I1', 'I2', `I${i}`]), outcome: pick(rnd, outcomes),
          mode: pick(rnd, ['abort', 'auto_execute', 'approval_required', 'suggest', 'manual'] as const),
          time: new Date(Date.parse('2026-11-19T00:00:00Z') + int(rnd, 86400) * 1000).toISOString(),
          target: { namespace: 'ns', kind: pick(rnd, ['Pod', 'Deployment']), name: pick(rnd, names) || 'x', ...(rnd() < 0.5 ? { app: pick(rnd, names) } : {}) },
          verdicts: rnd() < 0.5 ? [{ guardrail: 'cooldownMinutes', status: pick(rnd, ['fail', 'error', 'pass'] as const), reason: 'r' }] : [],
        }));
      }
      const report = computeReport({ records: recs, now: NOW });
      for (const group of report.runbooks.flatMap((r) => [r, ...r.services])) {
        const v = group.verification;
        assert.equal(v.passed.count + v.failed.count + v.inconclusive.count + v.unfinished, group.actions, `seed ${seed}`);
        for (const rate of [group.automatedRecovery, v.passed, v.failed, group.guardrailBlocks.all, group.approvals, group.repeatedIncidents]) {
          assert.ok(rate.rate === null || (rate.rate >= 0 && rate.rate <= 1), `seed ${seed}: ${JSON.stringify(rate)}`);
          assert.ok(rate.count <= rate.of, `seed ${seed}`);
        }
        assert.ok(group.decisions + group.previews >= group.actions, `seed ${seed}`);
      }
      assert.doesNotThrow(() => JSON.stringify(report));
    }
  });
});
