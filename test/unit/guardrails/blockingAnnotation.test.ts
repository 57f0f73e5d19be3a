import { strict as assert } from 'assert';
import { blockingAnnotation } from '../../../src/core/guardrails/blockingAnnotation';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import { runCases } from '../../support/guardrailCases';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, context, labSnapshot, namespaceObj, runbook } from '../../support/k8s';

const MAINTENANCE = 'remediator.kubedojo.io/maintenance';
const DENIED = 'forbidden: namespaces "aiops-remediation-lab" is forbidden: User "system:serviceaccount:lab:job" cannot get resource "namespaces"';

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
      status: 'pass', reason: ['namespace annotations were not available: the Namespace was not part of this cluster state'], evidence: { namespaceChecked: false, namespace: 'not in state' },
    },
    {
      name: 'namespace read from the cluster: the verdict says so', ctx: () => context(),
      status: 'pass', reason: ['Namespace read from the cluster state'], evidence: { namespace: 'read' },
    },
    {
      name: 'a live read of the Namespace was denied: fail closed, say why and what grants it',
      ctx: () => context({ snapshot: lab((s) => { s.unreadableNamespaces = { [LAB_NAMESPACE]: DENIED }; }, false) }),
      status: 'error',
      reason: [`could not read the annotations of Namespace ${LAB_NAMESPACE}`, DENIED, '"get" on namespaces', `resourceNames [${LAB_NAMESPACE}]`, 'ClusterRole'],
      evidence: { namespaceChecked: false, namespace: 'unreadable' },
    },
    {
      name: 'denied Namespace, but a blocking annotation on the pod: unsafe wins over unknown',
      ctx: () => context({ snapshot: lab((s) => { s.unreadableNamespaces = { [LAB_NAMESPACE]: DENIED }; annotate(s.pods[0].metadata, MAINTENANCE, 'now'); }, false) }),
      status: 'fail', reason: [`on pod ${LAB_WEB_POD}`],
    },
    {
      name: 'another namespace was unreadable: the target namespace was read',
      ctx: () => context({ snapshot: lab((s) => { s.unreadableNamespaces = { elsewhere: DENIED }; }) }),
      status: 'pass', evidence: { namespace: 'read' },
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
      name: 'an annotation key named like an Object member (constructor, toString) finds nothing when it is not set',
      ctx: () => context({ runbook: runbook({ guardrails: { blockingAnnotations: ['constructor', 'toString', 'hasOwnProperty'] } }) }),
      status: 'pass',
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

  it('seeded random states: an unreadable target Namespace never passes', () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (let i = 0; i < 200; i++) {
      const withNamespace = random() < 0.5;
      const unreadable = random() < 0.5;
      const annotated = random() < 0.3;
      const snapshot = lab((s) => {
        if (unreadable) s.unreadableNamespaces = { [LAB_NAMESPACE]: DENIED };
        if (annotated) annotate(s.deployments[0].metadata, MAINTENANCE, 'yes');
      }, withNamespace && !unreadable);
      const v = blockingAnnotation.evaluate(context({ snapshot }));
      const expected = annotated ? 'fail' : unreadable ? 'error' : 'pass';
      assert.equal(v.status, expected, `case ${i} (namespace ${withNamespace}, unreadable ${unreadable}, annotated ${annotated}): ${v.reason}`);
    }
  });
});
