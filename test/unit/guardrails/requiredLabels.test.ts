import { requiredLabels } from '../../../src/core/guardrails/requiredLabels';
import { runCases } from '../../support/guardrailCases';
import {
  ENABLED_LABEL, LAB_SINGLETON_POD, LAB_WEB_POD, LAB_WEB_RS, context, deployment, labSnapshot, pod, runbook,
} from '../../support/k8s';

/** The lab with the web Deployment's labels replaced. */
function labWithWebLabels(labels: Record<string, string>) {
  const snap = labSnapshot();
  snap.deployments = snap.deployments.map((d) => (d.metadata.name === 'web' ? deployment('web', { replicas: 2, labels }) : d));
  return snap;
}

describe('guardrail requiredLabels', () => {
  runCases(requiredLabels, [
    {
      name: 'lab: the opt-in label is on the web Deployment (not the pod)',
      ctx: () => context(), status: 'pass', reason: [`Deployment web carries the opt-in label ${ENABLED_LABEL}=true`],
      evidence: { workload: 'Deployment/web' },
    },
    { name: 'lab: singleton is opted in too', ctx: () => context({ target: LAB_SINGLETON_POD }), status: 'pass' },
    { name: 'no labels required', ctx: () => context({ runbook: runbook({ scope: { requiredLabels: {} } }) }), status: 'skip' },
    {
      name: 'label missing on the Deployment',
      ctx: () => context({ snapshot: labWithWebLabels({}) }),
      status: 'fail', reason: [`Deployment web has not opted in: label ${ENABLED_LABEL} is missing`],
      evidence: { actual: { [ENABLED_LABEL]: null } },
    },
    {
      name: 'label with another value',
      ctx: () => context({ snapshot: labWithWebLabels({ [ENABLED_LABEL]: 'false' }) }),
      status: 'fail', reason: [`label ${ENABLED_LABEL} is "false", not "true"`],
    },
    {
      name: 'bare pod has no workload to carry the label',
      ctx: () => {
        const snap = labSnapshot();
        snap.pods.push(pod('debug', { app: 'web', owner: null, labels: { [ENABLED_LABEL]: 'true' } }));
        return context({ snapshot: snap, target: 'debug' });
      },
      status: 'fail', reason: ['no owning workload', 'bare pod'],
    },
    {
      name: 'owner ReplicaSet missing from the state',
      ctx: () => {
        const snap = labSnapshot();
        snap.replicaSets = snap.replicaSets.filter((rs) => rs.metadata.name !== LAB_WEB_RS);
        return context({ snapshot: snap, target: LAB_WEB_POD });
      },
      status: 'error', reason: [`owner ReplicaSet ${LAB_WEB_RS} is not in the cluster state`],
    },
    {
      name: 'Deployment target reads its own labels',
      ctx: () => context({ runbook: runbook({ spec: { action: { type: 'rolloutRestart' } } }), target: { deployment: 'web' } }),
      status: 'pass',
    },
    {
      name: 'a required key named like an Object member (constructor, __proto__) is a missing label, not a prototype value',
      ctx: () => context({ runbook: runbook({ scope: { requiredLabels: { constructor: 'x', ['__proto__']: 'y', toString: 'z' } } }) }),
      status: 'fail', reason: ['label constructor is missing', 'label __proto__ is missing', 'label toString is missing'],
      evidence: { actual: { constructor: null, ['__proto__']: null, toString: null } },
    },
  ]);
});
