// The RemediationRunbook contract (apiVersion remediations.kubedojo.io/v1), as the engine reads it
// after parsing and validation. Field names follow the published runbook format exactly; extensions are optional.

export const RUNBOOK_API_VERSION = 'remediations.kubedojo.io/v1';
export const RUNBOOK_KIND = 'RemediationRunbook';

export type Risk = 'low' | 'medium' | 'high';
export type DecisionMode = 'manual' | 'suggest' | 'approval_required' | 'auto_execute';
export const DECISION_MODES: readonly DecisionMode[] = ['manual', 'suggest', 'approval_required', 'auto_execute'];
export const RISKS: readonly Risk[] = ['low', 'medium', 'high'];

/** Typed actions (each described in src/core/actions). The seed's `command:` strings are parsed into one of these; never run through a shell. */
export type Action =
  | { type: 'deletePod' }
  | { type: 'evictPod' }
  | { type: 'scaleDeployment'; replicas?: number; by?: number; minReplicas?: number; maxReplicas?: number }
  | { type: 'scaleStatefulSet'; replicas?: number; by?: number; minReplicas?: number; maxReplicas?: number }
  | { type: 'rolloutRestart' }
  | { type: 'rollbackDeployment' }
  /** `helm rollback` of the release the workload belongs to: to the last known-good revision, or to revision N. */
  | { type: 'helmRollback'; toRevision?: 'previous-good' | number }
  /** Read-only: gather evidence for a human-led remediation (e.g. database failover). */
  | { type: 'collectEvidence' };
export type ActionType = Action['type'];

export type VerificationCheck =
  | 'available_replicas_equal_desired_replicas'
  | 'replacement_pod_ready_within_timeout'
  | 'rollout_complete'
  | 'no_pods_remain';
export const VERIFICATION_CHECKS: readonly VerificationCheck[] = [
  'available_replicas_equal_desired_replicas',
  'replacement_pod_ready_within_timeout',
  'rollout_complete',
  'no_pods_remain',
];

export type RollbackType =
  | 'controller_recreates_pod'
  | 'scale_to_previous_replicas'
  | 'rollout_undo'
  | 'manual'
  | 'none';
export const ROLLBACK_TYPES: readonly RollbackType[] = [
  'controller_recreates_pod', 'scale_to_previous_replicas', 'rollout_undo', 'manual', 'none',
];

export interface BlastRadius {
  /** At most this many targets acted on in one run (scan). */
  maxTargetsPerRun?: number;
  /** At most this percentage of a workload's replicas disrupted at once (in flight + this run). */
  maxPercentOfReplicas?: number;
}

export interface CircuitBreakerConfig {
  /** Open after this many verification failures for the same runbook+namespace+app... */
  failureThreshold: number;
  /** ...within this window. */
  windowMinutes: number;
}

export interface Guardrails {
  minimumReadyReplicasWithSameApp?: number;
  maxExecutionsPerHour?: number;
  cooldownMinutes?: number;
  maxConcurrentActions?: number;
  /** Extensions (all optional; safe defaults apply). */
  blockingAnnotations?: string[];
  blastRadius?: BlastRadius;
  circuitBreaker?: CircuitBreakerConfig;
  /** Refuse to act on state older than this (live execution; simulate has no age). */
  maxStateAgeSeconds?: number;
  /** Prometheus conditions that must all hold at decision time and in the re-check before acting. */
  metricPreconditions?: MetricPrecondition[];
  /** helmRollback: act only when the release's current revision was deployed at most this many minutes ago. */
  maxMinutesSinceChange?: number;
}

/** A symptom that must still be present: `condition` (CEL over `result`) on the value of `query`. */
export interface MetricPrecondition {
  name: string;
  /** PromQL with ${NAMESPACE}, ${APP}, ${DEPLOYMENT}, ${STATEFULSET}, ${WORKLOAD}, ${POD_NAME} placeholders inside quoted label values. */
  query: string;
  condition: string;
}

/** A metric sampled after the action (argo-rollouts' analysis shape); durations as written, e.g. "30s". */
export interface VerificationMetric {
  name: string;
  query: string;
  /** CEL over `result` and `baseline` (the value at decision time). */
  successCondition: string;
  failureCondition?: string;
  initialDelay: string;
  interval: string;
  /** Consecutive successes needed. */
  count: number;
  failureLimit: number;
  inconclusiveLimit: number;
  onNoData: 'inconclusive' | 'fail';
}

/** An Alertmanager alert this runbook answers: its alertname, and labels that must have exactly these values. */
export interface AlertTrigger {
  alertname: string;
  matchers?: Record<string, string>;
}

export interface RunbookSpec {
  intent: string;
  owner: string;
  risk: Risk;
  decisionMode: DecisionMode;
  triggers: { symptoms: string[]; probableCauses: string[]; minimumConfidence: number; alerts?: AlertTrigger[] };
  scope: { allowedNamespaces: string[]; requiredLabels?: Record<string, string> };
  guardrails: Guardrails;
  action: Action;
  /** The seed's command string when the runbook used that form (kept for display). */
  actionCommand?: string;
  verification: { checks: VerificationCheck[]; timeoutSeconds: number; metrics?: VerificationMetric[] };
  rollback: { type: RollbackType; notes?: string };
  escalation: { onGuardrailFailure: string; onVerificationFailure: string };
  /** Observe only: everything up to the action, then the outcome `shadowed` (never acts). */
  shadow?: boolean;
}

export interface Runbook {
  apiVersion: typeof RUNBOOK_API_VERSION;
  kind: typeof RUNBOOK_KIND;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: RunbookSpec;
}
