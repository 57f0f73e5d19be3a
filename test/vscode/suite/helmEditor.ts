// What the editor's Helm suites share: the helmRollback runbook they write, and helm run with argv.
import { execFile } from 'child_process';

/** A helmRollback runbook scoped to `ns` (the opt-in label required), rolling back to the last known-good revision. */
export function helmRunbookYaml(ns: string, name: string, decisionMode = 'auto_execute'): string {
  return `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: ${name}
spec:
  intent: "Roll the release back to its last known-good revision when an upgrade brings 5xx errors."
  owner: test
  risk: medium
  decisionMode: ${decisionMode}
  triggers:
    symptoms: [http_5xx]
    probableCauses: [bad_deploy]
    minimumConfidence: 0.8
  scope:
    allowedNamespaces: [${ns}]
    requiredLabels:
      remediator.kubedojo.io/enabled: "true"
  guardrails:
    maxExecutionsPerHour: 5
  action:
    command: helm rollback \${RELEASE} -n \${NAMESPACE}
  verification:
    checks: [rollout_complete]
    timeoutSeconds: 90
  rollback:
    type: manual
    notes: "Roll forward by hand once the chart is fixed."
  escalation:
    onGuardrailFailure: page_service_owner
    onVerificationFailure: page_service_owner
`;
}

/** helm with argv (no shell); resolves with whether it succeeded, so a failed upgrade can be made on purpose. */
export function runHelm(binary: string, kubeconfig: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(binary, [...args, '--kubeconfig', kubeconfig], { timeout: 120_000 }, (err, stdout, stderr) => resolve({ ok: !err, output: stderr || stdout }));
  });
}
