// helmRollback on a StatefulSet: the release comes from the StatefulSet's meta.helm.sh/release-*
// annotations (named directly or through one of its pods), and verification waits for the
// StatefulSet's own rollout (every replica Ready on the update revision).
import { strict as assert } from 'assert';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import type { Plan } from '../../../src/core/engine/plan';
import { RELEASE_NAME_ANNOTATION, RELEASE_NAMESPACE_ANNOTATION, type HelmReleaseRead } from '../../../src/core/helm/release';
import type { ClusterSnapshot, StatefulSet } from '../../../src/core/k8s/types';
import type { TargetRef } from '../../../src/core/model/audit';
import type { Runbook } from '../../../src/core/model/runbook';
import { withHelmReleasesOf } from '../../../src/core/pipeline/helmReleases';
import { baselineFor, evaluateVerification } from '../../../src/core/verify/checks';
import { helmRevision, helmRunbook, helmStatefulSetSnapshot, RELEASE } from '../../support/helmReleases';
import { LAB_NAMESPACE, LAB_NOW } from '../../support/lab';
import { hostileLabelValue, seededRandom } from '../../support/seeded';

const STS: TargetRef = { namespace: LAB_NAMESPACE, kind: 'StatefulSet', name: RELEASE };
const POD: TargetRef = { namespace: LAB_NAMESPACE, kind: 'Pod', name: `${RELEASE}-0` };
const INCIDENT = { id: 'inc-sts', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 };
/** The chart renders the StatefulSet (not the Deployment the default fixture manifest holds). */
const stsManifest = (n: number) => `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: checkout\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - image: checkout:v${n}\n`;
const HISTORY = [1, 2, 3].map((n) => helmRevision(n, n === 3 ? 'deployed' : 'superseded', { manifest: stsManifest(n) }));

function decide(snapshot: ClusterSnapshot, target: TargetRef = STS, runbook: Runbook = helmRunbook()): Plan {
  return decideTarget(decisionContext({ runbook, snapshot, now: LAB_NOW }), target, INCIDENT);
}

const verdict = (plan: Plan, id: string) => plan.verdicts.find((v) => v.guardrail === id);

function statefulSetOf(snapshot: ClusterSnapshot): StatefulSet {
  const sts = snapshot.statefulSets?.find((s) => s.metadata.name === RELEASE);
  assert.ok(sts);
  return sts;
}

describe('helmRollback on a StatefulSet', () => {
  it('finds the release from the StatefulSet\'s annotations and plans the rollback to the last known-good revision', () => {
    const plan = decide(helmStatefulSetSnapshot(HISTORY));
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.deepEqual(plan.target, STS);
    assert.equal(plan.action.toRevision, 2);
    assert.equal(plan.action.helm?.fromRevision, 3);
    assert.equal(plan.action.equivalentCommand, `helm rollback ${RELEASE} 2 -n ${LAB_NAMESPACE}`);
    assert.match(verdict(plan, 'helmReleaseExists')!.reason, /Helm release checkout in aiops-remediation-lab has 3 revisions/);
    assert.equal(verdict(plan, 'requiredLabels')?.status, 'pass', 'the opt-in label is read on the StatefulSet');
    assert.equal(plan.verification.checks[0].description, `the rollout of ${RELEASE} completes`);
    assert.equal(plan.verification.expect.desiredReplicas, 2);
    // Its Event is on the StatefulSet; helm writes the StatefulSet and the release Secrets.
    const granted = (verb: string, resource: string) => plan.action.permissions.some((p) => p.verb === verb && p.resource === resource && p.namespace === LAB_NAMESPACE);
    assert.ok(granted('patch', 'statefulsets') && granted('get', 'statefulsets') && granted('create', 'secrets'));
  });

  it('a StatefulSet outside any release is a clear fail, and the plan names the StatefulSet', () => {
    const plan = decide(helmStatefulSetSnapshot([], { annotations: {} }));
    assert.equal(plan.mode, 'abort');
    assert.equal(verdict(plan, 'helmReleaseExists')?.status, 'fail');
    assert.equal(verdict(plan, 'helmReleaseExists')?.reason, 'StatefulSet checkout belongs to no Helm release (it has no meta.helm.sh/release-name annotation)');
    assert.match(plan.action.description, /^roll back the Helm release of StatefulSet checkout in aiops-remediation-lab: StatefulSet checkout belongs to no Helm release/);
  });

  it('a pod of the StatefulSet resolves to it and to its release', () => {
    const plan = decide(helmStatefulSetSnapshot(HISTORY), POD);
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.deepEqual(plan.target, STS);
    assert.equal(plan.action.toRevision, 2);
    assert.equal(verdict(plan, 'helmReleaseExists')?.status, 'pass');
  });

  it('may interrupt the StatefulSet\'s stuck rollout (a bad upgrade\'s pods never Ready), as for a Deployment', () => {
    const stuck = helmStatefulSetSnapshot(HISTORY, { edit: (sts) => { sts.status = { ...sts.status, currentRevision: 'checkout-1', updateRevision: 'checkout-2', readyReplicas: 1 }; } });
    const plan = decide(stuck);
    assert.equal(verdict(plan, 'rolloutInProgress')?.status, 'skip');
    assert.match(verdict(plan, 'rolloutInProgress')!.reason, /rolling from revision checkout-1 to checkout-2/);
    // A restart is not a rollback: the same StatefulSet mid-rollout blocks it.
    assert.equal(verdict(decide(stuck, STS, helmRunbook({ type: 'rolloutRestart' })), 'rolloutInProgress')?.status, 'fail');
  });

  it('verification waits until every replica is Ready on the update revision', () => {
    const before = helmStatefulSetSnapshot(HISTORY);
    const plan = decide(before);
    const baseline = baselineFor(plan, before);
    const after = (status: Partial<NonNullable<StatefulSet['status']>>) => helmStatefulSetSnapshot(HISTORY, {
      edit: (sts) => { sts.metadata.generation = 2; sts.status = { ...sts.status, observedGeneration: 2, ...status }; },
    });
    const rolling = evaluateVerification(plan, baseline, after({ currentRevision: 'checkout-1', updateRevision: 'checkout-3', updatedReplicas: 1, readyReplicas: 1 }));
    assert.equal(rolling.passed, false);
    assert.match(rolling.checks[0].detail, /revision checkout-1 moving to checkout-3/);
    const notReady = evaluateVerification(plan, baseline, after({ currentRevision: 'checkout-3', updateRevision: 'checkout-3', readyReplicas: 1 }));
    assert.equal(notReady.passed, false);
    const done = evaluateVerification(plan, baseline, after({ currentRevision: 'checkout-3', updateRevision: 'checkout-3' }));
    assert.equal(done.passed, true, done.checks[0].detail);
    assert.match(done.checks[0].detail, /2 updated, 2 Ready, 2 total of 2, all on revision checkout-3/);
    assert.equal(statefulSetOf(after({})).metadata.generation, 2);
  });

  it('the snapshot gets the history of the StatefulSet\'s release (named directly or through its pod), read once', async () => {
    const read: string[] = [];
    const reader = { read: async (namespace: string, release: string): Promise<HelmReleaseRead> => { read.push(`${namespace}/${release}`); return { namespace, release, ok: true, revisions: HISTORY }; } };
    const bare = { ...helmStatefulSetSnapshot(HISTORY), helmReleases: [] };
    const snap = await withHelmReleasesOf(bare, helmRunbook(), [STS, POD], reader);
    assert.deepEqual(read, [`${LAB_NAMESPACE}/${RELEASE}`]);
    assert.equal(decide(snap).action.toRevision, 2);
  });

  it('generated: hostile release annotations on a StatefulSet never act, and never throw', async () => {
    const next = seededRandom(9_201);
    for (let i = 0; i < 60; i++) {
      const name = hostileLabelValue(next);
      const namespace = next() < 0.5 ? LAB_NAMESPACE : hostileLabelValue(next);
      const annotations = { [RELEASE_NAME_ANNOTATION]: name, [RELEASE_NAMESPACE_ANNOTATION]: namespace };
      const seen: string[] = [];
      const reader = { read: async (ns: string, release: string): Promise<HelmReleaseRead> => { seen.push(release); return { namespace: ns, release, ok: true, revisions: [] }; } };
      const snap = await withHelmReleasesOf({ ...helmStatefulSetSnapshot([], { annotations }), helmReleases: [] }, helmRunbook(), [STS], reader);
      const plan = decide(snap, i % 2 === 0 ? STS : POD);
      const why = `case ${i}: ${JSON.stringify(annotations)}`;
      assert.deepEqual(seen, [name], why);
      assert.equal(plan.mode, 'abort', why);
      assert.notEqual(verdict(plan, 'helmReleaseExists')?.status, 'pass', why);
      assert.equal(plan.action.toRevision, undefined, why);
    }
  });
});
