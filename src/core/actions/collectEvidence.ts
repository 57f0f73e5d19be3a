// collectEvidence: read-only; the target's pods and recent Events for a human-led remediation. The target
// is a Deployment or a StatefulSet (or one of their pods).
import { noFieldProblems, noFindings } from './checks';
import { need, type ActionDescriptor } from './types';

export type PodEvidence = { name: string; phase?: string; ready: boolean; restarts: number; node?: string; problem?: string };
export type EventEvidence = { time?: string; type?: string; reason?: string; object: string; note?: string; count?: number };
export type CollectEvidenceDetails = { pods: PodEvidence[]; events: EventEvidence[] };

export const collectEvidence: ActionDescriptor<'collectEvidence'> = {
  type: 'collectEvidence',
  targetKind: 'Deployment',
  otherTargetKinds: ['StatefulSet'],
  mutating: false,
  setsReplicas: false,
  restoresRevision: false,
  needs: [
    need('get', '', 'pods'),
    need('get', 'apps', 'deployments', 'target', { forKind: 'Deployment' }),
    need('get', 'apps', 'statefulsets', 'target', { forKind: 'StatefulSet' }),
    need('list', '', 'pods'), need('list', 'events.k8s.io', 'events'),
  ],
  fields: {},
  fieldProblems: noFieldProblems,
  lint: noFindings,
  plan: (_action, target) => {
    const { namespace, name, kind } = target.ref;
    return { description: `collect pods, events and rollout history for ${kind} ${name} in ${namespace} (read-only)`, equivalentCommand: `kubectl get pods,events -n ${namespace}` };
  },
  sentence: () => 'evidence collection (read-only)',
  commands: [],
  rollbacks: ['none'],
  // It changes nothing; its checks describe the state a human should confirm, so any fit.
  checkMismatch: () => undefined,
  fittingCheck: () => 'available_replicas_equal_desired_replicas',
};
