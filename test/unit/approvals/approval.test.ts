import { strict as assert } from 'assert';
import { DEFAULT_APPROVAL_TTL_SECONDS, MAX_APPROVAL_TTL_SECONDS, approvalFor, decide, statusAt } from '../../../src/core/approvals/approval';
import { readApproval } from '../../../src/core/approvals/read';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import { LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD, labSnapshot, runbook } from '../../support/k8s';
import { seededRandom } from '../../support/seeded';

const now = LAB_NOW;
const plan = decideTarget(decisionContext({ runbook: runbook({ spec: { decisionMode: 'approval_required' } }), snapshot: labSnapshot(), now }), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD });
const pending = approvalFor(plan, { id: 'a-1', runbookText: 'kind: RemediationRunbook\n', requestedBy: 'alice', now });

describe('pending approvals', () => {
  it('carries the plan\'s identity, sentence and payload, and expires after 30 minutes by default (a day at most)', () => {
    assert.equal(plan.mode, 'approval_required');
    assert.ok(pending.identity);
    assert.equal(pending.sentence, plan.sentence);
    assert.deepEqual(pending.payload, plan.approval);
    assert.equal(Date.parse(pending.expiresAt) - now.getTime(), DEFAULT_APPROVAL_TTL_SECONDS * 1000);
    const long = approvalFor(plan, { id: 'a-2', runbookText: 'x', requestedBy: 'a', now, ttlSeconds: 1e12 });
    assert.equal(Date.parse(long.expiresAt) - now.getTime(), MAX_APPROVAL_TTL_SECONDS * 1000);
  });

  it('only a pending, unexpired approval can be decided; expiry and an unreadable expiry fail closed', () => {
    const later = new Date(now.getTime() + DEFAULT_APPROVAL_TTL_SECONDS * 1000);
    assert.equal(statusAt(pending, now), 'pending');
    assert.equal(statusAt(pending, later), 'expired');
    assert.equal(statusAt({ ...pending, expiresAt: 'soon' }, now), 'expired');
    const approved = decide(pending, 'approved', 'bob', now);
    assert.ok(approved.ok && approved.approval.status === 'approved' && approved.approval.decidedBy === 'bob');
    if (!approved.ok) return;
    const again = decide(approved.approval, 'rejected', 'carol', now);
    assert.ok(!again.ok && /already approved \(by bob/.test(again.why));
    const late = decide(pending, 'approved', 'bob', later);
    assert.ok(!late.ok && /expired/.test(late.why));
    const expired = decide(pending, 'expired', 'bob', later);
    assert.ok(expired.ok && expired.approval.status === 'expired');
  });

  it('the reader takes back what was stored, and refuses every field mutated to a wrong type (seeded)', () => {
    const stored = JSON.parse(JSON.stringify(pending)) as Record<string, unknown>;
    const back = readApproval(stored);
    assert.ok(back.ok);
    if (back.ok) assert.deepEqual(JSON.parse(JSON.stringify(back.approval)), stored);
    const rnd = seededRandom(20261202);
    const required = ['id', 'runbook', 'runbookText', 'target', 'incident', 'sentence', 'action', 'requestedAt', 'expiresAt', 'requestedBy', 'status'];
    const bad: unknown[] = [42, null, [], {}, '', 'not a time', true, { toString: 'x' }];
    for (let i = 0; i < 500; i++) {
      const copy = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
      const key = required[Math.floor(rnd() * required.length)];
      const choices = key.endsWith('At') ? bad : bad.filter((b) => b !== 'not a time');
      copy[key] = choices[Math.floor(rnd() * choices.length)];
      const r = readApproval(copy);
      // A mutated timestamp string may still be a valid time only if it was left a time: never here.
      assert.equal(r.ok, false, `${key} = ${JSON.stringify(copy[key])}`);
      if (!r.ok) assert.ok(r.reason.includes(key.replace(/At$/, 'At')) || /must be|not a valid/.test(r.reason), r.reason);
    }
    for (const v of [null, 1, 'x', [], { ...stored, status: 'maybe' }, { ...stored, incident: { ...pending.incident, confidence: 2 } }, { ...stored, target: { namespace: 'n', kind: 'Pod' } }]) {
      assert.equal(readApproval(v).ok, false, JSON.stringify(v).slice(0, 80));
    }
  });
});
