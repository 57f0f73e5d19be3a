import { blastRadius } from '../../../src/core/guardrails/blastRadius';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import type { Action, BlastRadius } from '../../../src/core/model/runbook';
import { runCases } from '../../support/guardrailCases';
import {
  LAB_NAMESPACE, LAB_SINGLETON_POD, LAB_WEB_PEER, LAB_WEB_RS, auditRecord, context, labSnapshot, minutesAgo,
  resolvePodTarget, runbook,
} from '../../support/k8s';

const radius = (b: BlastRadius, action?: Action) => runbook({ guardrails: { blastRadius: b }, ...(action ? { spec: { action } } : {}) });
const webPeer = () => resolvePodTarget(new SnapshotIndex(labSnapshot()), LAB_NAMESPACE, LAB_WEB_PEER);

describe('guardrail blastRadius', () => {
  runCases(blastRadius, [
    { name: 'lab: not configured', ctx: () => context(), status: 'skip' },
    {
      name: 'one web pod of 2 is 50%', ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }) }), status: 'pass',
      reason: ['this pod: 1 of 2 replicas of Deployment web (50%); the runbook allows 50%'], evidence: { percentOfReplicas: 50 },
    },
    {
      name: 'the singleton pod is 100% of its Deployment',
      ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }), target: LAB_SINGLETON_POD }), status: 'fail',
      reason: ['1 of 1 replicas of Deployment singleton (100%); the runbook allows 50%'],
    },
    {
      name: 'the other web pod is already being replaced in this run',
      ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }), acting: [webPeer()] }), status: 'fail',
      reason: ['this pod plus 1 already being replaced: 2 of 2 replicas'],
    },
    {
      name: 'a web pod replacement still in flight',
      ctx: () => context({
        runbook: radius({ maxPercentOfReplicas: 50 }),
        records: [auditRecord({ id: 'x', outcome: 'executed', time: minutesAgo(1), target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_PEER, app: 'web' } })],
      }),
      status: 'fail', evidence: { disruptedReplicas: 2 },
    },
    { name: 'first target of at most 2 per run', ctx: () => context({ runbook: radius({ maxTargetsPerRun: 2 }) }), status: 'pass' },
    {
      name: 'the run already acts on 1 target, limit 1',
      ctx: () => context({ runbook: radius({ maxTargetsPerRun: 1 }), target: LAB_SINGLETON_POD, acting: [webPeer()] }),
      status: 'fail', reason: ['this run already acts on 1 target; the runbook allows 1 per run'],
    },
    {
      name: 'scaling web from 2 to 3 is a 50% change',
      ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }, { type: 'scaleDeployment', by: 1 }), target: { deployment: 'web' } }),
      status: 'pass', reason: ['scaling from 2 to 3: 1 of 2 replicas'],
    },
    {
      name: 'a rollout restart replaces every replica',
      ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }, { type: 'rolloutRestart' }), target: { deployment: 'web' } }),
      status: 'fail', reason: ['rolloutRestart replaces every replica: 2 of 2 replicas of Deployment web (100%)'],
    },
    {
      name: 'owner missing: the workload cannot be sized',
      ctx: () => {
        const snap = labSnapshot();
        snap.replicaSets = snap.replicaSets.filter((r) => r.metadata.name !== LAB_WEB_RS);
        return context({ snapshot: snap, runbook: radius({ maxPercentOfReplicas: 50 }) });
      },
      status: 'error', reason: ['cannot size the workload'],
    },
    {
      name: 'a scale action without a size cannot be sized',
      ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }, { type: 'scaleDeployment' }), target: { deployment: 'web' } }),
      status: 'error', reason: ['names no replica count'],
    },
    {
      name: 'scale clamps to maxReplicas: 2 to 3, not 2 to 6',
      ctx: () => context({ runbook: radius({ maxPercentOfReplicas: 50 }, { type: 'scaleDeployment', by: 4, maxReplicas: 3 }), target: { deployment: 'web' } }),
      status: 'pass', reason: ['scaling from 2 to 3'],
    },
    { name: 'negative percentage', ctx: () => context({ runbook: radius({ maxPercentOfReplicas: -1 }) }), status: 'error' },
  ]);
});
