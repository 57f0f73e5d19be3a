import { cooldownMinutes } from '../../../src/core/guardrails/cooldownMinutes';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import { runCases } from '../../support/guardrailCases';
import {
  LAB_NAMESPACE, LAB_SINGLETON_POD, LAB_WEB_PEER, auditRecord, context, labSnapshot, minutesAgo, resolvePodTarget, runbook,
} from '../../support/k8s';

describe('guardrail cooldownMinutes', () => {
  runCases(cooldownMinutes, [
    { name: 'lab: no history', ctx: () => context(), status: 'pass', reason: ['has not acted on app=web'] },
    {
      name: 'web remediated 3 minutes ago',
      ctx: () => context({ records: [auditRecord({ time: minutesAgo(3) })] }),
      status: 'fail',
      reason: ['web was remediated 3 minutes ago by replace-redundant-pod; cooldown is 10 minutes (next allowed at 10:07 UTC)'],
      evidence: { nextAllowedAt: '2026-04-26T10:07:00.000Z' },
    },
    {
      name: 'executed and verified records of one attempt: one action, timed when it acted',
      ctx: () => context({ records: [auditRecord({ outcome: 'executed', time: minutesAgo(4) }), auditRecord({ time: minutesAgo(2) })] }),
      status: 'fail', reason: ['4 minutes ago'], evidence: { actionsInWindow: 1 },
    },
    { name: 'last action 11 minutes ago', ctx: () => context({ records: [auditRecord({ time: minutesAgo(11) })] }), status: 'pass' },
    {
      name: 'a blocked decision is not an action',
      ctx: () => context({ records: [auditRecord({ outcome: 'blocked', time: minutesAgo(1) })] }), status: 'pass',
    },
    {
      name: 'another app is not in cooldown',
      ctx: () => context({ records: [auditRecord({ time: minutesAgo(1) })], target: LAB_SINGLETON_POD }), status: 'pass',
    },
    {
      name: 'another web pod already chosen in this run',
      ctx: () => context({ acting: [resolvePodTarget(new SnapshotIndex(labSnapshot()), LAB_NAMESPACE, LAB_WEB_PEER)] }),
      status: 'fail', reason: ['already being remediated earlier in this run'],
    },
    { name: 'not configured', ctx: () => context({ runbook: runbook({ guardrails: { cooldownMinutes: undefined } }) }), status: 'skip' },
    { name: 'negative cooldown', ctx: () => context({ runbook: runbook({ guardrails: { cooldownMinutes: -5 } }) }), status: 'error', reason: ['from 0 to 525600'] },
  ]);
});
