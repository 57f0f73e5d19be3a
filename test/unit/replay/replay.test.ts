import { strict as assert } from 'assert';
import * as fs from 'fs';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { Runbook } from '../../../src/core/model/runbook';
import { replayDecisions } from '../../../src/core/replay/replay';
import type { ReplayEntry } from '../../../src/core/replay/types';
import { runbookFromText } from '../../../src/core/runbook/fromText';
import { recordDecision } from '../../support/decisions';
import { LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD, auditRecord, labSnapshot, runbook } from '../../support/k8s';

function fileRunbook(file: string): Runbook {
  const read = runbookFromText(fs.readFileSync(file, 'utf8'));
  if (!read.ok) throw new Error(read.message);
  return read.runbook;
}

const fixture = (): AuditRecord[] => parseAuditJsonl(fs.readFileSync('test/fixtures/replay/audit.jsonl', 'utf8')).records;
const seed = () => fileRunbook('runbooks/replace-redundant-pod.yaml');
const web = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const byAttempt = (entries: ReplayEntry[], id: string) => entries.find((e) => e.record.id === id)!;

describe('replay: recorded decisions decided again with another runbook', () => {
  it('the same runbook changes nothing; records without a slice are listed as not replayable, with why', () => {
    const report = replayDecisions({ runbook: seed(), records: fixture() });
    assert.deepEqual(report.summary, { decisions: 6, changed: 0, unchanged: 4, notReplayable: 2, otherRunbooks: 1 });
    const old = byAttempt(report.entries, 'old-1');
    assert.equal(old.status, 'not_replayable');
    assert.match(old.reason, /does not carry the state its decision read/);
    assert.match(byAttempt(report.entries, 'label-1').reason, /label change by a person/);
  });

  it('a stricter replica floor blocks web: before -> after, with the verdict that changed', () => {
    const report = replayDecisions({ runbook: fileRunbook('test/fixtures/replay/stricter-floor.yaml'), records: fixture() });
    assert.deepEqual(report.entries.filter((e) => e.status === 'changed').map((e) => e.record.id), ['scan-1-web', 'exec-1-web']);
    const e = byAttempt(report.entries, 'exec-1-web');
    assert.ok(e.status === 'changed');
    assert.equal(e.before.mode, 'auto_execute');
    assert.equal(e.after.mode, 'abort');
    assert.deepEqual(e.verdictChanges.map((c) => [c.guardrail, c.before, c.after]), [['minimumReadyReplicasWithSameApp', 'pass', 'fail']]);
    assert.match(e.reason, /minimumReadyReplicasWithSameApp pass → fail: only 2 Ready pods with app=web.*needs 3/);
    // The cooldown decision stays blocked, now for two reasons: the mode does not change.
    const cooled = byAttempt(report.entries, 'exec-2-web');
    assert.ok(cooled.status === 'unchanged' && cooled.verdictChanges.some((c) => c.guardrail === 'minimumReadyReplicasWithSameApp'));
  });

  it('history comes from the audit log as it stood at the decision: without the cooldown, the blocked decision would act', () => {
    const noCooldown = { ...seed() };
    noCooldown.spec = { ...noCooldown.spec, guardrails: { ...noCooldown.spec.guardrails, cooldownMinutes: undefined } };
    const e = byAttempt(replayDecisions({ runbook: noCooldown, records: fixture() }).entries, 'exec-2-web');
    assert.ok(e.status === 'changed');
    assert.equal(e.before.mode, 'abort');
    assert.equal(e.after.mode, 'auto_execute');
    assert.ok(e.verdictChanges.some((c) => c.guardrail === 'cooldownMinutes' && c.before === 'fail'));
    // The decision made before the action is unaffected by the action that followed it.
    assert.equal(byAttempt(replayDecisions({ runbook: seed(), records: fixture() }).entries, 'exec-1-web').status, 'unchanged');
  });

  it('a trigger that no longer matches changes the mode with the mode reason when no verdict changed', () => {
    const rb = seed();
    rb.spec = { ...rb.spec, triggers: { ...rb.spec.triggers, symptoms: ['CrashLoopBackOff'] } };
    const e = byAttempt(replayDecisions({ runbook: rb, records: fixture() }).entries, 'scan-1-web');
    assert.ok(e.status === 'changed');
    assert.equal(e.after.mode, 'manual');
    assert.equal(e.verdictChanges.length, 0);
    assert.equal(e.reason, e.after.reason);
  });

  it('replays another runbook\'s records under a new name with recordedRunbook, and counts the rest as other runbooks', () => {
    const renamed = { ...seed(), metadata: { name: 'replace-redundant-pod-v2' } };
    assert.equal(replayDecisions({ runbook: renamed, records: fixture() }).summary.decisions, 0);
    const report = replayDecisions({ runbook: renamed, records: fixture(), recordedRunbook: 'replace-redundant-pod' });
    assert.deepEqual(report.summary, { decisions: 6, changed: 0, unchanged: 4, notReplayable: 2, otherRunbooks: 1 });
  });

  it('an unreadable slice is not replayable, naming the field', () => {
    const [first] = fixture();
    const broken = JSON.parse(JSON.stringify(first)) as Record<string, Record<string, unknown>>;
    broken.decisionInput.version = 9;
    const records = parseAuditJsonl(`${JSON.stringify(broken)}\n`).records;
    const [e] = replayDecisions({ runbook: seed(), records }).entries;
    assert.equal(e.status, 'not_replayable');
    assert.match(e.status === 'not_replayable' ? e.reason : '', /recorded state cannot be used: decisionInput.version/);
  });

  it('says when the slice was cut to its limits', () => {
    const s = labSnapshot();
    const rs = s.replicaSets[0].metadata.name;
    const extra = JSON.parse(JSON.stringify(s.pods[1])) as typeof s.pods[number];
    for (let i = 0; i < 120; i++) s.pods.push({ ...extra, metadata: { ...extra.metadata, name: `${rs}-extra${i}`, uid: `uid-extra-${i}` } });
    const { record } = recordDecision(seed(), s, web, { now: LAB_NOW, id: 'big' });
    const [e] = replayDecisions({ runbook: seed(), records: [record] }).entries;
    assert.ok(e.status === 'unchanged');
    assert.match(e.truncated ?? '', /kept 100 of the 122 pods the replica floor counts/);
  });

  it('a metric value measured with another query is not evidence for the new one: it aborts, with a note', () => {
    const precondition = (query: string) => runbook({ guardrails: { metricPreconditions: [{ name: 'errors', query, condition: 'result > 0.05' }] } });
    const { record, plan } = recordDecision(precondition('sum(rate(errors_total[5m]))'), labSnapshot(), web, {
      now: LAB_NOW, id: 'm', metrics: { errors: { kind: 'value', value: 0.3, query: 'sum(rate(errors_total[5m]))' } },
    });
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.equal(replayDecisions({ runbook: precondition('sum(rate(errors_total[5m]))'), records: [record] }).entries[0].status, 'unchanged');
    const [e] = replayDecisions({ runbook: precondition('sum(rate(http_errors_total[5m]))'), records: [record] }).entries;
    assert.ok(e.status === 'changed');
    assert.equal(e.after.mode, 'abort');
    assert.match((e.notes ?? []).join(), /another query/);
  });

  it('a record for which the engine throws is reported, not the whole replay lost', () => {
    const [first] = fixture();
    const throwing = { ...seed(), spec: { ...seed().spec, action: undefined } } as unknown as Runbook;
    const [e] = replayDecisions({ runbook: throwing, records: [first] }).entries;
    assert.equal(e.status, 'not_replayable');
    assert.match(e.status === 'not_replayable' ? e.reason : '', /could not decide again/);
  });

  it('an attempt is one decision: follow-up records are not listed on their own', () => {
    const records = [auditRecord({ id: 'a', outcome: 'executed' }), auditRecord({ id: 'a', outcome: 'verified' })];
    assert.equal(replayDecisions({ runbook: seed(), records }).entries.length, 1);
  });
});
