// Verification after replacing a StatefulSet pod: the replacement keeps the pod's name, so success is
// that name under a new uid, Ready, with the StatefulSet reporting readyReplicas == replicas. Generated
// snapshots check the rule against every combination of those facts.
import { strict as assert } from 'assert';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import type { Plan } from '../../../src/core/engine/plan';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import type { Runbook, VerificationCheck } from '../../../src/core/model/runbook';
import { baselineFor, evaluateVerification } from '../../../src/core/verify/checks';
import { incident, LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD, labSnapshot, pod, runbook, statefulSetOwner } from '../../support/k8s';
import { int, pick, prng } from '../../support/random';
import { withStatefulSet } from '../../support/statefulSets';

const NS = LAB_NAMESPACE;

function planFor(rb: Runbook, snap: ClusterSnapshot, kind: 'Pod' | 'StatefulSet' | 'Deployment', name: string): Plan {
  return decideTarget(decisionContext({ runbook: rb, snapshot: snap, now: LAB_NOW }), { namespace: NS, kind, name }, incident());
}

const checks = (...c: VerificationCheck[]) => runbook({ spec: { verification: { checks: c, timeoutSeconds: 60 } } as never });

/** The state after db-1 was deleted: `recreated` (a new uid), its readiness, and the StatefulSet's Ready count. */
function after(o: { recreated: boolean | 'same-uid'; ready: boolean; readyReplicas: number }): ClusterSnapshot {
  return withStatefulSet('db', 3, (s, sts) => {
    s.pods = s.pods.filter((p) => p.metadata.name !== 'db-1');
    if (o.recreated) s.pods.push(pod('db-1', { app: 'db', owner: statefulSetOwner('db'), ready: o.ready, ...(o.recreated === true ? { uid: 'db-1-new-uid' } : {}) }));
    sts.status = { ...sts.status, readyReplicas: o.readyReplicas };
  });
}

describe('verification of a StatefulSet pod replacement', () => {
  const before = withStatefulSet('db', 3);
  const plan = planFor(checks('replacement_pod_ready_within_timeout'), before, 'Pod', 'db-1');
  const baseline = baselineFor(plan, before);

  it('the baseline holds the StatefulSet\'s pods and generation', () => {
    assert.equal(baseline.podUids.length, 3);
    assert.equal(baseline.generation, 1);
  });

  const cases: [string, Parameters<typeof after>[0], boolean, RegExp][] = [
    ['the pod is gone, not recreated yet', { recreated: false, ready: false, readyReplicas: 2 }, false, /pod db-1 is not recreated yet; StatefulSet db has 2 of 3 replicas Ready/],
    ['the same name with the old uid (nothing happened yet)', { recreated: 'same-uid', ready: true, readyReplicas: 3 }, false, /still the one acted on/],
    ['recreated under a new uid, not Ready', { recreated: true, ready: false, readyReplicas: 2 }, false, /recreated \(uid db-1-new-uid\) but not Ready/],
    ['recreated and Ready, but the StatefulSet has not counted it', { recreated: true, ready: true, readyReplicas: 2 }, false, /and Ready; StatefulSet db has 2 of 3/],
    ['recreated, Ready, and readyReplicas == replicas', { recreated: true, ready: true, readyReplicas: 3 }, true, /recreated \(new uid db-1-new-uid\) and Ready; StatefulSet db has 3 of 3 replicas Ready/],
  ];
  for (const [name, state, passed, detail] of cases) {
    it(name, () => {
      const result = evaluateVerification(plan, baseline, after(state));
      assert.equal(result.passed, passed, JSON.stringify(result.checks));
      assert.match(result.checks[0].detail, detail);
    });
  }

  it('available replicas of the StatefulSet equal the desired count', () => {
    const p = planFor(checks('available_replicas_equal_desired_replicas'), before, 'Pod', 'db-1');
    assert.equal(evaluateVerification(p, baseline, after({ recreated: true, ready: true, readyReplicas: 3 })).passed, true);
    const short = after({ recreated: true, ready: true, readyReplicas: 2 });
    short.statefulSets![0].status!.availableReplicas = 2;
    assert.equal(evaluateVerification(p, baseline, short).passed, false);
  });

  it('a missing StatefulSet is not met and says which', () => {
    const gone = { ...after({ recreated: true, ready: true, readyReplicas: 3 }), statefulSets: [] };
    assert.match(evaluateVerification(plan, baseline, gone).checks[0].detail, /StatefulSet db not found/);
  });

  it('a Deployment replacement still passes on any new Ready pod of the Deployment (new name)', () => {
    const lab = labSnapshot();
    const p = planFor(checks('replacement_pod_ready_within_timeout'), lab, 'Pod', LAB_WEB_POD);
    const b = baselineFor(p, lab);
    const replaced = structuredClone(lab);
    const old = replaced.pods.find((x) => x.metadata.name === LAB_WEB_POD)!;
    replaced.pods = replaced.pods.filter((x) => x !== old);
    replaced.pods.push(pod('web-7d4b9c6f5-new01', { app: 'web', owner: old.metadata.ownerReferences![0].name }));
    const result = evaluateVerification(p, b, replaced);
    assert.equal(result.passed, true, JSON.stringify(result.checks));
    assert.match(result.checks[0].detail, /replacement pod web-7d4b9c6f5-new01 is Ready/);
  });

  it('generated states: passes exactly when the name is back under a new uid, Ready, with every replica Ready', () => {
    const random = prng(3131);
    for (let i = 0; i < 400; i++) {
      const state = { recreated: pick(random, [false, true, 'same-uid'] as const), ready: random() < 0.5, readyReplicas: int(random, 5) };
      const snap = after(state);
      // Hostile extras: a stale copy of another pod, a bare pod taking the same app label.
      if (random() < 0.3) snap.pods.push(structuredClone(snap.pods[snap.pods.length - 1]));
      if (random() < 0.3) snap.pods.push(pod(`db-debug-${i}`, { app: 'db', owner: null }));
      const expected = state.recreated === true && state.ready && state.readyReplicas === 3;
      assert.equal(evaluateVerification(plan, baseline, snap).passed, expected, `case ${i}: ${JSON.stringify(state)}`);
    }
  });
});

describe('verification of a StatefulSet restart', () => {
  it('rollout_complete needs a new generation, every replica updated and Ready, and one revision', () => {
    const before = withStatefulSet('db', 3);
    const plan = planFor(checks('rollout_complete'), before, 'StatefulSet', 'db');
    const baseline = baselineFor(plan, before);
    const at = (gen: number, status: Record<string, unknown>) => withStatefulSet('db', 3, (_s, sts) => {
      sts.metadata.generation = gen;
      sts.status = { ...sts.status, observedGeneration: gen, ...status };
    });
    assert.match(evaluateVerification(plan, baseline, at(1, {})).checks[0].detail, /no new rollout started/);
    const rolling = evaluateVerification(plan, baseline, at(2, { updateRevision: 'db-2', updatedReplicas: 1, readyReplicas: 2 }));
    assert.equal(rolling.passed, false);
    assert.match(rolling.checks[0].detail, /revision db-1 moving to db-2/);
    const done = evaluateVerification(plan, baseline, at(2, { currentRevision: 'db-2', updateRevision: 'db-2', updatedReplicas: 3, readyReplicas: 3 }));
    assert.equal(done.passed, true, JSON.stringify(done.checks));
  });
});
