import { minimumReadyReplicasWithSameApp as floor } from '../../../src/core/guardrails/minimumReadyReplicasWithSameApp';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import type { Action } from '../../../src/core/model/runbook';
import { runCases } from '../../support/guardrailCases';
import {
  LAB_NAMESPACE, LAB_SINGLETON_POD, LAB_WEB_PEER, LAB_WEB_POD, LAB_WEB_RS, context, labSnapshot, pod, resolvePodTarget, runbook,
} from '../../support/k8s';

function lab(edit: (s: ClusterSnapshot) => void): ClusterSnapshot {
  const snap = labSnapshot();
  edit(snap);
  return snap;
}

const withAction = (action: Action) => runbook({ spec: { action } });
/** The lab with web scaled to 3 Deployment replicas and a third Ready pod. */
const threeWebPods = () => lab((s) => {
  s.deployments[0].spec = { ...s.deployments[0].spec, replicas: 3 };
  s.pods.push(pod('web-5d8f9c7b6c-z7w4v', { app: 'web', owner: LAB_WEB_RS }));
});

describe('guardrail minimumReadyReplicasWithSameApp', () => {
  runCases(floor, [
    {
      name: 'lab: web has 2 Ready pods, including the target', ctx: () => context(), status: 'pass',
      reason: [`2 Ready pods with app=web in ${LAB_NAMESPACE} (counting the pods of Deployment web), including ${LAB_WEB_POD}; the runbook needs 2`],
      evidence: { ready: 2, counted: 2, required: 2, controller: 'Deployment web' },
    },
    {
      name: 'lab: singleton has 1 Ready pod', ctx: () => context({ target: LAB_SINGLETON_POD }), status: 'fail',
      reason: [`only 1 Ready pod with app=singleton in ${LAB_NAMESPACE} (counting the pods of Deployment singleton); the runbook needs 2`], evidence: { ready: 1 },
    },
    {
      name: 'a terminating peer is not Ready',
      ctx: () => context({ snapshot: lab((s) => { s.pods[1].metadata.deletionTimestamp = '2026-04-26T09:59:00Z'; }) }),
      status: 'fail', reason: ['only 1 Ready pod with app=web'],
    },
    {
      name: 'an unready target does not count itself',
      ctx: () => context({ snapshot: lab((s) => { s.pods[0] = pod(LAB_WEB_POD, { app: 'web', owner: LAB_WEB_RS, ready: false, waitingReason: 'CrashLoopBackOff' }); }) }),
      status: 'fail', reason: ['only 1 Ready pod with app=web'],
    },
    {
      name: 'the peer is already being replaced earlier in this run',
      ctx: () => {
        const index = new SnapshotIndex(labSnapshot());
        return context({ acting: [resolvePodTarget(index, LAB_NAMESPACE, LAB_WEB_PEER)] });
      },
      status: 'fail', reason: ['only 1 Ready pod with app=web', '1 other is already being replaced in this run'],
      evidence: { ready: 2, alreadyActingInRun: 1, counted: 1 },
    },
    { name: 'not configured', ctx: () => context({ runbook: runbook({ guardrails: { minimumReadyReplicasWithSameApp: undefined } }) }), status: 'skip' },
    {
      name: 'target without an app label',
      ctx: () => context({ snapshot: lab((s) => s.pods.push(pod('web-5d8f9c7b6c-n0app', { owner: LAB_WEB_RS }))), target: 'web-5d8f9c7b6c-n0app' }),
      status: 'error', reason: ['cannot count peers without an app label'],
    },
    {
      name: 'rollout restart: counts the Deployment\'s Ready pods by app',
      ctx: () => context({ runbook: withAction({ type: 'rolloutRestart' }), target: { deployment: 'singleton' } }),
      status: 'fail', reason: ['only 1 Ready pod with app=singleton'],
    },
    {
      name: 'scale up is never below the floor',
      ctx: () => context({ runbook: withAction({ type: 'scaleDeployment', by: 1 }), target: { deployment: 'singleton' } }),
      status: 'pass', reason: ['scaling from 1 to 2 replicas removes no pods'],
    },
    {
      name: 'scale down from 3 to 2 keeps the floor',
      ctx: () => context({ runbook: withAction({ type: 'scaleDeployment', replicas: 2 }), snapshot: threeWebPods(), target: { deployment: 'web' } }),
      status: 'pass', reason: ['keeps up to 2 Ready pods'],
    },
    {
      name: 'scale down to 1 breaks the floor',
      ctx: () => context({ runbook: withAction({ type: 'scaleDeployment', replicas: 1 }), snapshot: threeWebPods(), target: { deployment: 'web' } }),
      status: 'fail', reason: ['scaling from 3 to 1 replicas would leave at most 1 Ready pod with app=web'], evidence: { readyAfter: 1 },
    },
    {
      name: 'scale action without a size',
      ctx: () => context({ runbook: withAction({ type: 'scaleDeployment' }), target: { deployment: 'web' } }),
      status: 'error', reason: ['cannot tell how many replicas'],
    },
    {
      name: 'collecting evidence takes nothing away',
      ctx: () => context({ runbook: withAction({ type: 'collectEvidence' }), target: { deployment: 'singleton' } }), status: 'skip',
    },
  ]);
});
