// Every record the pipeline writes has the one typed shape, so the one reader accepts it back from JSON
// unchanged, and `verify --audit-id` finds what it needs in the executed record.
import { strict as assert } from 'assert';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import { readAuditRecord } from '../../../src/core/audit/shape';
import type { AuditRecord } from '../../../src/core/model/audit';
import { executePlan } from '../../../src/core/pipeline/execute';
import { reverify, storedVerification } from '../../../src/core/pipeline/reverify';
import { compactRecord } from '../../../src/adapters/k8s/records';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, auditRecord, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, memoryPipeline } from '../../support/memoryCluster';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const fastRunbook = runbook({ spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } } });

function setup() {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  return { cluster, ...memoryPipeline(cluster) };
}

/** The record as the reader gets it back from its JSON line. */
function readBack(r: AuditRecord): AuditRecord {
  const read = readAuditRecord(JSON.parse(JSON.stringify(r)));
  assert.ok(read.ok, read.ok ? '' : `${r.outcome}: ${read.reason}`);
  return read.record;
}

describe('audit records: one shape from every writer', () => {
  it('executed, verified and re-verified records read back unchanged', async () => {
    const { cluster, audit, state, deps } = setup();
    cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified');
    for (const rec of [...audit.records, ...state.records, ...state.records.map(compactRecord)]) {
      assert.deepEqual(readBack(rec), JSON.parse(JSON.stringify(rec)));
    }
    const executed = readBack(audit.records[0]);
    assert.equal(executed.verification?.plan?.timeoutSeconds, 1);
    assert.ok(storedVerification(executed), 'the executed record carries what re-verification needs');
    const verified = readBack(audit.records[1]);
    assert.equal(verified.verification?.status, 'verified');
    assert.equal(verified.verification?.checks?.[0].check, 'replacement_pod_ready_within_timeout');

    const again = await reverify(cluster, executed, 'someone', () => new Date());
    assert.equal(again.outcome, 'verified');
    assert.deepEqual(readBack(again), JSON.parse(JSON.stringify(again)));
    assert.equal(again.verification?.reverified, true);
    assert.equal(again.verification?.plan, undefined, 'a result carries what was found, not the plan');
  });

  it('a failed verification and a blocked decision read back', async () => {
    const { audit, deps } = setup();
    const r = await executePlan({ runbook: fastRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verification_failed');
    const blocked = await executePlan({ runbook: fastRunbook, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'singleton-7b9c6d4f8d-m2n4r' }, execute: true }, deps);
    assert.equal(blocked.outcome, 'blocked');
    for (const rec of audit.records) assert.deepEqual(readBack(rec), JSON.parse(JSON.stringify(rec)));
    assert.equal(audit.records[1].verification?.status, 'failed');
    assert.ok(audit.records.at(-1)!.verdicts.length > 0, 'verdicts are kept and checked');
  });
});

describe('audit records: the reader accepts the shapes already on disk', () => {
  const base = JSON.parse(JSON.stringify(auditRecord())) as Record<string, unknown>;
  const line = (o: Record<string, unknown>) => JSON.stringify({ ...base, ...o });

  it('the compact records of the shared state, with action null from before the action was typed', () => {
    const { records, skipped } = parseAuditJsonl([line({ action: { type: 'deletePod' } }), line({ action: null })].join('\n'));
    assert.deepEqual(skipped, []);
    assert.deepEqual(records.map((r) => r.action), [{ type: 'deletePod' }, { type: 'unknown' }]);
  });

  it('a re-verification written with its checks under state', () => {
    const old = { status: 'verified', elapsedMs: 12, state: { passed: true, checks: [{ check: 'rollout_complete', ok: true, detail: 'done' }] }, reverified: true };
    const { records, skipped } = parseAuditJsonl(line({ verification: old }));
    assert.deepEqual(skipped, []);
    assert.deepEqual(records[0].verification, { status: 'verified', elapsedMs: 12, checks: [{ check: 'rollout_complete', ok: true, detail: 'done' }], reverified: true });
  });

  const wrong: [string, Record<string, unknown>, RegExp][] = [
    ['outcome unknown', { outcome: 'done' }, /outcome must be one of/],
    ['time not a time', { time: 'yesterday' }, /time is not a valid time/],
    ['target without name', { target: { namespace: 'n', kind: 'Pod' } }, /target\.name must be a string/],
    ['verdict of an unknown guardrail', { verdicts: [{ guardrail: 'constructor', status: 'pass', reason: 'x' }] }, /verdicts\[0\]\.guardrail is not a known guardrail/],
    ['action as a string', { action: 'deletePod' }, /action must be an object/],
    ['verification with neither plan, status nor metrics', { verification: { elapsedMs: 3 } }, /neither a plan, a status nor metrics/],
    ['verification plan without baseline', { verification: { plan: { checks: [], timeoutSeconds: 1, expect: {} } } }, /without verification\.baseline/],
    ['a check that does not exist', { verification: { status: 'failed', checks: [{ check: 'rm -rf', ok: false, detail: '' }] } }, /verification\.checks\[0\]\.check must be one of/],
    ['an array', { }, /./],
  ];
  for (const [name, patch, reason] of wrong) {
    it(`rejects and reports: ${name}`, () => {
      const text = name === 'an array' ? '[1,2]' : line(patch);
      const { records, skipped } = parseAuditJsonl(`${line({})}\n${text}\n`);
      assert.equal(records.length, 1);
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0].line, 2);
      assert.equal(skipped[0].torn, false);
      assert.match(skipped[0].reason, reason);
    });
  }

  it('never quotes the line in a reason', () => {
    const { skipped } = parseAuditJsonl(`token: s3cr3t-\u001b[31m\n${line({ time: 'token s3cr3t' })}\n`);
    assert.equal(skipped.length, 2);
    for (const s of skipped) assert.doesNotMatch(s.reason, /s3cr3t|\u001b/);
  });
});
