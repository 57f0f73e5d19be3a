// Support for end-to-end tests of the CLI against the real cluster: runbooks scoped to a test namespace,
// in-process CLI runs with the test kubeconfig, and audit-file reading.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import type { AuditRecord } from '../../../src/core/model/audit';
import { cli, type CliResult } from '../../support/cli';
import type { TestCluster } from '../harness';
import { create, deployment } from '../objects';

export interface E2E {
  dir: string;
  auditFile: string;
  stateNamespace: string;
  run(args: string[], kubeconfig?: string): Promise<CliResult>;
  audit(): AuditRecord[];
  runbook(name: string, text: string): string;
}

/** A scratch dir with its own audit file and its own shared-state namespace. */
export function e2e(cluster: TestCluster, namespace: string): E2E {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-e2e-'));
  const auditFile = path.join(dir, 'audit.jsonl');
  const stateNamespace = `${namespace}-state`;
  return {
    dir, auditFile, stateNamespace,
    run: (args, kubeconfig = cluster.kubeconfig) => cli([...args, '--kubeconfig', kubeconfig, '--audit-file', auditFile, '--state-namespace', stateNamespace]),
    audit: () => readAuditFile(auditFile).records,
    runbook(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

/** The seed's runbook, verbatim, scoped to `namespace`. */
export function seedRunbook(namespace: string, repoRoot: string): string {
  return fs.readFileSync(path.join(repoRoot, 'runbooks', 'replace-redundant-pod.yaml'), 'utf8').replace(/"aiops-remediation-lab"/g, `"${namespace}"`);
}

/** A scale-up runbook with a short deadline, for verification failures. */
export function scaleRunbook(namespace: string, o: { timeoutSeconds: number; failureThreshold: number; cooldownMinutes?: number }): string {
  return `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: scale-up-stuck
spec:
  intent: "Add one replica; verification must fail when new pods never become Ready."
  owner: test
  risk: low
  decisionMode: auto_execute
  triggers:
    symptoms: [queue_depth_high]
    probableCauses: [consumer_throughput_insufficient]
    minimumConfidence: 0.5
  scope:
    allowedNamespaces: [${namespace}]
  guardrails:
    ${o.cooldownMinutes ? `cooldownMinutes: ${o.cooldownMinutes}` : 'maxExecutionsPerHour: 10'}
    circuitBreaker:
      failureThreshold: ${o.failureThreshold}
      windowMinutes: 60
  action:
    type: scaleDeployment
    by: 1
    maxReplicas: 5
  verification:
    checks: [available_replicas_equal_desired_replicas]
    timeoutSeconds: ${o.timeoutSeconds}
  rollback:
    type: scale_to_previous_replicas
  escalation:
    onGuardrailFailure: page_service_owner
    onVerificationFailure: page_service_owner
`;
}

export function incidentFile(dir: string, incident: object): string {
  const file = path.join(dir, `incident-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(incident));
  return file;
}

export function parseJson<T>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`CLI printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

export const QUEUE_INCIDENT = { id: 'INC-E2E', symptom: 'queue_depth_high', probableCause: 'consumer_throughput_insufficient', confidence: 0.9 };

/** A Deployment whose pods can never be scheduled (nodeSelector matches no node), so they never become Ready. */
export async function stuckDeployment(cluster: TestCluster, ns: string): Promise<void> {
  const d = deployment('stuck', 0) as { spec: { template: { spec: Record<string, unknown> } } };
  d.spec.template.spec.nodeSelector = { 'remediator.kubedojo.io/nowhere': 'true' };
  await create(cluster.http, ns, d);
}

