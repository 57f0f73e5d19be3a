// The workloads tree's would-be decisions for firing alerts: each must be the plan serve's intake would
// hand the engine for the same alert (alertStep's incident and target, the same runbooks), on plain data.
import { strict as assert } from 'assert';
import { alertStep } from '../../../src/core/alerts/intake';
import type { Alert } from '../../../src/core/alerts/payload';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import { decisionSummary } from '../../../src/core/engine/decisionSummary';
import { MAX_DECIDED_ALERTS, alertDecisionLine, alertDecisionText, alertDecisions, workloadKey } from '../../../src/core/engine/alertDecisions';
import { podKey } from '../../../src/core/engine/podDecisions';
import type { Runbook } from '../../../src/core/model/runbook';
import { LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_WEB_POD, labSnapshot, runbook } from '../../support/k8s';
import { hostileLabelValue, seededRandom } from '../../support/seeded';

function withAlerts(rb: Runbook, alerts: { alertname: string; matchers?: Record<string, string> }[]): Runbook {
  return { ...rb, spec: { ...rb.spec, triggers: { ...rb.spec.triggers, alerts } } };
}

const crashLoop = withAlerts(runbook(), [{ alertname: 'KubePodCrashLooping' }]);
const approval = withAlerts(runbook({ name: 'replace-with-approval', spec: { decisionMode: 'approval_required' } }), [{ alertname: 'KubePodCrashLooping' }]);
const WEB_DEPLOYMENT = workloadKey('Deployment', LAB_NAMESPACE, 'web');

let n = 0;
function alert(labels: Record<string, string>, o: Partial<Alert> = {}): Alert {
  n++;
  return {
    status: 'firing', labels, annotations: { confidence: '0.9' }, startsAt: '2026-04-26T09:58:00Z', endsAt: '0001-01-01T00:00:00Z',
    generatorURL: '', fingerprint: n.toString(16).padStart(16, '0'), ...o,
  };
}

const crashing = (target: Record<string, string>) => alert({ alertname: 'KubePodCrashLooping', symptom: 'CrashLoopBackOff', namespace: LAB_NAMESPACE, ...target });

function decide(alerts: Alert[], runbooks: Runbook[] = [crashLoop]) {
  return alertDecisions({ snapshot: labSnapshot(), runbooks, alerts, history: () => [], now: LAB_NOW });
}

describe('tree decisions: firing alerts', () => {
  it('an alert naming a pod: on the pod row and its Deployment row, the plan serve would make', () => {
    const a = crashing({ pod: LAB_WEB_POD });
    const got = decide([a]);
    const step = alertStep(a, [crashLoop]);
    assert.equal(step.kind, 'decide');
    if (step.kind !== 'decide' || !step.derived.target) return;
    const plan = decideTarget(decisionContext({ runbook: crashLoop, snapshot: labSnapshot(), now: LAB_NOW }), step.derived.target, step.derived.incident);
    const pod = got.pods.get(podKey(LAB_NAMESPACE, LAB_WEB_POD));
    assert.equal(pod?.length, 1);
    assert.equal(pod?.[0].summary, decisionSummary(plan, crashLoop));
    assert.equal(pod?.[0].mode, plan.mode);
    assert.equal(pod?.[0].incident, step.derived.incident.id);
    assert.deepEqual(got.workloads.get(WEB_DEPLOYMENT), pod);
    assert.equal(alertDecisionText(pod), 'alert KubePodCrashLooping: auto_execute');
    assert.match(alertDecisionLine(pod![0]), /^alert KubePodCrashLooping \(aiops-remediation-lab\/pod\/web-5d8f9c7b6c-x8k2p\), runbook replace-redundant-pod: auto_execute: /);
  });

  it('the engine decides as for any incident: the singleton aborts on the replica floor; no confidence means no auto_execute', () => {
    const got = decide([crashing({ pod: LAB_SINGLETON_POD }), alert({ alertname: 'KubePodCrashLooping', symptom: 'CrashLoopBackOff', namespace: LAB_NAMESPACE, pod: LAB_WEB_POD }, { annotations: {} })]);
    assert.equal(alertDecisionText(got.pods.get(podKey(LAB_NAMESPACE, LAB_SINGLETON_POD))), 'alert KubePodCrashLooping: abort: replica floor 2');
    const web = got.pods.get(podKey(LAB_NAMESPACE, LAB_WEB_POD));
    assert.equal(web?.length, 1);
    assert.notEqual(web?.[0].mode, 'auto_execute');
  });

  it('an alert naming a Deployment shows on that row only; one per matching runbook, named', () => {
    const got = decide([crashing({ deployment: 'web' })], [crashLoop, approval]);
    assert.equal(got.pods.size, 0);
    const web = got.workloads.get(WEB_DEPLOYMENT);
    assert.deepEqual(web?.map((d) => d.runbook), ['replace-redundant-pod', 'replace-with-approval']);
    assert.match(alertDecisionText(web) ?? '', /^alert KubePodCrashLooping: replace-redundant-pod: .* · alert KubePodCrashLooping: replace-with-approval: /);
  });

  it('nothing for unmatched, resolved, targetless or missing-target alerts, other namespaces, or without runbooks', () => {
    const got = decide([
      alert({ alertname: 'SomethingElse', namespace: LAB_NAMESPACE, pod: LAB_WEB_POD }),
      { ...crashing({ pod: LAB_WEB_POD }), status: 'resolved' },
      alert({ alertname: 'KubePodCrashLooping', pod: LAB_WEB_POD }),
      crashing({}),
      crashing({ pod: 'web-gone-12345' }),
      crashing({ deployment: 'missing' }),
      crashing({ statefulset: 'web' }),
      alert({ alertname: 'KubePodCrashLooping', namespace: 'payments', pod: LAB_WEB_POD }),
    ]);
    assert.equal(got.pods.size, 0);
    assert.equal(got.workloads.size, 0);
    assert.equal(decide([crashing({ pod: LAB_WEB_POD })], []).pods.size, 0);
    const filtered = alertDecisions({ snapshot: labSnapshot(), runbooks: [crashLoop], alerts: [crashing({ pod: LAB_WEB_POD })], history: () => [], now: LAB_NOW, namespaces: ['payments'] });
    assert.equal(filtered.pods.size, 0);
  });

  it('a repeated alert is decided once; beyond the bound alerts are counted, not decided', () => {
    const a = crashing({ pod: LAB_WEB_POD });
    assert.equal(decide([a, { ...a }]).pods.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))?.length, 1);
    const many = Array.from({ length: MAX_DECIDED_ALERTS + 25 }, () => crashing({ pod: LAB_WEB_POD }));
    const got = decide(many);
    assert.equal(got.skipped, 25);
    assert.equal(got.pods.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))?.length, MAX_DECIDED_ALERTS);
    assert.equal(alertDecisionText(got.pods.get(podKey(LAB_NAMESPACE, LAB_WEB_POD))), 'alert KubePodCrashLooping: auto_execute');
  });

  it('generated hostile labels never throw, and decide only what serve would decide on a target in the snapshot', () => {
    const next = seededRandom(0xa1e47);
    const names = [LAB_WEB_POD, LAB_SINGLETON_POD, 'web', 'singleton', '__proto__', 'constructor'];
    const keys = ['alertname', 'namespace', 'pod', 'deployment', 'statefulset', 'symptom', 'confidence', '__proto__', 'constructor', 'toString'];
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    for (let round = 0; round < 200; round++) {
      const alerts: Alert[] = [];
      for (let i = 0; i < 10; i++) {
        const entries: [string, string][] = [];
        for (let j = 0; j < 1 + Math.floor(next() * 6); j++) {
          const key = next() < 0.5 ? pick(keys) : hostileLabelValue(next);
          const value = next() < 0.3 ? hostileLabelValue(next)
            : key === 'alertname' ? 'KubePodCrashLooping' : key === 'namespace' ? LAB_NAMESPACE : pick(names);
          entries.push([key, value]);
        }
        alerts.push(alert(Object.fromEntries(entries), { annotations: next() < 0.5 ? { confidence: hostileLabelValue(next) } : { confidence: '0.95' } }));
      }
      const got = decide(alerts, [crashLoop, approval]);
      const expected = alerts.filter((a) => {
        const s = alertStep(a, [crashLoop]);
        return s.kind === 'decide' && s.derived.target !== undefined;
      });
      for (const [key, list] of [...got.pods, ...got.workloads]) {
        assert.ok(key.includes(LAB_NAMESPACE), key);
        for (const d of list) {
          assert.equal(d.alertname, 'KubePodCrashLooping');
          assert.ok(expected.some((a) => alertStep(a, [crashLoop]).derived.incident.id === d.incident));
          assert.ok(typeof d.summary === 'string' && d.summary.length > 0);
        }
      }
    }
  });
});
