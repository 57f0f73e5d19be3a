// Guesses a typed action from a policy's incident_type, the way a self-healing policy engine maps incident
// types to commands. A guess is always reported in the notes for a human to confirm.
import type { RollbackType, VerificationCheck } from '../model/runbook';

export interface InferredAction {
  /** The action as it will be written (a command string or a typed action with placeholders). */
  action: Record<string, unknown>;
  rollback: RollbackType;
  checks: VerificationCheck[];
  note: string;
}

const RULES: { pattern: RegExp; infer: (incident: string) => InferredAction }[] = [
  {
    pattern: /memory|leak|oom/i,
    infer: (incident) => ({
      action: { command: 'kubectl rollout restart deployment/${DEPLOYMENT} -n ${NAMESPACE}' },
      rollback: 'rollout_undo', checks: ['rollout_complete', 'available_replicas_equal_desired_replicas'],
      note: `action: guessed "kubectl rollout restart" from incident_type "${incident}" (the policy format restarts the Deployment on a memory leak); confirm it`,
    }),
  },
  {
    pattern: /cpu|spike|load|saturat|queue|latency/i,
    infer: (incident) => ({
      action: { type: 'scaleDeployment', by: 2, maxReplicas: null },
      rollback: 'scale_to_previous_replicas', checks: ['available_replicas_equal_desired_replicas'],
      note: `action: guessed "scale out by 2" from incident_type "${incident}" (the policy format scales out on a CPU spike); set maxReplicas and confirm it`,
    }),
  },
  {
    pattern: /deploy|release|rollout|regression|upgrade/i,
    infer: (incident) => ({
      action: { command: 'kubectl rollout undo deployment/${DEPLOYMENT} -n ${NAMESPACE}' },
      rollback: 'rollout_undo', checks: ['rollout_complete', 'available_replicas_equal_desired_replicas'],
      note: `action: guessed "kubectl rollout undo" from incident_type "${incident}" (the policy format uses helm rollback, which is not supported yet; rollout undo reverts the Deployment); confirm it`,
    }),
  },
];

export function inferAction(incidentType: string | undefined): InferredAction {
  const rule = incidentType ? RULES.find((r) => r.pattern.test(incidentType)) : undefined;
  if (rule && incidentType) return rule.infer(incidentType);
  return {
    action: { type: null },
    rollback: 'manual',
    checks: ['available_replicas_equal_desired_replicas'],
    note: `action: no action could be guessed from incident_type ${incidentType ? `"${incidentType}"` : '(missing)'}; FILL IN action.type`,
  };
}
