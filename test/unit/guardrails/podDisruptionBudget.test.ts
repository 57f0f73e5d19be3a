import { podDisruptionBudget } from '../../../src/core/guardrails/podDisruptionBudget';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import type { PodDisruptionBudget } from '../../../src/core/k8s/types';
import { runCases } from '../../support/guardrailCases';
import { LAB_NAMESPACE, LAB_WEB_PEER, LAB_WEB_POD, context, labSnapshot, pdb, resolvePodTarget, runbook } from '../../support/k8s';

function labWith(...budgets: PodDisruptionBudget[]) {
  const snap = labSnapshot();
  snap.podDisruptionBudgets = budgets;
  return snap;
}

describe('guardrail podDisruptionBudget', () => {
  runCases(podDisruptionBudget, [
    { name: 'lab: no PDB covers the web pod', ctx: () => context(), status: 'pass', reason: ['no PodDisruptionBudget covers this pod'] },
    {
      name: 'a PDB for another app does not apply',
      ctx: () => context({ snapshot: labWith(pdb('singleton-pdb', { matchLabels: { app: 'singleton' }, disruptionsAllowed: 0 })) }),
      status: 'pass', reason: ['no PodDisruptionBudget covers this pod'],
    },
    {
      name: 'web-pdb allows 1 disruption',
      ctx: () => context({ snapshot: labWith(pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 1 })) }),
      status: 'pass', reason: ['web-pdb allows 1 more disruption'],
    },
    {
      name: 'web-pdb allows 0 disruptions',
      ctx: () => context({ snapshot: labWith(pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 0 })) }),
      status: 'fail', reason: [`PodDisruptionBudget web-pdb allows 0 disruptions now`, `deleting pod ${LAB_WEB_POD} would break it`],
    },
    {
      name: 'the one allowed disruption is used earlier in this run',
      ctx: () => {
        const snap = labWith(pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 1 }));
        return context({ snapshot: snap, acting: [resolvePodTarget(new SnapshotIndex(snap), LAB_NAMESPACE, LAB_WEB_PEER)] });
      },
      status: 'fail', reason: ['1 pod already taken in this run'],
    },
    {
      name: 'PDB without status',
      ctx: () => context({ snapshot: labWith(pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: null })) }),
      status: 'error', reason: ['web-pdb has no status yet'],
    },
    {
      name: 'scaling is not an eviction',
      ctx: () => context({ runbook: runbook({ spec: { action: { type: 'scaleDeployment', by: 1 } } }), target: { deployment: 'web' } }),
      status: 'skip',
    },
  ]);
});
