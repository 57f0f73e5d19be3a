// The workloads tree's would-be decisions for marked pods, and the few words both the tree and the
// dry-run panel show for a plan. A marked pod's decision must be the plan a dry run of that pod makes.
import { strict as assert } from 'assert';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import { decisionSummary } from '../../../src/core/engine/decisionSummary';
import { PodDecisionCache } from '../../../src/core/engine/podDecisionCache';
import { markedPodDecisions, markedPodsSummary, podDecisionText, podKey } from '../../../src/core/engine/podDecisions';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { RESTART_LABEL } from '../../support/lab';
import {
  LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_WEB_PEER, LAB_WEB_POD, auditRecord, deployment, labSnapshot, minutesAgo, namespaceObj, pdb, pod,
  replicaSet, runbook,
} from '../../support/k8s';
import { seededRandom } from '../../support/seeded';

const approval = runbook({ name: 'replace-with-approval', spec: { decisionMode: 'approval_required' } });
const elsewhere = runbook({ name: 'other-namespace', scope: { allowedNamespaces: ['payments'] } });

describe('tree decisions: marked pods of the lab', () => {
  it('web: auto_execute; singleton: abort on the replica floor; unmarked pods: none', () => {
    const decided = markedPodDecisions({ snapshot: labSnapshot(), runbooks: [runbook()], history: () => [], now: LAB_NOW });
    assert.deepEqual([...decided.keys()].sort(), [podKey(LAB_NAMESPACE, LAB_SINGLETON_POD), podKey(LAB_NAMESPACE, LAB_WEB_POD)]);
    assert.equal(podDecisionText(decided.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))), 'auto_execute');
    assert.equal(podDecisionText(decided.get(podKey(LAB_NAMESPACE, LAB_SINGLETON_POD))), 'abort: replica floor 2');
    assert.equal(decided.get(podKey(LAB_NAMESPACE, LAB_WEB_PEER)), undefined);
  });

  it('one decision per runbook of the namespace, named; a runbook for another namespace is left out', () => {
    const decided = markedPodDecisions({ snapshot: labSnapshot(), runbooks: [runbook(), approval, elsewhere], history: () => [], now: LAB_NOW });
    const web = decided.get(podKey(LAB_NAMESPACE, LAB_WEB_POD));
    assert.deepEqual(web?.map((d) => d.runbook), ['replace-redundant-pod', 'replace-with-approval']);
    assert.equal(podDecisionText(web), 'replace-redundant-pod: auto_execute · replace-with-approval: approval');
    assert.equal(markedPodsSummary([web, undefined]), '1 marked: replace-redundant-pod: auto_execute · replace-with-approval: approval');
    assert.equal(markedPodsSummary([undefined]), undefined);
  });

  it('the shared history counts: a recent execution on web puts it in cooldown', () => {
    const history = [auditRecord({ id: 'a1', time: minutesAgo(2), outcome: 'executed' }), auditRecord({ id: 'a1', time: minutesAgo(1), outcome: 'verified' })];
    const decided = markedPodDecisions({ snapshot: labSnapshot(), runbooks: [runbook()], history: (name) => (name === 'replace-redundant-pod' ? history : []), now: LAB_NOW });
    assert.equal(podDecisionText(decided.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))), 'abort: cooldown 10m');
  });

  it('settings count: the kill switch aborts every marked pod; a blocking annotation on the Namespace too', () => {
    const killed = markedPodDecisions({ snapshot: labSnapshot(), runbooks: [runbook()], history: () => [], now: LAB_NOW, settings: { killSwitch: true } });
    assert.equal(podDecisionText(killed.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))), 'abort: kill switch');
    const paused = { ...labSnapshot(), namespaces: [namespaceObj(LAB_NAMESPACE, { annotations: { 'remediator.kubedojo.io/paused': 'true' } })] };
    const blocked = markedPodDecisions({ snapshot: paused, runbooks: [runbook()], history: () => [], now: LAB_NOW });
    assert.equal(podDecisionText(blocked.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))), 'abort: blocking annotation');
  });

  it('words: modes, several blockers, an error is "cannot evaluate", a limit the runbook does not set', () => {
    assert.equal(decisionSummary({ mode: 'suggest', verdicts: [] }), 'suggest');
    assert.equal(decisionSummary({ mode: 'manual', verdicts: [] }), 'manual');
    assert.equal(decisionSummary({ mode: 'abort', verdicts: [] }), 'abort: target gone');
    assert.equal(decisionSummary({
      mode: 'abort', verdicts: [
        { guardrail: 'stateFreshness', status: 'error', reason: 'x' }, { guardrail: 'killSwitch', status: 'fail', reason: 'y' },
        { guardrail: 'requiredLabels', status: 'pass', reason: 'z' },
      ],
    }), 'abort: stale state (cannot evaluate) +1 more');
    assert.equal(decisionSummary({ mode: 'abort', verdicts: [{ guardrail: 'cooldownMinutes', status: 'fail', reason: 'x' }] }), 'abort: cooldown');
  });

  it('generated: every marked pod\'s decision is the plan a dry run of that pod alone makes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = seededRandom(seed);
      const base = labSnapshot();
      // Mark, unmark, unready or terminate pods at random; some runs carry history, some the kill switch.
      const pods = base.pods.map((p) => {
        const labels = { ...p.metadata.labels };
        if (next() < 0.5) labels[RESTART_LABEL] = 'true'; else if (next() < 0.3) delete labels[RESTART_LABEL];
        const ready = next() < 0.8;
        return {
          ...p, metadata: { ...p.metadata, labels, ...(next() < 0.1 ? { deletionTimestamp: LAB_NOW.toISOString() } : {}) },
          status: { ...p.status, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
        };
      });
      const snapshot = { ...base, pods };
      const history = next() < 0.4 ? [auditRecord({ id: 'h', time: minutesAgo(Math.floor(next() * 30)), outcome: 'executed' })] : [];
      const settings = { killSwitch: next() < 0.2 };
      const runbooks = [runbook(), approval, runbook({ name: 'floor-three', guardrails: { minimumReadyReplicasWithSameApp: 3 } })];
      const decided = markedPodDecisions({ snapshot, runbooks, history: () => history, now: LAB_NOW, settings });
      for (const [key, decisions] of decided) {
        const name = key.split('/')[1];
        for (const d of decisions) {
          const rb = runbooks.find((r) => r.metadata.name === d.runbook)!;
          const plan = decideTarget(decisionContext({ runbook: rb, snapshot, history, now: LAB_NOW, settings }), { namespace: LAB_NAMESPACE, kind: 'Pod', name });
          assert.equal(d.summary, decisionSummary(plan, rb), `seed ${seed} ${key} ${d.runbook}`);
          assert.equal(d.mode, plan.mode);
        }
      }
      const marked = pods.filter((p) => p.metadata.labels[RESTART_LABEL] === 'true' && !p.metadata.deletionTimestamp).map((p) => podKey(LAB_NAMESPACE, p.metadata.name));
      assert.deepEqual([...decided.keys()].sort(), marked.sort(), `seed ${seed}`);
    }
  });
});

describe('tree decisions, incremental: the same as deciding the whole snapshot', () => {
  const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => a.localeCompare(b));

  it('after one change only the changed controller\'s pods are decided again', () => {
    const cache = new PodDecisionCache();
    const input = { snapshot: labSnapshot(), runbooks: [runbook()], history: () => [], now: LAB_NOW };
    assert.deepEqual(sorted(cache.decide(input)), sorted(markedPodDecisions(input)));
    assert.deepEqual(cache.last, { groups: 2, decided: 2 });
    cache.decide(input);
    assert.deepEqual(cache.last, { groups: 2, decided: 0 });
    const pods = input.snapshot.pods.map((p) => (p.metadata.name === LAB_WEB_PEER
      ? { ...p, metadata: { ...p.metadata, resourceVersion: '999' }, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } } : p));
    const changed = { ...input, snapshot: { ...input.snapshot, pods } };
    assert.deepEqual(sorted(cache.decide(changed)), sorted(markedPodDecisions(changed)));
    assert.deepEqual(cache.last, { groups: 2, decided: 1 });
    assert.equal(podDecisionText(cache.decide(changed).get(podKey(LAB_NAMESPACE, LAB_WEB_POD))), 'abort: replica floor 2');
  });

  it('generated: random changes to pods, controllers, budgets, labels, history and settings, step after step', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const next = seededRandom(1000 + seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
      const apps = ['web', 'api', 'db'];
      let version = 1;
      const rv = () => String(version++);
      let snapshot: ClusterSnapshot = {
        takenAt: LAB_NOW.toISOString(), namespaces: [namespaceObj(LAB_NAMESPACE)],
        deployments: apps.map((a) => deployment(a, { replicas: 3, labels: { 'remediator.kubedojo.io/enabled': 'true' } })),
        replicaSets: apps.map((a) => replicaSet(`${a}-rs`, { deployment: a, app: a, replicas: 3 })),
        pods: apps.flatMap((a) => [0, 1, 2].map((i) => pod(`${a}-rs-${i}`, { app: a, owner: `${a}-rs`, labels: next() < 0.5 ? { [RESTART_LABEL]: 'true' } : {} }))),
        podDisruptionBudgets: [pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 1 })],
      };
      let history = [] as ReturnType<typeof auditRecord>[];
      let settings = {};
      const cache = new PodDecisionCache();
      const runbooks = [runbook(), approval];
      for (let step = 0; step < 20; step++) {
        const what = next();
        const s = snapshot;
        if (what < 0.35) {
          const i = Math.floor(next() * s.pods.length);
          const p = s.pods[i];
          const labels = { ...p.metadata.labels };
          if (next() < 0.5) labels[RESTART_LABEL] = next() < 0.7 ? 'true' : 'false';
          const ready = next() < 0.7 ? 'True' : 'False';
          const pods = s.pods.slice();
          pods[i] = { ...p, metadata: { ...p.metadata, labels, resourceVersion: rv() }, status: { ...p.status, conditions: [{ type: 'Ready', status: ready }] } };
          snapshot = { ...s, pods };
        } else if (what < 0.45) {
          const app = pick(apps);
          snapshot = { ...s, pods: [...s.pods, pod(`${app}-rs-n${step}`, { app, owner: `${app}-rs`, labels: { [RESTART_LABEL]: 'true' } })] };
        } else if (what < 0.55) {
          snapshot = { ...s, pods: s.pods.filter((_, i) => i !== Math.floor(next() * s.pods.length)) };
        } else if (what < 0.65) {
          snapshot = { ...s, podDisruptionBudgets: [pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: Math.floor(next() * 2) })].map((b) => ({ ...b, metadata: { ...b.metadata, resourceVersion: rv() } })) };
        } else if (what < 0.72) {
          const d = pick(s.deployments);
          snapshot = { ...s, deployments: s.deployments.map((x) => (x === d ? { ...x, metadata: { ...x.metadata, resourceVersion: rv() }, spec: { ...x.spec, paused: next() < 0.5 } } : x)) };
        } else if (what < 0.8) {
          const annotations: Record<string, string> = next() < 0.5 ? { 'remediator.kubedojo.io/maintenance': 'true' } : {};
          snapshot = { ...s, namespaces: [{ ...namespaceObj(LAB_NAMESPACE, { annotations }), metadata: { ...namespaceObj(LAB_NAMESPACE, { annotations }).metadata, resourceVersion: rv() } }] };
        } else if (what < 0.9) {
          history = [...history, auditRecord({ id: `h${step}`, time: minutesAgo(Math.floor(next() * 20)), outcome: 'executed', target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: pick(s.pods).metadata.name, app: pick(apps) } })];
        } else {
          settings = { killSwitch: next() < 0.5 };
        }
        const input = { snapshot, runbooks, history: () => history, now: LAB_NOW, settings };
        assert.deepEqual(sorted(cache.decide(input)), sorted(markedPodDecisions(input)), `seed ${seed} step ${step}`);
      }
    }
  });
});
