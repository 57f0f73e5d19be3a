import { strict as assert } from 'assert';
import * as fs from 'fs';
import { DEFAULT_APPROVAL_TTL_SECONDS } from '../../../src/core/approvals/approval';
import { approvePending, pendingApprovals, rejectPending } from '../../../src/core/approvals/flow';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { runbookFromText } from '../../../src/core/runbook/fromText';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod } from '../../support/k8s';
import { MemoryApprovals } from '../../support/memoryApprovals';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { seededRandom } from '../../support/seeded';

const TEXT = fs.readFileSync('test/fixtures/runbooks/valid/seed-replace-redundant-pod.yaml', 'utf8')
  .replace(/decisionMode: "?auto_execute"?/, 'decisionMode: "approval_required"')
  .replace(/timeoutSeconds: \d+/, 'timeoutSeconds: 1');
const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };

function setup() {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
  const audit = new MemoryState();
  const approvals = new MemoryApprovals();
  // Real time plus a skew a test can add: snapshots are stamped with the real time.
  let skew = 0;
  let n = 0;
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state: new MemoryState(), audit: [audit],
    clock: { now: () => new Date(Date.now() + skew) }, newId: () => `attempt-${++n}`, approvals,
  };
  return { cluster, audit, approvals, deps, later: (seconds: number) => { skew += seconds * 1000; } };
}

async function requested(t: ReturnType<typeof setup>): Promise<string> {
  const read = runbookFromText(TEXT);
  assert.ok(read.ok, 'fixture edit keeps the runbook valid');
  if (!read.ok) throw new Error('unreachable');
  const r = await executePlan({ runbook: read.runbook, target: webPod, execute: true, runbookText: TEXT }, t.deps);
  assert.equal(r.outcome, "approval_pending", JSON.stringify(r.records.map((x) => x.message)));
  const { approvals } = await pendingApprovals(t.approvals, t.deps.clock.now());
  assert.equal(approvals.length, 1);
  return approvals[0].id;
}

describe('pending approval flow (in-memory ports)', () => {
  it('approve: asks first (declining does nothing), takes the decision, then runs the pipeline with the approval', async () => {
    const t = setup();
    const id = await requested(t);
    const declined = await approvePending(t.approvals, t.deps, id, 'bob', async () => false);
    assert.ok(!declined.ok && declined.kind === 'declined');
    assert.equal(t.approvals.items.get(id)!.approval.status, 'pending');
    assert.equal(t.cluster.applied.filter((a) => !a.dryRun).length, 0);
    let shown = '';
    const done = await approvePending(t.approvals, t.deps, id, 'bob', async (a) => { shown = a.sentence; return true; });
    assert.ok(done.ok, JSON.stringify(done));
    if (!done.ok) return;
    assert.ok(shown.length > 0, 'the confirmation sees the decision sentence');
    assert.equal(done.result.outcome, 'verified', JSON.stringify(done.result.records.map((r) => r.message)));
    assert.equal(t.approvals.items.get(id)!.approval.status, 'approved');
    assert.equal(t.approvals.items.get(id)!.approval.decidedBy, 'bob');
    assert.equal(t.cluster.applied.filter((a) => !a.dryRun).length, 1);
    const again = await approvePending(t.approvals, t.deps, id, 'carol');
    assert.ok(!again.ok && again.kind === 'notPending' && !again.expired && /already approved/.test(again.message));
    assert.deepEqual((await pendingApprovals(t.approvals, t.deps.clock.now())).approvals, []);
  });

  it('approve re-checks: a target replaced since the request is stale and nothing is deleted', async () => {
    const t = setup();
    const id = await requested(t);
    t.cluster.change((s) => { s.pods.find((p) => p.metadata.name === LAB_WEB_POD)!.metadata.uid = 'another-uid'; });
    const done = await approvePending(t.approvals, t.deps, id, 'bob');
    assert.ok(done.ok);
    if (done.ok) assert.equal(done.result.outcome, 'blocked');
    assert.equal(t.cluster.applied.filter((a) => !a.dryRun).length, 0);
  });

  it('reject: audited with the reason, nothing done; an expired one is written expired once and audited', async () => {
    const t = setup();
    const id = await requested(t);
    const r = await rejectPending(t.approvals, t.deps, id, 'bob', 'not during the release');
    assert.ok(r.ok);
    if (r.ok) assert.match(r.record.message!, /rejected by bob: not during the release; nothing done/);
    assert.equal(t.approvals.items.get(id)!.approval.status, 'rejected');
    assert.ok(t.audit.records.some((x) => x.id === id && /rejected by bob/.test(x.message ?? '')));
    assert.equal(t.cluster.applied.filter((a) => !a.dryRun).length, 0);

    const u = setup();
    const late = await requested(u);
    u.later(DEFAULT_APPROVAL_TTL_SECONDS + 1);
    const a = await approvePending(u.approvals, u.deps, late, 'bob', async () => assert.fail('an expired approval is never offered'));
    assert.ok(!a.ok && a.kind === 'notPending' && a.expired);
    assert.equal(u.approvals.items.get(late)!.approval.status, 'expired');
    const b = await rejectPending(u.approvals, u.deps, late, 'carol');
    assert.ok(!b.ok && b.kind === 'notPending');
    assert.equal(u.audit.records.filter((x) => /expired/.test(x.message ?? '')).length, 1);
  });

  it('missing, unreadable, invalid runbook text and a lost race are typed and act on nothing', async () => {
    const t = setup();
    assert.equal(((await approvePending(t.approvals, t.deps, 'nope', 'bob')) as { kind: string }).kind, 'missing');
    t.approvals.problems.set('bad', 'approval bad: status must be a string');
    assert.equal(((await rejectPending(t.approvals, t.deps, 'bad', 'bob')) as { kind: string }).kind, 'unreadable');
    t.approvals.problems.clear();
    const id = await requested(t);
    t.approvals.touch(id, (a) => ({ ...a, runbookText: 'kind: [' }));
    assert.equal(((await approvePending(t.approvals, t.deps, id, 'bob')) as { kind: string }).kind, 'invalidRunbook');
    t.approvals.touch(id, (a) => ({ ...a, runbookText: TEXT }));
    t.approvals.beforeUpdate = (x) => { t.approvals.beforeUpdate = undefined; t.approvals.touch(x); };
    const lost = await approvePending(t.approvals, t.deps, id, 'bob');
    assert.ok(!lost.ok && lost.kind === 'lostRace');
    assert.equal(t.cluster.applied.filter((a) => !a.dryRun).length, 0);
  });

  it('of concurrent approvers and rejecters in a seeded order, exactly one decides and at most one acts', async () => {
    const rnd = seededRandom(20261202);
    for (let round = 0; round < 25; round++) {
      const t = setup();
      const id = await requested(t);
      const calls = Array.from({ length: 2 + Math.floor(rnd() * 5) }, (_, i) => {
        const who = `user-${i}`;
        return rnd() < 0.5 ? approvePending(t.approvals, t.deps, id, who) : rejectPending(t.approvals, t.deps, id, who, '\u0000"} or x\n');
      });
      const results = await Promise.all(calls);
      assert.equal(results.filter((r) => r.ok).length, 1, `round ${round}`);
      assert.ok(t.cluster.applied.filter((a) => !a.dryRun).length <= 1);
      assert.notEqual(t.approvals.items.get(id)!.approval.status, 'pending');
    }
  });
});
