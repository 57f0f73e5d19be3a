import { strict as assert } from 'assert';
import { decisionContext, decideTarget, decideTargets, scanTargets } from '../../../src/core/engine/decide';
import { runbookSentence } from '../../../src/core/engine/sentence';
import {
  LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_WEB_POD, LAB_WEB_PEER, auditRecord, incident, labSnapshot, minutesAgo, runbook,
} from '../../support/k8s';

const lab = (o: Parameters<typeof decisionContext>[0] extends infer T ? Partial<T> : never = {}) =>
  decisionContext({ runbook: runbook(), snapshot: labSnapshot(), now: LAB_NOW, ...o });

const verdict = (plan: ReturnType<typeof decideTarget>, id: string) => plan.verdicts.find((v) => v.guardrail === id);

describe('decide: the seed lab', () => {
  it('scans exactly the pods carrying the restart label, in a stable order', () => {
    const ctx = lab();
    assert.deepEqual(scanTargets(ctx).map((t) => t.name), [LAB_SINGLETON_POD, LAB_WEB_POD]);
  });

  it('acts on the marked web pod and blocks singleton on the replica floor', () => {
    const ctx = lab();
    const plans = decideTargets(ctx, scanTargets(ctx));
    const web = plans.find((p) => p.target.name === LAB_WEB_POD)!;
    const singleton = plans.find((p) => p.target.name === LAB_SINGLETON_POD)!;
    assert.equal(web.mode, 'auto_execute', web.modeReason);
    assert.equal(web.incident.symptom, 'manual_restart_recommended');
    assert.equal(web.incident.confidence, 1);
    assert.equal(web.action.type, 'deletePod');
    assert.equal(web.action.preconditions?.uid, ctx.index.pod(LAB_NAMESPACE, LAB_WEB_POD)!.metadata.uid);
    assert.deepEqual(web.workload, { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'web' });
    assert.ok(web.verdicts.every((v) => v.status === 'pass' || v.status === 'skip'), JSON.stringify(web.verdicts));

    assert.equal(singleton.mode, 'abort');
    const floor = verdict(singleton, 'minimumReadyReplicasWithSameApp')!;
    assert.equal(floor.status, 'fail');
    assert.match(floor.reason, /1 Ready pod/);
    assert.match(floor.reason, /singleton/);
    assert.equal(singleton.escalation.now, 'page_service_owner');
  });

  it('re-run with the audit history acts on nothing', () => {
    const history = [
      auditRecord({ id: 'a1', time: minutesAgo(2), outcome: 'executed' }),
      auditRecord({ id: 'a1', time: minutesAgo(1), outcome: 'verified' }),
    ];
    const ctx = lab({ history });
    const plans = decideTargets(ctx, scanTargets(ctx));
    assert.deepEqual(plans.map((p) => p.mode), ['abort', 'abort']);
    const web = plans.find((p) => p.target.name === LAB_WEB_POD)!;
    assert.equal(verdict(web, 'cooldownMinutes')!.status, 'fail');
  });

  it('the sentence reads as the seed describes the decision', () => {
    const plan = decideTarget(lab(), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD });
    assert.match(plan.sentence, /^When symptom manual_restart_recommended appears, and root cause .* has confidence 1\.00 \(minimum 0\.80\), and guardrails .*allowedNamespaces.* pass, execute delete pod web-/);
    assert.match(plan.sentence, /then verify available replicas equal desired replicas and the replacement pod is Ready within 120s\.$/);
    assert.match(runbookSentence(runbook()), /^When symptom CrashLoopBackOff, readiness_probe_failed or manual_restart_recommended appears/);
  });
});

describe('decide: modes and payloads', () => {
  it('an incident whose symptom matches no trigger pages a human', () => {
    const plan = decideTarget(lab(), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_PEER }, incident({ symptom: 'HighLatency' }));
    assert.equal(plan.mode, 'manual');
  });

  it('a pod without the mark and no incident is manual (nothing to decide)', () => {
    const plan = decideTarget(lab(), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_PEER });
    assert.equal(plan.mode, 'manual');
  });

  it('low confidence suggests', () => {
    const plan = decideTarget(lab(), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD },
      incident({ symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.6 }));
    assert.equal(plan.mode, 'suggest');
  });

  it('approval_required carries the full approval payload', () => {
    const ctx = decisionContext({ runbook: runbook({ spec: { risk: 'high' } }), snapshot: labSnapshot(), now: LAB_NOW });
    const plan = decideTarget(ctx, { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD },
      incident({ symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.93 }));
    assert.equal(plan.mode, 'approval_required');
    const a = plan.approval!;
    assert.equal(a.symptom, 'CrashLoopBackOff');
    assert.equal(a.probableCause, 'pod_process_hung');
    assert.equal(a.confidence, 0.93);
    assert.deepEqual(a.target, plan.target);
    assert.match(a.currentState.summary, /Deployment web: 2\/2 Ready/);
    assert.equal(a.guardrails.length, plan.verdicts.length);
    assert.equal(a.verification.timeoutSeconds, 120);
    assert.match(a.rollback.risk, /low/);
  });

  it('a target that vanished aborts as stale', () => {
    const plan = decideTarget(lab(), { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'web-gone' });
    assert.equal(plan.mode, 'abort');
    assert.equal(verdict(plan, 'targetExists')!.status, 'fail');
  });

  it('a pod named for a Deployment-level action resolves to its Deployment', () => {
    const rb = runbook({ spec: { action: { type: 'rolloutRestart' }, actionCommand: undefined, rollback: { type: 'rollout_undo' } } });
    const ctx = decisionContext({ runbook: rb, snapshot: labSnapshot(), now: LAB_NOW });
    const plan = decideTarget(ctx, { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD });
    assert.deepEqual(plan.target, { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'web' });
    assert.equal(plan.action.equivalentCommand, `kubectl rollout restart deployment/web -n ${LAB_NAMESPACE}`);
  });

  it('scale plans record the previous count for rollback', () => {
    const rb = runbook({ spec: { action: { type: 'scaleDeployment', by: 2, maxReplicas: 3 }, actionCommand: undefined, rollback: { type: 'scale_to_previous_replicas' } } });
    const ctx = decisionContext({ runbook: rb, snapshot: labSnapshot(), now: LAB_NOW });
    const plan = decideTarget(ctx, { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'web' }, incident({ symptom: 'CrashLoopBackOff' }));
    assert.equal(plan.action.fromReplicas, 2);
    assert.equal(plan.action.toReplicas, 3);
    assert.match(plan.rollback.description, /recorded 2 replicas/);
  });

  it('the kill switch blocks everything', () => {
    const ctx = decisionContext({ runbook: runbook(), snapshot: labSnapshot(), now: LAB_NOW, settings: { killSwitch: true } });
    const plan = decideTarget(ctx, { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD });
    assert.equal(plan.mode, 'abort');
    assert.equal(verdict(plan, 'killSwitch')!.status, 'fail');
  });

  it('is deterministic: the same inputs give the same plan', () => {
    const a = decideTargets(lab(), scanTargets(lab()));
    const b = decideTargets(lab(), scanTargets(lab()));
    assert.deepEqual(a, b);
  });
});
