// Synthetic inputs for the benchmarks (deterministic).
import type { ClusterSnapshot, Deployment, Pod, ReplicaSet } from '../src/core/k8s/types';

const NS = 'aiops-remediation-lab';

/** A kubectl-shaped List with `pods` labeled pods spread over `deployments` Deployments (plus one unlabeled peer each). */
export function largeState(pods: number, deployments: number): object {
  const items: (Pod | ReplicaSet | Deployment)[] = [];
  const perDeployment = Math.ceil(pods / deployments);
  for (let d = 0; d < deployments; d++) {
    const app = `svc-${d}`;
    const rs = `${app}-6f7c9d8b5`;
    items.push({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: app, namespace: NS, uid: `dep-${d}`, generation: 1, labels: { app, 'remediator.kubedojo.io/enabled': 'true' } },
      spec: { replicas: perDeployment + 1, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } },
      status: { observedGeneration: 1, replicas: perDeployment + 1, updatedReplicas: perDeployment + 1, readyReplicas: perDeployment + 1, availableReplicas: perDeployment + 1 },
    });
    items.push({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: rs, namespace: NS, uid: `rs-${d}`, labels: { app }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: `dep-${d}`, controller: true }], annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { replicas: perDeployment + 1 },
    });
    for (let p = 0; p <= perDeployment; p++) {
      const labeled = p < perDeployment && d * perDeployment + p < pods;
      items.push({
        apiVersion: 'v1', kind: 'Pod',
        metadata: {
          name: `${rs}-${p.toString(36).padStart(5, 'x')}`, namespace: NS, uid: `pod-${d}-${p}`, resourceVersion: String(1000 + p),
          labels: { app, ...(labeled ? { 'remediator.kubedojo.io/restart': 'true' } : {}) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `rs-${d}`, controller: true }],
        },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0 }] },
      });
    }
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

/** One valid runbook whose rollback notes (a block scalar) make the file `bytes` long. */
export function runbookWithLongNotes(typical: string, bytes: number): string {
  const line = '      The ReplicaSet recreates the pod; this paragraph is padding for the benchmark.\n';
  const head = typical.replace(/    notes: .*\n/, '    notes: |\n');
  const [before, after] = head.split('    notes: |\n');
  let body = '';
  while (before.length + body.length + after.length + line.length + 14 < bytes) body += line;
  return `${before}    notes: |\n${body}${after}`;
}

/** A multi-document runbook file of at most `bytes` bytes. */
export function largeRunbookFile(bytes: number): string {
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; ; i++) {
    const doc = `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: replace-redundant-pod-${i}
spec:
  intent: "Replace one unhealthy pod when a controller has enough healthy replicas (${i})."
  owner: "platform-operations"
  risk: "low"
  decisionMode: "auto_execute"
  triggers:
    symptoms: ["CrashLoopBackOff", "readiness_probe_failed", "manual_restart_recommended"]
    probableCauses: ["pod_process_hung", "transient_node_or_container_failure"]
    minimumConfidence: 0.8
  scope:
    allowedNamespaces: ["aiops-remediation-lab", "team-${i}"]
    requiredLabels:
      remediator.kubedojo.io/enabled: "true"
  guardrails:
    minimumReadyReplicasWithSameApp: 2
    maxExecutionsPerHour: 3
    cooldownMinutes: 10
    maxConcurrentActions: 1
  action:
    command: "kubectl delete pod \${POD_NAME} -n \${NAMESPACE}"
  verification:
    checks: ["available_replicas_equal_desired_replicas", "replacement_pod_ready_within_timeout"]
    timeoutSeconds: 120
  rollback:
    type: "controller_recreates_pod"
  escalation:
    onGuardrailFailure: "page_service_owner"
    onVerificationFailure: "open_incident_and_disable_runbook"
`;
    if (size + doc.length + 4 > bytes) break;
    docs.push(doc);
    size += doc.length + 4;
  }
  return docs.join('---\n');
}

/**
 * A snapshot of `pods` Ready pods spread evenly over `deployments` Deployments (one ReplicaSet and one
 * PodDisruptionBudget each), of which `marked` carry the restart label, spread evenly too. Built as
 * objects (no JSON) so the benchmark measures deciding, not parsing.
 */
export function markedFleet(pods: number, marked: number, deployments: number): ClusterSnapshot {
  const snapshot: ClusterSnapshot = { pods: [], replicaSets: [], deployments: [], statefulSets: [], podDisruptionBudgets: [] };
  const perDeployment = Math.ceil(pods / deployments);
  const markEvery = Math.max(1, Math.floor(pods / Math.max(1, marked)));
  let made = 0;
  let labeled = 0;
  for (let d = 0; d < deployments && made < pods; d++) {
    const app = `fleet-${d}`;
    const rs = `${app}-7c9d8b5f6`;
    const size = Math.min(perDeployment, pods - made);
    snapshot.deployments.push({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: app, namespace: NS, uid: `fdep-${d}`, generation: 1, labels: { app, 'remediator.kubedojo.io/enabled': 'true' } },
      spec: { replicas: size, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } },
      status: { observedGeneration: 1, replicas: size, updatedReplicas: size, readyReplicas: size, availableReplicas: size },
    });
    snapshot.replicaSets.push({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: rs, namespace: NS, uid: `frs-${d}`, labels: { app }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: `fdep-${d}`, controller: true }], annotations: { 'deployment.kubernetes.io/revision': '1' } },
      spec: { replicas: size },
    });
    snapshot.podDisruptionBudgets.push({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
      metadata: { name: `${app}-pdb`, namespace: NS, uid: `fpdb-${d}` },
      spec: { selector: { matchLabels: { app } }, maxUnavailable: '50%' },
      status: { disruptionsAllowed: Math.floor(size / 2), currentHealthy: size, desiredHealthy: size - Math.floor(size / 2) },
    });
    for (let p = 0; p < size; p++, made++) {
      const mark = made % markEvery === 0 && labeled < marked;
      if (mark) labeled++;
      snapshot.pods.push({
        apiVersion: 'v1', kind: 'Pod',
        metadata: {
          name: `${rs}-${p.toString(36).padStart(5, '0')}`, namespace: NS, uid: `fpod-${d}-${p}`, resourceVersion: String(1000 + p),
          labels: { app, 'remediator.kubedojo.io/enabled': 'true', ...(mark ? { 'remediator.kubedojo.io/restart': 'true' } : {}) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `frs-${d}`, controller: true }],
        },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0 }] },
      });
    }
  }
  return snapshot;
}
