import { blockingAnnotation } from '../../../src/core/guardrails/blockingAnnotation';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { runCases } from '../../support/guardrailCases';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, context, labSnapshot, namespaceObj, runbook } from '../../support/k8s';

const MAINTENANCE = 'remediator.kubedojo.io/maintenance';

function lab(edit: (s: ClusterSnapshot) => void, withNamespace = true): ClusterSnapshot {
  const snap = labSnapshot({ withNamespace });
  edit(snap);
  return snap;
}

function annotate(meta: { annotations?: Record<string, string> }, key: string, value: string): void {
  meta.annotations = { ...meta.annotations, [key]: value };
}

describe('guardrail blockingAnnotation', () => {
  runCases(blockingAnnotation, [
    {
      name: 'lab: nothing set on namespace, Deployment or pod', ctx: () => context(), status: 'pass',
      evidence: { namespaceChecked: true, checked: [`Namespace ${LAB_NAMESPACE}`, 'Deployment web', `pod ${LAB_WEB_POD}`] },
    },
    {
      name: 'no namespace objects in the state', ctx: () => context({ snapshot: labSnapshot({ withNamespace: false }) }),
      status: 'pass', reason: ['namespace annotations were not available'], evidence: { namespaceChecked: false },
    },
    {
      name: 'maintenance annotation on the namespace',
      ctx: () => context({ snapshot: lab((s) => { s.namespaces = [namespaceObj(LAB_NAMESPACE, { annotations: { [MAINTENANCE]: 'until 12:00' } })]; }) }),
      status: 'fail', reason: [`${MAINTENANCE}="until 12:00" on Namespace ${LAB_NAMESPACE}`],
    },
    {
      name: 'active-incident annotation on the Deployment',
      ctx: () => context({ snapshot: lab((s) => annotate(s.deployments[0].metadata, 'remediator.kubedojo.io/active-incident', 'INC-7')) }),
      status: 'fail', reason: ['on Deployment web'],
    },
    {
      name: 'runbook-specific annotation on the pod',
      ctx: () => context({
        runbook: runbook({ guardrails: { blockingAnnotations: ['payments-provider-down'] } }),
        snapshot: lab((s) => annotate(s.pods[0].metadata, 'payments-provider-down', 'true')),
      }),
      status: 'fail', reason: [`payments-provider-down="true" on pod ${LAB_WEB_POD}`],
    },
    {
      name: 'value "false" does not block',
      ctx: () => context({ snapshot: lab((s) => annotate(s.pods[0].metadata, MAINTENANCE, 'false')) }),
      status: 'pass',
    },
    {
      name: 'owner missing: the workload cannot be checked',
      ctx: () => context({ snapshot: lab((s) => { s.replicaSets = s.replicaSets.filter((r) => r.metadata.name !== LAB_WEB_RS); }) }),
      status: 'error', reason: ["cannot check the workload's annotations"],
    },
  ]);
});
