// Test-only builders for the model (runbook, incident, audit record) and guardrail contexts over the lab.
import { SnapshotIndex } from '../../src/core/k8s/snapshotIndex';
import type { ClusterSnapshot } from '../../src/core/k8s/types';
import { HistoryView } from '../../src/core/engine/history';
import { RunState } from '../../src/core/engine/runState';
import { DEFAULT_SETTINGS, type EngineSettings, type GuardrailContext, type ResolvedTarget } from '../../src/core/guardrails/types';
import type { AuditRecord } from '../../src/core/model/audit';
import { MANUAL_RESTART_SYMPTOM, type Incident } from '../../src/core/model/incident';
import { RUNBOOK_API_VERSION, RUNBOOK_KIND, type Guardrails, type Runbook, type RunbookSpec } from '../../src/core/model/runbook';
import { ENABLED_LABEL, LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD } from './lab';
import { labSnapshot } from './objects';

export interface RunbookOverrides {
  name?: string;
  spec?: Partial<RunbookSpec>;
  /** Merged into the seed's guardrails (pass `undefined` for a key to remove it). */
  guardrails?: Partial<Guardrails>;
  scope?: Partial<RunbookSpec['scope']>;
}

/** The seed's replace-redundant-pod runbook, typed. */
export function runbook(o: RunbookOverrides = {}): Runbook {
  const spec: RunbookSpec = {
    intent: 'Replace one unhealthy pod when a controller has enough healthy replicas.',
    owner: 'platform-operations',
    risk: 'low',
    decisionMode: 'auto_execute',
    triggers: {
      symptoms: ['CrashLoopBackOff', 'readiness_probe_failed', 'manual_restart_recommended'],
      probableCauses: ['pod_process_hung', 'transient_node_or_container_failure'],
      minimumConfidence: 0.8,
    },
    scope: { allowedNamespaces: [LAB_NAMESPACE], requiredLabels: { [ENABLED_LABEL]: 'true' } },
    guardrails: { minimumReadyReplicasWithSameApp: 2, maxExecutionsPerHour: 3, cooldownMinutes: 10, maxConcurrentActions: 1 },
    action: { type: 'deletePod' },
    actionCommand: 'kubectl delete pod ${POD_NAME} -n ${NAMESPACE}',
    verification: { checks: ['available_replicas_equal_desired_replicas', 'replacement_pod_ready_within_timeout'], timeoutSeconds: 120 },
    rollback: { type: 'controller_recreates_pod', notes: 'No explicit rollback because the ReplicaSet creates a replacement pod.' },
    escalation: { onGuardrailFailure: 'page_service_owner', onVerificationFailure: 'open_incident_and_disable_runbook' },
    ...o.spec,
  };
  if (o.guardrails) spec.guardrails = { ...spec.guardrails, ...o.guardrails };
  if (o.scope) spec.scope = { ...spec.scope, ...o.scope };
  return { apiVersion: RUNBOOK_API_VERSION, kind: RUNBOOK_KIND, metadata: { name: o.name ?? 'replace-redundant-pod' }, spec };
}

export function incident(o: Partial<Incident> = {}): Incident {
  return { id: 'INC-2026-0426', symptom: MANUAL_RESTART_SYMPTOM, confidence: 1, ...o };
}

/** A verified replace-redundant-pod attempt on the marked web pod, 5 minutes before LAB_NOW. */
export function auditRecord(o: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 'attempt-1',
    time: new Date(LAB_NOW.getTime() - 5 * 60_000).toISOString(),
    incidentId: 'INC-2026-0426',
    runbook: 'replace-redundant-pod',
    target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD, app: 'web' },
    mode: 'auto_execute',
    outcome: 'verified',
    verdicts: [],
    action: { type: 'deletePod' },
    actor: 'remediator',
    ...o,
  };
}

/** Minutes before LAB_NOW as an ISO time (for audit records). */
export function minutesAgo(minutes: number, now: Date = LAB_NOW): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

/** Test-only resolver for a pod target (the engine has the real one). */
export function resolvePodTarget(index: SnapshotIndex, namespace: string, name: string): ResolvedTarget {
  const found = index.pod(namespace, name);
  const ref = { namespace, kind: 'Pod', name };
  if (!found) return { ref };
  const owner = index.ownerOfPod(found);
  const deployment = owner.status === 'found' && owner.workload.kind === 'Deployment' ? owner.workload.object : undefined;
  const app = found.metadata.labels?.app ?? deployment?.spec?.template?.metadata?.labels?.app;
  return { ref, pod: found, owner, deployment, app };
}

/** Test-only resolver for a Deployment target (scale, rollout restart, rollback). */
export function resolveDeploymentTarget(index: SnapshotIndex, namespace: string, name: string): ResolvedTarget {
  const dep = index.deployment(namespace, name);
  return { ref: { namespace, kind: 'Deployment', name }, deployment: dep, app: dep?.spec?.template?.metadata?.labels?.app };
}

export interface ContextOverrides {
  runbook?: Runbook;
  incident?: Incident;
  snapshot?: ClusterSnapshot;
  records?: AuditRecord[];
  /**
   * The name of a pod in the lab namespace (default: the marked web pod), `{ deployment: name }` for a
   * Deployment target, a function resolving against this context's index, or a ready ResolvedTarget.
   */
  target?: string | { deployment: string } | ((index: SnapshotIndex) => ResolvedTarget) | ResolvedTarget;
  now?: Date;
  settings?: Partial<EngineSettings>;
  acting?: ResolvedTarget[];
}

function resolveTarget(index: SnapshotIndex, t: ContextOverrides['target']): ResolvedTarget {
  if (typeof t === 'function') return t(index);
  if (t === undefined || typeof t === 'string') return resolvePodTarget(index, LAB_NAMESPACE, t ?? LAB_WEB_POD);
  if ('deployment' in t && typeof t.deployment === 'string') return resolveDeploymentTarget(index, LAB_NAMESPACE, t.deployment);
  return t as ResolvedTarget;
}

export function context(o: ContextOverrides = {}): GuardrailContext {
  const index = new SnapshotIndex(o.snapshot ?? labSnapshot());
  const target = resolveTarget(index, o.target);
  return {
    runbook: o.runbook ?? runbook(),
    incident: o.incident ?? incident(),
    target,
    index,
    history: new HistoryView(o.records ?? []),
    now: o.now ?? LAB_NOW,
    settings: { ...DEFAULT_SETTINGS, ...o.settings },
    run: new RunState(index, o.acting ?? []),
  };
}

/** One JSONL line: an executed record `remediator verify --audit-id attempt-1` can pick up (a 1 s deadline). */
export function executedRecordLine(namespace = LAB_NAMESPACE, time = '2026-01-01T00:00:00.000Z'): string {
  return JSON.stringify(auditRecord({
    time, outcome: 'executed', actor: 'tester',
    target: { namespace, kind: 'Pod', name: 'web-1' },
    verification: {
      plan: { checks: [{ check: 'replacement_pod_ready_within_timeout', description: 'a replacement pod is Ready' }], timeoutSeconds: 1, expect: {} },
      baseline: { podUids: [] },
    },
  })) + '\n';
}
