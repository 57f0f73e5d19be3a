import { controllerOwner } from '../../../src/core/guardrails/controllerOwner';
import { runCases } from '../../support/guardrailCases';
import {
  LAB_SINGLETON_POD, LAB_WEB_RS, context, labSnapshot, pod, replicaSet, runbook, statefulSet, statefulSetOwner,
} from '../../support/k8s';

function withExtra(build: (snap: ReturnType<typeof labSnapshot>) => void) {
  const snap = labSnapshot();
  build(snap);
  return snap;
}

describe('guardrail controllerOwner', () => {
  runCases(controllerOwner, [
    {
      name: 'lab web pod: ReplicaSet of Deployment web', ctx: () => context(), status: 'pass',
      reason: [`controlled by ReplicaSet ${LAB_WEB_RS} of Deployment web`], evidence: { kind: 'Deployment', name: 'web' },
    },
    { name: 'lab singleton pod', ctx: () => context({ target: LAB_SINGLETON_POD }), status: 'pass' },
    {
      name: 'StatefulSet pod',
      ctx: () => context({
        snapshot: withExtra((s) => {
          s.statefulSets = [statefulSet('db', { replicas: 3 })];
          s.pods.push(pod('db-0', { app: 'db', owner: statefulSetOwner('db') }));
        }),
        target: 'db-0',
      }),
      status: 'pass', reason: ['StatefulSet db'],
    },
    {
      name: 'bare pod',
      ctx: () => context({ snapshot: withExtra((s) => s.pods.push(pod('debug', { app: 'web', owner: null }))), target: 'debug' }),
      status: 'fail', reason: ['nothing would recreate the pod', 'bare pod is not recreated'],
    },
    {
      name: 'pod of a Job',
      ctx: () => context({
        snapshot: withExtra((s) => s.pods.push(pod('migrate-x7k2p', { owner: { kind: 'Job', name: 'migrate', controller: true } }))),
        target: 'migrate-x7k2p',
      }),
      status: 'fail', reason: ['controlled by a Job'],
    },
    {
      name: 'standalone ReplicaSet',
      ctx: () => context({
        snapshot: withExtra((s) => {
          s.replicaSets.push(replicaSet('loose-6c9d8f7b5d', { app: 'loose', deployment: null }));
          s.pods.push(pod('loose-6c9d8f7b5d-b2c4d', { app: 'loose', owner: 'loose-6c9d8f7b5d' }));
        }),
        target: 'loose-6c9d8f7b5d-b2c4d',
      }),
      status: 'fail', reason: ['which no Deployment owns'],
    },
    {
      name: 'owner Deployment missing from the state',
      ctx: () => context({ snapshot: withExtra((s) => { s.deployments = s.deployments.filter((d) => d.metadata.name !== 'web'); }) }),
      status: 'error', reason: ['owner Deployment web is not in the cluster state'],
    },
    {
      name: 'Deployment target',
      ctx: () => context({ runbook: runbook({ spec: { action: { type: 'rolloutRestart' } } }), target: { deployment: 'web' } }),
      status: 'pass', reason: ['the Deployment controller reconciles'],
    },
  ]);
});
