// A Helm rollback changes the whole release: verification waits for every Deployment and StatefulSet
// of the proposed manifest, not only the target.
import { strict as assert } from 'assert';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import { MAX_RELEASE_WORKLOADS, releaseWorkloads } from '../../../src/core/helm/compare';
import type { ClusterSnapshot, Deployment } from '../../../src/core/k8s/types';
import type { TargetRef } from '../../../src/core/model/audit';
import { baselineFor, evaluateVerification } from '../../../src/core/verify/checks';
import { helmDeployment, helmRevision, helmRunbook, RELEASE } from '../../support/helmReleases';
import { LAB_NAMESPACE, LAB_NOW } from '../../support/lab';
import { deployment, snapshot } from '../../support/objects';
import { int, prng } from '../../support/random';

const TARGET: TargetRef = { namespace: LAB_NAMESPACE, kind: 'Deployment', name: RELEASE };
const INCIDENT = { id: 'inc-1', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.9 };
const doc = (kind: string, name: string, extra = '') => `---\napiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}spec:\n  replicas: 2\n`;
const TWO = doc('Deployment', RELEASE) + doc('Deployment', 'checkout-worker') + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: checkout\n';
const HISTORY = [1, 2].map((n) => helmRevision(n, n === 2 ? 'deployed' : 'superseded', { manifest: TWO }));

function settled(d: Deployment, ok: boolean): Deployment {
  d.metadata.generation = 2;
  d.status = { observedGeneration: 2, replicas: 2, updatedReplicas: ok ? 2 : 1, availableReplicas: ok ? 2 : 1 };
  return d;
}

function state(workerSettled: boolean | undefined): ClusterSnapshot {
  const worker = workerSettled === undefined ? [] : [settled(deployment('checkout-worker', { replicas: 2 }), workerSettled)];
  return snapshot({ deployments: [settled(helmDeployment(), true), ...worker], helmReleases: [{ namespace: LAB_NAMESPACE, release: RELEASE, ok: true, revisions: HISTORY }] });
}

describe('helm: the release\'s workloads in verification', () => {
  it('lists the apps/v1 Deployments and StatefulSets of a manifest, each once, skipping what does not parse', () => {
    const manifest = TWO + doc('StatefulSet', 'db', '  namespace: data\n') + doc('Deployment', RELEASE) + '---\nkind: [unclosed\n' + doc('DaemonSet', 'agent');
    assert.deepEqual(releaseWorkloads(manifest), [
      { kind: 'Deployment', name: RELEASE }, { kind: 'Deployment', name: 'checkout-worker' }, { kind: 'StatefulSet', name: 'db', namespace: 'data' },
    ]);
    assert.equal(releaseWorkloads(Array.from({ length: MAX_RELEASE_WORKLOADS + 50 }, (_, i) => doc('Deployment', `d${i}`)).join('')).length, MAX_RELEASE_WORKLOADS);
  });

  it('is verified only when the other workload of the release has rolled out too', () => {
    const before = state(true);
    const plan = decideTarget(decisionContext({ runbook: helmRunbook(), snapshot: before, now: LAB_NOW }), TARGET, INCIDENT);
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
    assert.deepEqual(plan.action.helm?.comparison?.workloads?.map((w) => w.name), [RELEASE, 'checkout-worker']);
    const baseline = baselineFor(plan, before);
    const waiting = evaluateVerification(plan, baseline, state(false));
    assert.equal(waiting.passed, false);
    assert.match(waiting.checks[0].detail, /release workloads waiting: Deployment checkout-worker: 1 updated/);
    const missing = evaluateVerification(plan, baseline, state(undefined));
    assert.equal(missing.passed, false);
    assert.match(missing.checks[0].detail, /Deployment checkout-worker not found/);
    const done = evaluateVerification(plan, baseline, state(true));
    assert.equal(done.passed, true, done.checks[0].detail);
    assert.match(done.checks[0].detail, /the release's other workload has rolled out/);
  });

  it('a release workload in another namespace is not observed, so the check is not met', () => {
    const manifest = doc('Deployment', RELEASE) + doc('Deployment', 'elsewhere', '  namespace: other\n');
    const history = [1, 2].map((n) => helmRevision(n, n === 2 ? 'deployed' : 'superseded', { manifest }));
    const snap = snapshot({ deployments: [settled(helmDeployment(), true)], helmReleases: [{ namespace: LAB_NAMESPACE, release: RELEASE, ok: true, revisions: history }] });
    const plan = decideTarget(decisionContext({ runbook: helmRunbook(), snapshot: snap, now: LAB_NOW }), TARGET, INCIDENT);
    const result = evaluateVerification(plan, baselineFor(plan, snap), snap);
    assert.equal(result.passed, false);
    assert.match(result.checks[0].detail, /Deployment elsewhere is in other, not observed/);
  });

  it('generated manifests never throw and name only workloads they hold (seed 5150)', () => {
    const random = prng(5150);
    const pieces = ['---\n', 'apiVersion: apps/v1\n', 'kind: Deployment\n', 'kind: StatefulSet\n', 'metadata:\n  name: x\n', 'metadata: [\n', '&a b\n', '*a\n', ': :\n', '\t\n', 'name: "\\u0000"\n'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: int(random, 30) }, () => pieces[int(random, pieces.length)]).join('');
      const found = releaseWorkloads(text);
      assert.ok(found.every((w) => (w.kind === 'Deployment' || w.kind === 'StatefulSet') && w.name.length > 0), `round ${round}`);
    }
  });
});
