// StatefulSets in the engine: a pod of a StatefulSet is replaced under the same guardrails as a
// Deployment's (its own Ready pods for the floor, PodDisruptionBudgets), and rolloutRestart and
// scaleStatefulSet take `NS/statefulset/NAME` (or one of its pods) as their target.
import { strict as assert } from 'assert';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import type { Plan } from '../../../src/core/engine/plan';
import { parseTargetRef } from '../../../src/core/engine/targets';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import type { Action, Runbook } from '../../../src/core/model/runbook';
import { accessNeeds } from '../../../src/core/pipeline/accessNeeds';
import { permissionLabel } from '../../../src/core/engine/permissions';
import { incident, LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD, labSnapshot, pdb, pod, runbook, statefulSetOwner } from '../../support/k8s';
import { withStatefulSet } from '../../support/statefulSets';

const NS = LAB_NAMESPACE;

function decide(rb: Runbook, snap: ClusterSnapshot, target: string): Plan {
  const ref = parseTargetRef(target);
  assert.ok(ref, target);
  return decideTarget(decisionContext({ runbook: rb, snapshot: snap, now: LAB_NOW }), ref, incident());
}

const verdictOf = (plan: Plan, id: string) => plan.verdicts.find((v) => v.guardrail === id)!;
const withAction = (action: Action, o: Parameters<typeof runbook>[0] = {}) =>
  runbook({ ...o, spec: { action, actionCommand: undefined, rollback: { type: 'manual' }, verification: { checks: ['rollout_complete'], timeoutSeconds: 120 }, ...o.spec } });

describe('StatefulSet pods: replaced under the same guardrails as a Deployment\'s', () => {
  it('a pod of a 3-replica StatefulSet passes: the controller recreates it and 3 of its own pods are Ready', () => {
    const plan = decide(runbook(), withStatefulSet('db', 3), `${NS}/pod/db-1`);
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.deepEqual(plan.workload, { namespace: NS, kind: 'StatefulSet', name: 'db' });
    assert.match(verdictOf(plan, 'controllerOwner').reason, /controlled by StatefulSet db, which recreates it/);
    assert.match(verdictOf(plan, 'minimumReadyReplicasWithSameApp').reason, /3 Ready pods with app=db .*counting the pods of StatefulSet db/);
    assert.match(verdictOf(plan, 'requiredLabels').reason, /StatefulSet db carries the opt-in label/);
    assert.match(plan.currentState.summary, /StatefulSet db: 3\/3 Ready/);
    assert.match(plan.verification.checks.find((c) => c.check === 'replacement_pod_ready_within_timeout')!.description, /db-1 is recreated \(same name, new uid\)/);
    assert.equal(plan.verification.expect.replacedPodUid, plan.verdicts.find((v) => v.guardrail === 'targetExists')!.evidence!.uid);
  });

  it('the pod of a 1-replica StatefulSet is kept: the replica floor fails', () => {
    const plan = decide(runbook(), withStatefulSet('cache', 1), `${NS}/pod/cache-0`);
    assert.equal(plan.mode, 'abort');
    const floor = verdictOf(plan, 'minimumReadyReplicasWithSameApp');
    assert.equal(floor.status, 'fail');
    assert.match(floor.reason, /only 1 Ready pod with app=cache .*StatefulSet cache.*the runbook needs 2/);
  });

  it('a not-Ready sibling does not count: 3 replicas with 1 not Ready leaves 2 for the floor of 2, then 1 for a floor of 3', () => {
    const snap = withStatefulSet('db', 3, (s) => { s.pods = s.pods.map((p) => (p.metadata.name === 'db-2' ? pod('db-2', { app: 'db', owner: statefulSetOwner('db'), ready: false }) : p)); });
    assert.equal(verdictOf(decide(runbook(), snap, `${NS}/pod/db-0`), 'minimumReadyReplicasWithSameApp').status, 'pass');
    assert.equal(verdictOf(decide(runbook({ guardrails: { minimumReadyReplicasWithSameApp: 3 } }), snap, `${NS}/pod/db-0`), 'minimumReadyReplicasWithSameApp').status, 'fail');
  });

  it('a PodDisruptionBudget on the StatefulSet\'s pods applies as for a Deployment\'s', () => {
    const blocked = withStatefulSet('db', 3, (s) => s.podDisruptionBudgets.push(pdb('db-pdb', { matchLabels: { app: 'db' }, disruptionsAllowed: 0 })));
    const plan = decide(runbook(), blocked, `${NS}/pod/db-1`);
    assert.equal(verdictOf(plan, 'podDisruptionBudget').status, 'fail');
    assert.equal(plan.mode, 'abort');
    const allowed = withStatefulSet('db', 3, (s) => s.podDisruptionBudgets.push(pdb('db-pdb', { matchLabels: { app: 'db' }, disruptionsAllowed: 1 })));
    assert.equal(verdictOf(decide(runbook(), allowed, `${NS}/pod/db-1`), 'podDisruptionBudget').status, 'pass');
  });

  it('a StatefulSet mid-rollout is not touched', () => {
    const snap = withStatefulSet('db', 3, (_s, sts) => { sts.status = { ...sts.status, updateRevision: 'db-2' }; });
    assert.equal(verdictOf(decide(runbook(), snap, `${NS}/pod/db-1`), 'rolloutInProgress').status, 'fail');
  });
});

describe('StatefulSet targets: rolloutRestart and scaleStatefulSet', () => {
  it('parses NS/statefulset/NAME and its short forms', () => {
    for (const kind of ['statefulset', 'StatefulSet', 'statefulsets', 'sts']) {
      assert.deepEqual(parseTargetRef(`${NS}/${kind}/db`), { namespace: NS, kind: 'StatefulSet', name: 'db' });
    }
  });

  it('rolloutRestart on NS/statefulset/NAME plans a StatefulSet restart, with only StatefulSet permissions', () => {
    const plan = decide(withAction({ type: 'rolloutRestart' }), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.deepEqual(plan.target, { namespace: NS, kind: 'StatefulSet', name: 'db' });
    assert.equal(plan.action.equivalentCommand, `kubectl rollout restart statefulset/db -n ${NS}`);
    assert.deepEqual(plan.action.permissions.map(permissionLabel), [`get statefulsets.apps in ${NS}`, `patch statefulsets.apps in ${NS}`]);
    const review = accessNeeds(plan, 'manual').map(permissionLabel);
    assert.ok(review.includes(`patch statefulsets.apps in ${NS}`) && review.includes(`get statefulsets.apps in ${NS}`));
    assert.ok(!review.includes(`patch deployments.apps in ${NS}`) && !review.includes(`get deployments.apps in ${NS}`), review.join('\n'));
  });

  it('rolloutRestart named through a StatefulSet pod restarts its StatefulSet; a Deployment restart still asks for Deployment permissions only', () => {
    const viaPod = decide(withAction({ type: 'rolloutRestart' }), withStatefulSet('db', 3), `${NS}/pod/db-0`);
    assert.deepEqual(viaPod.target, { namespace: NS, kind: 'StatefulSet', name: 'db' });
    const dep = decide(withAction({ type: 'rolloutRestart' }), withStatefulSet('db', 3), `${NS}/pod/${LAB_WEB_POD}`);
    assert.equal(dep.target.kind, 'Deployment');
    assert.deepEqual(dep.action.permissions.map(permissionLabel), [`get deployments.apps in ${NS}`, `patch deployments.apps in ${NS}`]);
  });

  it('the restart floor counts the StatefulSet\'s own Ready pods', () => {
    const plan = decide(withAction({ type: 'rolloutRestart' }), withStatefulSet('cache', 1), `${NS}/statefulset/cache`);
    assert.equal(verdictOf(plan, 'minimumReadyReplicasWithSameApp').status, 'fail');
    assert.match(verdictOf(plan, 'minimumReadyReplicasWithSameApp').reason, /StatefulSet cache/);
  });

  it('scaleStatefulSet: scaling in is held to the floor, scaling out passes, through the scale subresource', () => {
    const down = decide(withAction({ type: 'scaleStatefulSet', replicas: 1 }), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.equal(verdictOf(down, 'minimumReadyReplicasWithSameApp').status, 'fail');
    assert.match(verdictOf(down, 'minimumReadyReplicasWithSameApp').reason, /scaling from 3 to 1 replicas would leave at most 1 Ready pod/);
    const up = decide(withAction({ type: 'scaleStatefulSet', replicas: 5 }), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.equal(up.mode, 'auto_execute', up.modeReason);
    assert.equal(up.action.description, `scale StatefulSet db in ${NS} from 3 to 5 replicas`);
    assert.equal(up.action.equivalentCommand, `kubectl scale statefulset/db -n ${NS} --replicas=5`);
    assert.deepEqual(up.action.permissions.map(permissionLabel), [`get statefulsets/scale.apps in ${NS}`, `update statefulsets/scale.apps in ${NS}`]);
    assert.equal(up.verification.expect.desiredReplicas, 5);
  });

  it('each scale action changes its own kind only, with a clear reason', () => {
    const wrongKind = decide(withAction({ type: 'scaleDeployment', replicas: 2 }), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.equal(wrongKind.mode, 'abort');
    assert.match(verdictOf(wrongKind, 'targetExists').reason, /this runbook \(scaleDeployment\) changes a Deployment, not a StatefulSet/);
    const viaPod = decide(withAction({ type: 'scaleStatefulSet', replicas: 2 }), withStatefulSet('db', 3), `${NS}/pod/${LAB_WEB_POD}`);
    assert.match(verdictOf(viaPod, 'targetExists').reason, /changes a StatefulSet, but pod .* has no owning StatefulSet: it is controlled by a Deployment/);
    const missing = decide(withAction({ type: 'scaleStatefulSet', replicas: 2 }), labSnapshot(), `${NS}/statefulset/db`);
    assert.match(verdictOf(missing, 'targetExists').reason, /StatefulSet db does not exist/);
    const pods = decide(runbook(), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.match(verdictOf(pods, 'targetExists').reason, /name the pod \(NS\/pod\/NAME\), not the StatefulSet/);
  });

  it('rollout_undo after a StatefulSet restart says a human rolls it back', () => {
    const plan = decide(withAction({ type: 'rolloutRestart' }, { spec: { rollback: { type: 'rollout_undo' } } as never }), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.match(plan.rollback.description, /a human rolls it back/);
  });
});
