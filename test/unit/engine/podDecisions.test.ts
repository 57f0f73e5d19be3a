// The workloads tree's would-be decisions for marked pods, and the few words both the tree and the
// dry-run panel show for a plan. A marked pod's decision must be the plan a dry run of that pod makes.
import { strict as assert } from 'assert';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import { decisionSummary } from '../../../src/core/engine/decisionSummary';
import { markedPodDecisions, markedPodsSummary, podDecisionText, podKey } from '../../../src/core/engine/podDecisions';
import { RESTART_LABEL } from '../../support/lab';
import {
  LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_WEB_PEER, LAB_WEB_POD, auditRecord, labSnapshot, minutesAgo, namespaceObj, runbook,
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
