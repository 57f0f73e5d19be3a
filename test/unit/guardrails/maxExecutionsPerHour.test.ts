import { maxExecutionsPerHour } from '../../../src/core/guardrails/maxExecutionsPerHour';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import type { AuditRecord } from '../../../src/core/model/audit';
import { runCases } from '../../support/guardrailCases';
import { LAB_NAMESPACE, LAB_WEB_PEER, auditRecord, context, labSnapshot, minutesAgo, resolvePodTarget, runbook } from '../../support/k8s';

/** One verified attempt per given age in minutes. */
const attempts = (...ages: number[]): AuditRecord[] => ages.map((m, i) => auditRecord({ id: `attempt-${i}`, time: minutesAgo(m) }));

describe('guardrail maxExecutionsPerHour', () => {
  runCases(maxExecutionsPerHour, [
    { name: 'lab: no history', ctx: () => context(), status: 'pass', reason: ['acted 0 times', 'the limit is 3'] },
    { name: '2 in the last hour', ctx: () => context({ records: attempts(50, 20) }), status: 'pass', evidence: { executionsLastHour: 2 } },
    {
      name: '3 in the last hour',
      ctx: () => context({ records: attempts(50, 30, 20) }), status: 'fail',
      reason: ['already acted 3 times on app=web in aiops-remediation-lab in the last hour; the limit is 3', 'stops counting at 10:10 UTC'],
    },
    { name: 'older attempts do not count', ctx: () => context({ records: attempts(90, 70, 61) }), status: 'pass' },
    {
      name: '2 in history plus 1 earlier in this run',
      ctx: () => context({ records: attempts(40, 30), acting: [resolvePodTarget(new SnapshotIndex(labSnapshot()), LAB_NAMESPACE, LAB_WEB_PEER)] }),
      status: 'fail', reason: ['(1 of them earlier in this run)'],
    },
    { name: 'not configured', ctx: () => context({ runbook: runbook({ guardrails: { maxExecutionsPerHour: undefined } }) }), status: 'skip' },
    {
      name: 'not a number',
      ctx: () => context({ runbook: runbook({ guardrails: { maxExecutionsPerHour: 'three' as unknown as number } }) }),
      status: 'error', reason: ['"three"'],
    },
  ]);
});
