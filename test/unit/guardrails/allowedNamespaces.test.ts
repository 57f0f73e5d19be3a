import { allowedNamespaces } from '../../../src/core/guardrails/allowedNamespaces';
import { runCases } from '../../support/guardrailCases';
import { LAB_NAMESPACE, context, runbook } from '../../support/k8s';

describe('guardrail allowedNamespaces', () => {
  runCases(allowedNamespaces, [
    { name: 'lab namespace is allowed', ctx: () => context(), status: 'pass', evidence: { namespace: LAB_NAMESPACE } },
    {
      name: 'namespace not listed',
      ctx: () => context({ runbook: runbook({ scope: { allowedNamespaces: ['payments'] } }) }),
      status: 'fail', reason: [`namespace ${LAB_NAMESPACE} is not in the runbook's allowed namespaces (payments)`],
    },
    {
      name: "'*' is not a wildcard",
      ctx: () => context({ runbook: runbook({ scope: { allowedNamespaces: ['*'] } }) }),
      status: 'fail', reason: ["'*' is not a wildcard"],
    },
    {
      name: 'empty list allows nothing',
      ctx: () => context({ runbook: runbook({ scope: { allowedNamespaces: [] } }) }),
      status: 'fail', reason: ['allows no namespaces'],
    },
    {
      name: 'target without a namespace',
      ctx: () => context({ target: { ref: { namespace: '', kind: 'Pod', name: 'orphan' } } }),
      status: 'error', reason: ['has no namespace'],
    },
  ]);
});
