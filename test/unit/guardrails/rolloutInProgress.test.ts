import { rolloutInProgress } from '../../../src/core/guardrails/rolloutInProgress';
import type { ClusterSnapshot, StatefulSet } from '../../../src/core/k8s/types';
import { runCases } from '../../support/guardrailCases';
import {
  type DeploymentOptions, LAB_WEB_RS, context, deployment, labSnapshot, pod, runbook, statefulSet, statefulSetOwner,
} from '../../support/k8s';

function labWithWeb(o: DeploymentOptions): ClusterSnapshot {
  const snap = labSnapshot();
  snap.deployments = snap.deployments.map((d) => (d.metadata.name === 'web' ? deployment('web', { replicas: 2, ...o }) : d));
  return snap;
}

const restart = runbook({ spec: { action: { type: 'rolloutRestart' } } });
const rollback = runbook({ spec: { action: { type: 'rollbackDeployment' } } });

function labWithStatefulSet(status: StatefulSet['status']): ClusterSnapshot {
  const snap = labSnapshot();
  snap.statefulSets = [{ ...statefulSet('db', { replicas: 3 }), status }];
  snap.pods.push(pod('db-0', { app: 'db', owner: statefulSetOwner('db') }));
  return snap;
}

describe('guardrail rolloutInProgress', () => {
  runCases(rolloutInProgress, [
    { name: 'lab: web is settled', ctx: () => context(), status: 'pass', evidence: { updatedReplicas: 2, desiredReplicas: 2 } },
    {
      name: 'a crashing pod alone is not a rollout',
      ctx: () => context({ snapshot: labWithWeb({ readyReplicas: 1, availableReplicas: 1 }) }), status: 'pass',
    },
    {
      name: 'new generation not yet observed',
      ctx: () => context({ snapshot: labWithWeb({ generation: 3, observedGeneration: 2 }) }),
      status: 'fail', reason: ['has not yet acted on generation 3 of Deployment web (observed 2)'],
    },
    {
      name: 'half the replicas updated',
      ctx: () => context({ snapshot: labWithWeb({ updatedReplicas: 1, progressingReason: 'ReplicaSetUpdated', availableReplicas: 1 }) }),
      status: 'fail', reason: ['only 1 of 2 replicas of Deployment web run the newest template', 'Progressing: ReplicaSetUpdated'],
    },
    { name: 'paused rollout', ctx: () => context({ snapshot: labWithWeb({ paused: true }) }), status: 'fail', reason: ['is paused'] },
    {
      name: 'progress deadline exceeded',
      ctx: () => context({ snapshot: labWithWeb({ progressingReason: 'ProgressDeadlineExceeded', availableReplicas: 1 }) }),
      status: 'fail', reason: ['exceeded its progress deadline'],
    },
    {
      name: 'rollback interrupts a bad rollout on purpose',
      ctx: () => context({ runbook: rollback, snapshot: labWithWeb({ progressingReason: 'ProgressDeadlineExceeded' }), target: { deployment: 'web' } }),
      status: 'skip', reason: ['a rollback is meant to interrupt a rollout'],
    },
    { name: 'Deployment target, settled', ctx: () => context({ runbook: restart, target: { deployment: 'web' } }), status: 'pass' },
    {
      name: 'Deployment without status',
      ctx: () => context({ runbook: restart, snapshot: labWithWeb({ withoutStatus: true }), target: { deployment: 'web' } }),
      status: 'error', reason: ['has no status yet'],
    },
    {
      name: 'owner ReplicaSet missing',
      ctx: () => {
        const snap = labSnapshot();
        snap.replicaSets = snap.replicaSets.filter((r) => r.metadata.name !== LAB_WEB_RS);
        return context({ snapshot: snap });
      },
      status: 'error', reason: ['cannot tell whether a rollout is in progress'],
    },
    {
      name: 'StatefulSet rolling between revisions',
      ctx: () => context({ snapshot: labWithStatefulSet({ replicas: 3, currentRevision: 'db-1', updateRevision: 'db-2' }), target: 'db-0' }),
      status: 'fail', reason: ['rolling from revision db-1 to db-2'],
    },
    {
      name: 'StatefulSet settled',
      ctx: () => context({ snapshot: labWithStatefulSet({ replicas: 3, currentRevision: 'db-2', updateRevision: 'db-2' }), target: 'db-0' }),
      status: 'pass',
    },
    {
      name: 'bare pod: no rollout applies',
      ctx: () => {
        const snap = labSnapshot();
        snap.pods.push(pod('debug', { app: 'web', owner: null }));
        return context({ snapshot: snap, target: 'debug' });
      },
      status: 'skip',
    },
  ]);
});
