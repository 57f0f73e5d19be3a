import { strict as assert } from 'assert';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import type { Plan } from '../../../src/core/engine/plan';
import type { Runbook } from '../../../src/core/model/runbook';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { LAB_NAMESPACE, LAB_NOW } from '../../support/lab';
import { helmDeployment, helmRevision, helmRunbook, helmSnapshot, RELEASE } from '../../support/helmReleases';

const TARGET = { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'checkout' };
const INCIDENT = { id: 'inc-1', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 };

function decide(snapshot: ClusterSnapshot, runbook: Runbook = helmRunbook(), now = LAB_NOW): Plan {
  return decideTarget(decisionContext({ runbook, snapshot, now }), TARGET, INCIDENT);
}

const verdict = (plan: Plan, id: string) => plan.verdicts.find((v) => v.guardrail === id);

describe('helmRollback decisions', () => {
  it('rolls back to the last known-good revision, with both revisions and their diffs in the plan', () => {
    const plan = decide(helmSnapshot([helmRevision(1, 'superseded'), helmRevision(2, 'superseded'), helmRevision(3, 'deployed', { description: 'Upgrade complete' })]));
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.equal(plan.action.toRevision, 2);
    assert.equal(plan.action.equivalentCommand, `helm rollback ${RELEASE} 2 -n ${LAB_NAMESPACE}`);
    const c = plan.action.helm?.comparison;
    assert.ok(c);
    assert.deepEqual([c.current.revision, c.proposed.revision, c.current.chartVersion, c.proposed.appVersion], [3, 2, '0.3.0', '1.2']);
    assert.ok(c.valuesDiff.lines.some((l) => l.op === '-' && l.text.includes('tag: v3')));
    assert.ok(c.valuesDiff.lines.some((l) => l.op === '+' && l.text.includes('tag: v2')));
    assert.ok(c.manifestDiff.lines.some((l) => l.op === '+' && l.text.includes('checkout:v2')));
    assert.deepEqual(c.manifestKinds, ['apps/v1 Deployment']);
    assert.equal(plan.rollback.type, 'manual');
    assert.match(plan.rollback.description, /a human rolls release checkout forward/);
    assert.equal(verdict(plan, 'helmReleaseExists')?.status, 'pass');
    assert.equal(verdict(plan, 'rolloutInProgress')?.status, 'skip', 'a rollback may interrupt a rollout');
    // The guardrails come before the history ones, after the workload's live state.
    const ids = plan.verdicts.map((v) => v.guardrail);
    assert.ok(ids.indexOf('helmTargetRevision') < ids.indexOf('cooldownMinutes'));
    assert.ok(plan.action.permissions.some((p) => p.resource === 'secrets' && p.verb === 'create'));
  });

  it('goes past a failed revision to the one before it', () => {
    const plan = decide(helmSnapshot([helmRevision(1, 'superseded'), helmRevision(2, 'superseded'), helmRevision(3, 'failed'), helmRevision(4, 'failed')]));
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.equal(plan.action.toRevision, 2);
    assert.equal(plan.action.helm?.fromRevision, 4);
  });

  it('refuses while another Helm operation is pending', () => {
    const plan = decide(helmSnapshot([helmRevision(1, 'superseded'), helmRevision(2, 'pending-upgrade')]));
    assert.equal(plan.mode, 'abort');
    assert.equal(verdict(plan, 'helmReleaseNotPending')?.status, 'fail');
    assert.match(verdict(plan, 'helmReleaseNotPending')!.reason, /another Helm operation is in flight .*revision 2 is pending-upgrade/);
  });

  it('aborts when nothing is known-good to roll back to', () => {
    const plan = decide(helmSnapshot([helmRevision(1, 'failed'), helmRevision(2, 'deployed')]));
    assert.equal(plan.mode, 'abort');
    assert.match(verdict(plan, 'helmTargetRevision')!.reason, /nothing known-good to roll back to/);
    assert.equal(plan.action.toRevision, undefined);
  });

  it('a named revision must exist and differ from the current one', () => {
    const revisions = [helmRevision(1, 'superseded'), helmRevision(2, 'deployed')];
    assert.equal(decide(helmSnapshot(revisions), helmRunbook({ type: 'helmRollback', toRevision: 1 })).action.toRevision, 1);
    assert.equal(decide(helmSnapshot(revisions), helmRunbook({ type: 'helmRollback', toRevision: 2 })).mode, 'abort');
    assert.equal(decide(helmSnapshot(revisions), helmRunbook({ type: 'helmRollback', toRevision: 7 })).mode, 'abort');
  });

  it('a workload outside any release is a clear fail; an unreadable history an error', () => {
    const none = decide(helmSnapshot([], { deployment: helmDeployment({ annotations: {} }) }));
    assert.equal(none.mode, 'abort');
    assert.equal(verdict(none, 'helmReleaseExists')?.status, 'fail');
    assert.match(verdict(none, 'helmReleaseExists')!.reason, /belongs to no Helm release/);
    const empty = decide(helmSnapshot([]));
    assert.match(verdict(empty, 'helmReleaseExists')!.reason, /has no revisions/);
    const unread = decide(helmSnapshot({ namespace: LAB_NAMESPACE, release: RELEASE, ok: false, reason: 'secrets is forbidden' }));
    assert.equal(verdict(unread, 'helmReleaseExists')?.status, 'error');
    assert.match(verdict(unread, 'helmReleaseExists')!.reason, /secrets is forbidden/);
  });

  it('a release in a namespace outside the runbook\'s scope is a fail, whatever the workload\'s annotation says', () => {
    const elsewhere = { namespace: 'kube-system', release: RELEASE, ok: true as const, revisions: [helmRevision(1, 'superseded'), helmRevision(2, 'deployed')] };
    const dep = helmDeployment({ annotations: { 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': 'kube-system' } });
    const plan = decide(helmSnapshot(elsewhere, { deployment: dep }));
    assert.equal(plan.mode, 'abort');
    assert.match(verdict(plan, 'helmReleaseExists')!.reason, /namespace kube-system, which the runbook's scope.allowedNamespaces does not list/);
  });

  it('maxMinutesSinceChange: acts only on a recent change; an unknown deploy time is an error', () => {
    const recent = [helmRevision(1, 'superseded'), helmRevision(2, 'deployed', { deployedAt: new Date(LAB_NOW.getTime() - 8 * 60_000).toISOString() })];
    const within = decide(helmSnapshot(recent), helmRunbook(undefined, { maxMinutesSinceChange: 15 }));
    assert.equal(verdict(within, 'maxMinutesSinceChange')?.status, 'pass');
    assert.match(verdict(within, 'maxMinutesSinceChange')!.reason, /deployed 8 minutes ago/);
    const old = decide(helmSnapshot(recent), helmRunbook(undefined, { maxMinutesSinceChange: 5 }));
    assert.equal(verdict(old, 'maxMinutesSinceChange')?.status, 'fail');
    assert.equal(old.mode, 'abort');
    const undated = [helmRevision(1, 'superseded'), helmRevision(2, 'deployed', { deployedAt: undefined })];
    assert.equal(verdict(decide(helmSnapshot(undated), helmRunbook(undefined, { maxMinutesSinceChange: 5 })), 'maxMinutesSinceChange')?.status, 'error');
    assert.equal(verdict(decide(helmSnapshot(recent), helmRunbook(undefined, { maxMinutesSinceChange: 0 })), 'maxMinutesSinceChange')?.status, 'error');
    assert.equal(verdict(decide(helmSnapshot(recent), helmRunbook(undefined, { maxMinutesSinceChange: 15 }), new Date(NaN)), 'maxMinutesSinceChange')?.status, 'error');
    assert.equal(verdict(decide(helmSnapshot(recent)), 'maxMinutesSinceChange')?.status, 'skip');
  });

  it('approval_required carries the revisions and diffs in the approval payload', () => {
    const runbook = helmRunbook();
    runbook.spec.decisionMode = 'approval_required';
    const plan = decide(helmSnapshot([helmRevision(1, 'superseded'), helmRevision(2, 'deployed')]), runbook);
    assert.equal(plan.mode, 'approval_required');
    assert.equal(plan.approval?.action.helm?.comparison?.proposed.revision, 1);
  });

  it('other actions get no Helm guardrails', () => {
    const plan = decide(helmSnapshot([helmRevision(1, 'deployed')]), helmRunbook({ type: 'rolloutRestart' }));
    assert.equal(verdict(plan, 'helmReleaseExists'), undefined);
    assert.equal(plan.action.helm, undefined);
  });
});
