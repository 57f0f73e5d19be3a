// The replica floor counts distinct Ready pods of the target's own controller: a pod listed twice, a
// bare pod or another workload's pod that only shares the app label never makes a single replica look redundant.
import { strict as assert } from 'assert';
import { decisionContext, decideTarget, decideTargets, scanTargets } from '../../../src/core/engine/decide';
import { minimumReadyReplicasWithSameApp as floor } from '../../../src/core/guardrails/minimumReadyReplicasWithSameApp';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import { runCases } from '../../support/guardrailCases';
import {
  LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_SINGLETON_RS, LAB_WEB_PEER, LAB_WEB_POD, LAB_WEB_RS, context, deployment, labSnapshot,
  pod, replicaSet, runbook, statefulSet, statefulSetOwner,
} from '../../support/k8s';
import { SEED, edit } from '../runbook/helpers';

function lab(edit: (s: ClusterSnapshot) => void): ClusterSnapshot {
  const snap = labSnapshot();
  edit(snap);
  return snap;
}
const singletonTwice = () => lab((s) => s.pods.push(structuredClone(s.pods[2])));

describe('replica floor: distinct pods of the same controller', () => {
  runCases(floor, [
    {
      name: 'the singleton pod listed twice still counts once',
      ctx: () => context({ snapshot: singletonTwice(), target: LAB_SINGLETON_POD }),
      status: 'fail', reason: ['only 1 Ready pod with app=singleton', 'listed more than once', `${LAB_SINGLETON_POD} (2 copies)`],
      evidence: { ready: 1, counted: 1, duplicatesCountedOnce: [{ name: LAB_SINGLETON_POD, copies: 2, copiesDiffer: false }] },
    },
    {
      name: 'the same pod under another uid (a stale copy) counts once',
      ctx: () => context({ snapshot: lab((s) => s.pods.push(pod(LAB_SINGLETON_POD, { app: 'singleton', owner: LAB_SINGLETON_RS, uid: 'other-uid' }))), target: LAB_SINGLETON_POD }),
      status: 'fail', reason: ['only 1 Ready pod'], evidence: { counted: 1 },
    },
    {
      name: 'a copy that says not Ready makes the pod not Ready (copies differ)',
      ctx: () => context({ snapshot: lab((s) => s.pods.push(pod(LAB_WEB_PEER, { app: 'web', owner: LAB_WEB_RS, ready: false }))) }),
      status: 'fail', reason: ['only 1 Ready pod with app=web'],
      evidence: { duplicatesCountedOnce: [{ name: LAB_WEB_PEER, copies: 2, copiesDiffer: true }] },
    },
    {
      name: 'a bare pod that only shares the app label is not a peer',
      ctx: () => context({ snapshot: lab((s) => s.pods.push(pod('singleton-debug', { app: 'singleton', owner: null }))), target: LAB_SINGLETON_POD }),
      status: 'fail', reason: ['only 1 Ready pod with app=singleton', 'counting the pods of Deployment singleton'], evidence: { ready: 1, controller: 'Deployment singleton' },
    },
    {
      name: "another Deployment's pod with the same app label is not a peer",
      ctx: () => context({
        snapshot: lab((s) => {
          s.deployments.push(deployment('singleton-canary', { app: 'singleton' }));
          s.replicaSets.push(replicaSet('singleton-canary-6c5d4', { deployment: 'singleton-canary', app: 'singleton' }));
          s.pods.push(pod('singleton-canary-6c5d4-a1b2c', { app: 'singleton', owner: 'singleton-canary-6c5d4' }));
        }),
        target: LAB_SINGLETON_POD,
      }),
      status: 'fail', reason: ['only 1 Ready pod'],
    },
    {
      name: 'a bare target has no peers but itself',
      ctx: () => context({ snapshot: lab((s) => s.pods.push(pod('lonely', { app: 'web', owner: null }))), target: 'lonely' }),
      status: 'fail', reason: ['only 1 Ready pod with app=web', 'pod lonely has no controller'],
    },
    {
      name: 'StatefulSet pods count their own StatefulSet',
      ctx: () => context({
        snapshot: lab((s) => {
          s.statefulSets = [statefulSet('db', { replicas: 2 })];
          s.pods.push(pod('db-0', { app: 'db', owner: statefulSetOwner('db') }), pod('db-1', { app: 'db', owner: statefulSetOwner('db') }));
          s.pods.push(pod('db-backup', { app: 'db', owner: null }));
        }),
        target: 'db-0',
      }),
      status: 'pass', reason: ['2 Ready pods with app=db', 'counting the pods of StatefulSet db'], evidence: { ready: 2 },
    },
    {
      name: 'rollout restart counts the Deployment\'s own pods, not a bare pod with its label',
      ctx: () => context({
        runbook: runbook({ spec: { action: { type: 'rolloutRestart' } } }),
        snapshot: lab((s) => s.pods.push(pod('singleton-debug', { app: 'singleton', owner: null }))), target: { deployment: 'singleton' },
      }),
      status: 'fail', reason: ['only 1 Ready pod with app=singleton', 'Deployment singleton'],
    },
    {
      name: 'a floor of 0 is no floor: it passes and says so',
      ctx: () => context({ runbook: runbook({ guardrails: { minimumReadyReplicasWithSameApp: 0 } }), target: LAB_SINGLETON_POD }),
      status: 'pass', reason: ['0', 'no floor'],
    },
    {
      name: 'a floor above its bound is an error',
      ctx: () => context({ runbook: runbook({ guardrails: { minimumReadyReplicasWithSameApp: 10_001 } }) }),
      status: 'error', reason: ['from 0 to 10000'],
    },
  ]);

  it('a scan decides a pod listed twice once, and the 1-replica Deployment is not auto_execute', () => {
    const ctx = decisionContext({ runbook: runbook(), snapshot: singletonTwice(), now: LAB_NOW });
    const targets = scanTargets(ctx);
    assert.deepEqual(targets.map((t) => t.name), [LAB_SINGLETON_POD, LAB_WEB_POD]);
    const plans = decideTargets(ctx, targets);
    assert.equal(plans[0].mode, 'abort');
    assert.equal(plans[1].mode, 'auto_execute');
  });

  it('scanning one namespace named twice still lists each pod once', () => {
    const ctx = decisionContext({ runbook: runbook(), snapshot: singletonTwice(), now: LAB_NOW });
    assert.equal(scanTargets(ctx, [LAB_NAMESPACE, LAB_NAMESPACE]).length, 2);
  });

  it('floor 0: the schema accepts it and the engine does not block on the floor', () => {
    const text = edit(SEED(), 'minimumReadyReplicasWithSameApp: 2', 'minimumReadyReplicasWithSameApp: 0');
    const parsed = parseRunbooks(text);
    assert.ok(!parsed.diagnostics.some((d) => d.severity === 'error'), JSON.stringify(parsed.diagnostics));
    const rb = parsed.documents[0].runbook!;
    const plan = decideTarget(decisionContext({ runbook: rb, snapshot: labSnapshot(), now: LAB_NOW }), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_SINGLETON_POD });
    const v = plan.verdicts.find((x) => x.guardrail === 'minimumReadyReplicasWithSameApp')!;
    assert.equal(v.status, 'pass', v.reason);
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
  });

  it('the web pod still passes on the lab (two distinct Ready pods of Deployment web)', () => {
    const plan = decideTarget(decisionContext({ runbook: runbook(), snapshot: labSnapshot(), now: LAB_NOW }), { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD });
    assert.equal(plan.mode, 'auto_execute', plan.modeReason);
  });
});
