// The real helm against the test cluster: install and upgrade the fixture chart, read a release's
// Secrets, and put a revision into pending-upgrade the way a helm process killed mid-upgrade leaves it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeReleaseData, encodeReleaseData } from '../../src/adapters/helm/decode';
import { KubeHelmReleaseReader, SECRETS } from '../../src/adapters/helm/releases';
import type { HelmRevision } from '../../src/core/helm/release';
import { listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { findTestHelm } from '../support/helm';
import type { TestCluster } from './harness';

export const CHART = path.join('test', 'fixtures', 'helm', 'checkout');
export const RELEASE = 'checkout';

export interface HelmRun { code: number; stdout: string; stderr: string }

/** helm with argv (no shell), pinned to the test cluster's kubeconfig. */
export function helm(cluster: TestCluster, args: string[]): Promise<HelmRun> {
  return new Promise((resolve) => {
    execFile(findTestHelm(), [...args, '--kubeconfig', cluster.kubeconfig], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}

/** `helm install` (revision 1) or `helm upgrade` with `--set` values; throws unless it succeeded, or failed when `expectFailure`. */
export async function release(cluster: TestCluster, ns: string, verb: 'install' | 'upgrade', set: Record<string, string>, expectFailure = false): Promise<void> {
  const sets = Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  const r = await helm(cluster, [verb, RELEASE, CHART, '--namespace', ns, ...sets]);
  if ((r.code === 0) === expectFailure) throw new Error(`helm ${verb} ${expectFailure ? 'should have failed' : 'failed'}: ${r.stderr || r.stdout}`);
}

export async function history(cluster: TestCluster, ns: string): Promise<HelmRevision[]> {
  const read = await new KubeHelmReleaseReader(cluster.http).read(ns, RELEASE);
  if (!read.ok) throw new Error(read.reason);
  return read.revisions;
}

interface ReleaseSecret extends KubeObject { data: Record<string, string> }

/** Rewrites revision `revision`'s Secret to status pending-upgrade (payload and label), as an interrupted upgrade leaves it. */
export async function markPending(cluster: Pick<TestCluster, 'http'>, ns: string, revision: number, name = RELEASE): Promise<void> {
  const { items } = await listAll<ReleaseSecret>(cluster.http, SECRETS, ns, { labelSelector: `owner=helm,name=${name},version=${revision}` });
  const secret = items[0];
  const json = decodeReleaseData(secret.data.release) as { info: { status: string } };
  json.info.status = 'pending-upgrade';
  secret.data.release = encodeReleaseData(json, (b) => gzipSync(b));
  const meta = secret.metadata as { labels?: Record<string, string> };
  meta.labels = { ...meta.labels, status: 'pending-upgrade' };
  await cluster.http.request('PUT', objectPath(SECRETS, ns, secret.metadata.name), { body: secret });
}

/** The helmRollback runbook of the cluster tests: auto_execute on http_5xx/bad_deploy (or the given symptom), rollout verified. */
export function helmRunbookText(ns: string, o: { mode?: string; action?: string; name?: string; symptom?: string } = {}): string {
  return `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: ${o.name ?? 'roll-back-bad-upgrade'}
spec:
  intent: "Roll the release back to its last known-good revision when an upgrade brings 5xx errors."
  owner: test
  risk: medium
  decisionMode: ${o.mode ?? 'auto_execute'}
  triggers:
    symptoms: [${o.symptom ?? 'http_5xx'}]
    probableCauses: [bad_deploy]
    minimumConfidence: 0.8
  scope:
    allowedNamespaces: [${ns}]
    requiredLabels:
      remediator.kubedojo.io/enabled: "true"
  guardrails:
    maxExecutionsPerHour: 5
    maxMinutesSinceChange: 60
  action:
    ${o.action ?? 'command: helm rollback ${RELEASE} -n ${NAMESPACE}'}
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
