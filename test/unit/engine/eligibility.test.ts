// The tree's eligibility and the editor's suggested incident come from core, and agree with the engine:
// a runbook's scope leaves a workload out exactly when the allowedNamespaces or requiredLabels guardrail
// fails on it, and a pod is "marked" exactly when the engine's scan picks it up.
import { strict as assert } from 'assert';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import { podEligibility, scopeProblem, workloadEligibility } from '../../../src/core/engine/eligibility';
import { isMarkedForRestart, restartIncident, suggestedIncident } from '../../../src/core/engine/incident';
import { markedPods } from '../../../src/core/engine/targets';
import { DEFAULT_SETTINGS } from '../../../src/core/guardrails/types';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import { MANUAL_RESTART_SYMPTOM } from '../../../src/core/model/incident';
import {
  ENABLED_LABEL, LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_WEB_PEER, LAB_WEB_POD, LAB_WEB_RS, RESTART_LABEL,
  deployment, labSnapshot, pod, replicaSet, runbook, snapshot,
} from '../../support/k8s';
import { int, pick, prng } from '../../support/random';

const restart = DEFAULT_SETTINGS.restartLabel;

describe('eligibility (core): opt-in, runbook scope and the restart mark', () => {
  it('a table of workloads against runbooks', () => {
    const rb = runbook();
    const other = runbook({ name: 'elsewhere', scope: { allowedNamespaces: ['prod'] } });
    const cases: [string, Record<string, string>, string, boolean, string[]][] = [
      ['opted in, in scope', { [ENABLED_LABEL]: 'true' }, LAB_NAMESPACE, true, ['replace-redundant-pod']],
      ['not opted in', {}, LAB_NAMESPACE, false, []],
      ['opt-in label with another value', { [ENABLED_LABEL]: 'yes' }, LAB_NAMESPACE, false, []],
      ['another namespace', { [ENABLED_LABEL]: 'true' }, 'prod', true, ['elsewhere']],
    ];
    for (const [name, labels, namespace, optedIn, allowedBy] of cases) {
      const e = workloadEligibility({ metadata: { name: 'web', labels } }, namespace, [rb, other], ENABLED_LABEL);
      assert.equal(e.optedIn, optedIn, name);
      assert.deepEqual(e.allowedBy, allowedBy, name);
      assert.equal(e.eligible, optedIn && allowedBy.length > 0, name);
      assert.ok(e.reasons.length >= 2, name);
    }
    const none = workloadEligibility({ metadata: { name: 'web', labels: { [ENABLED_LABEL]: 'true' } } }, LAB_NAMESPACE, [], ENABLED_LABEL);
    assert.deepEqual([none.eligible, none.reasons[1]], [false, 'no runbook in this workspace']);
  });

  it('the scope problems are the guardrails\' own sentences', () => {
    assert.equal(scopeProblem(runbook(), 'prod', { [ENABLED_LABEL]: 'true' }), `namespace prod is not in the runbook's allowed namespaces (${LAB_NAMESPACE})`);
    assert.equal(scopeProblem(runbook(), LAB_NAMESPACE, {}), `label ${ENABLED_LABEL} is missing`);
    assert.equal(scopeProblem(runbook({ scope: { allowedNamespaces: ['*'] } }), LAB_NAMESPACE, {}), `namespace ${LAB_NAMESPACE} is not in the runbook's allowed namespaces (*); '*' is not a wildcard, list namespaces by name`);
    assert.equal(scopeProblem(runbook({ scope: { allowedNamespaces: [] } }), LAB_NAMESPACE, {}), 'the runbook allows no namespaces (scope.allowedNamespaces is empty)');
  });

  it('a pod is marked with the engine\'s key and value; no owner means not eligible', () => {
    const owner = workloadEligibility({ metadata: { name: 'web', labels: { [ENABLED_LABEL]: 'true' } } }, LAB_NAMESPACE, [runbook()], ENABLED_LABEL);
    const marked = podEligibility(pod('a', { labels: { [RESTART_LABEL]: 'true' } }), owner, restart);
    assert.deepEqual([marked.marked, marked.eligible], [true, true]);
    assert.equal(podEligibility(pod('a', { labels: { [RESTART_LABEL]: 'yes' } }), owner, restart).marked, false);
    assert.equal(podEligibility(pod('a', { labels: { mark: 'now' } }), owner, { key: 'mark', value: 'now' }).marked, true);
    const bare = podEligibility(pod('a', { owner: null, labels: { [RESTART_LABEL]: 'true' } }), undefined, restart);
    assert.deepEqual([bare.eligible, bare.marked], [false, true]);
  });

  it('suggested incident: a marked pod is the engine\'s implied incident; otherwise the pod\'s problem or the first trigger', () => {
    const lab = labSnapshot();
    const marked = lab.pods.find((p) => p.metadata.name === LAB_WEB_POD)!;
    assert.deepEqual(suggestedIncident(runbook(), marked, restart, LAB_NOW), restartIncident(marked));
    assert.deepEqual(restartIncident(marked), { id: `label-${LAB_NAMESPACE}-${LAB_WEB_POD}`, symptom: MANUAL_RESTART_SYMPTOM, confidence: 1 });
    // The engine assumes the same incident when none is given.
    const plan = decideTarget(decisionContext({ runbook: runbook(), snapshot: lab, history: [], now: LAB_NOW }), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD });
    assert.deepEqual(plan.incident, suggestedIncident(runbook(), marked, restart, LAB_NOW));
    const crashing = pod('web-5d8f9c7b6c-crash', { app: 'web', owner: LAB_WEB_RS, ready: false, waitingReason: 'CrashLoopBackOff' });
    const fromPod = suggestedIncident(runbook(), crashing, restart, LAB_NOW);
    assert.equal(fromPod.symptom, 'CrashLoopBackOff');
    assert.equal(fromPod.confidence, 0.9);
    assert.equal(fromPod.id, 'editor-20260426T100000');
    const blank = suggestedIncident(runbook(), undefined, restart, LAB_NOW);
    assert.deepEqual(blank, { id: 'editor-20260426T100000', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.8 });
  });

  it('generated labels (hostile keys and values): eligibility agrees with the scope guardrails, the mark with the scan', () => {
    const keys = [ENABLED_LABEL, RESTART_LABEL, 'app', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'team'];
    const values = ['true', 'True', 'false', '', ' true', 'true\n', '__proto__', '日本'];
    const namespaces = [LAB_NAMESPACE, 'prod', '__proto__'];
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      const labelsOf = () => {
        const labels: Record<string, string> = Object.create(null) as Record<string, string>;
        for (let i = int(random, 4); i > 0; i--) Object.defineProperty(labels, pick(random, keys), { value: pick(random, values), enumerable: true, writable: true, configurable: true });
        return { ...labels };
      };
      const namespace = pick(random, namespaces);
      const required: Record<string, string> = {};
      if (random() < 0.7) Object.defineProperty(required, pick(random, keys), { value: pick(random, values), enumerable: true });
      const rb = runbook({ scope: { allowedNamespaces: random() < 0.8 ? [LAB_NAMESPACE, 'prod'] : [], requiredLabels: required } });
      const workloadLabels = labelsOf();
      const podLabels = labelsOf();
      const dep = deployment('web', { namespace, replicas: 2, labels: workloadLabels });
      const rs = replicaSet(LAB_WEB_RS, { namespace, deployment: 'web', app: 'web', replicas: 2 });
      const target = pod(LAB_WEB_POD, { namespace, app: 'web', owner: LAB_WEB_RS, labels: podLabels });
      const state = snapshot({ deployments: [dep], replicaSets: [rs], pods: [target, pod(LAB_WEB_PEER, { namespace, app: 'web', owner: LAB_WEB_RS })] });
      const plan = decideTarget(decisionContext({ runbook: rb, snapshot: state, history: [], now: LAB_NOW }), { namespace, kind: 'Pod', name: LAB_WEB_POD });
      const scopeFails = plan.verdicts.some((v) => (v.guardrail === 'allowedNamespaces' || v.guardrail === 'requiredLabels') && v.status === 'fail');
      const e = workloadEligibility(dep, namespace, [rb], ENABLED_LABEL);
      assert.equal(e.allowedBy.length === 0, scopeFails, `seed ${seed}: ${JSON.stringify({ namespace, required, workloadLabels, verdicts: plan.verdicts.filter((v) => v.status === 'fail').map((v) => v.reason) })}`);
      const scanned = markedPods(new SnapshotIndex(state), DEFAULT_SETTINGS).some((p) => p.metadata.name === LAB_WEB_POD);
      assert.equal(isMarkedForRestart(target, restart), scanned, `seed ${seed}: ${JSON.stringify(podLabels)}`);
      assert.equal(podEligibility(target, e, restart).marked, scanned, `seed ${seed}`);
    }
  });

  it('the lab: web and singleton are eligible, both marked pods are marked', () => {
    const lab = labSnapshot();
    for (const d of lab.deployments) assert.equal(workloadEligibility(d, LAB_NAMESPACE, [runbook()], ENABLED_LABEL).eligible, true, d.metadata.name);
    const marked = lab.pods.filter((p) => isMarkedForRestart(p, restart)).map((p) => p.metadata.name).sort();
    assert.deepEqual(marked, [LAB_SINGLETON_POD, LAB_WEB_POD].sort());
  });
});
