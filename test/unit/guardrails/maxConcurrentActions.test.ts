import { maxConcurrentActions } from '../../../src/core/guardrails/maxConcurrentActions';
import { SnapshotIndex } from '../../../src/core/k8s/snapshotIndex';
import { runCases } from '../../support/guardrailCases';
import {
  LAB_NAMESPACE, LAB_SINGLETON_POD, LAB_WEB_PEER, auditRecord, context, labSnapshot, minutesAgo, resolvePodTarget, runbook,
} from '../../support/k8s';

const executed = (id: string, minutes: number, runbookName = 'replace-redundant-pod') =>
  auditRecord({ id, outcome: 'executed', time: minutesAgo(minutes), runbook: runbookName });

describe('guardrail maxConcurrentActions', () => {
  runCases(maxConcurrentActions, [
    { name: 'lab: nothing in flight', ctx: () => context(), status: 'pass', reason: ['no actions in flight; it allows 1 at a time'] },
    {
      name: 'one attempt executed 2 minutes ago, not yet verified',
      ctx: () => context({ records: [executed('a', 2)] }), status: 'fail',
      reason: ['1 action still in flight', 'started 2 minutes ago', 'it allows 1 at a time'], evidence: { inFlight: 1 },
    },
    {
      name: 'a verified attempt is no longer in flight',
      ctx: () => context({ records: [executed('a', 2), auditRecord({ id: 'a', time: minutesAgo(1) })] }), status: 'pass',
    },
    {
      name: 'in flight longer than the window is presumed dead',
      ctx: () => context({ records: [executed('a', 45)] }), status: 'pass',
    },
    {
      name: 'another runbook in flight does not count (the limit is per runbook)',
      ctx: () => context({ records: [executed('a', 2, 'scale-up-web')] }), status: 'pass',
    },
    {
      name: 'one target already acting in this run',
      ctx: () => context({ target: LAB_SINGLETON_POD, acting: [resolvePodTarget(new SnapshotIndex(labSnapshot()), LAB_NAMESPACE, LAB_WEB_PEER)] }),
      status: 'fail', reason: ['1 target already acting in this run'],
    },
    { name: 'not configured', ctx: () => context({ runbook: runbook({ guardrails: { maxConcurrentActions: undefined } }) }), status: 'skip' },
    { name: 'zero is not a usable limit', ctx: () => context({ runbook: runbook({ guardrails: { maxConcurrentActions: 0 } }) }), status: 'error' },
  ]);
});
