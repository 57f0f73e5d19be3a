// Support for running the CLI as the exported Job would: export a runbook's Job, apply its RBAC to the
// test cluster, get a token for its ServiceAccount, run the Job's exact arguments, and read back what the
// ServiceAccount may do (SelfSubjectRulesReview, which `kubectl auth can-i --list` shows).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import { JOB_PATHS } from '../../../src/core/export/job';
import { cli, type CliResult } from '../../support/cli';
import { kubeconfigWith, waitFor, type TestCluster } from '../harness';

export interface ExportedDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
  spec?: { jobTemplate: { spec: { template: { spec: { containers: { args: string[] }[] } } } } };
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** A sample runbook from runbooks/, its allowed namespaces replaced by `namespace` (comments kept). */
export function sampleRunbook(repoRoot: string, file: string, namespace: string): string {
  const doc = parseDocument(fs.readFileSync(path.join(repoRoot, 'runbooks', file), 'utf8'));
  doc.setIn(['spec', 'scope', 'allowedNamespaces'], doc.createNode([namespace], { flow: true }));
  return doc.toString();
}

export async function exportJobDocs(runbookFile: string, stateNamespace: string): Promise<ExportedDoc[]> {
  const out = await cli(['export-job', '--runbook', runbookFile, '--state-namespace', stateNamespace]);
  if (out.code !== 0) throw new Error(`export-job failed: ${out.stderr}`);
  return parseAllDocuments(out.stdout).map((d) => d.toJS() as ExportedDoc);
}

function collection(doc: ExportedDoc): string {
  const plural = `${doc.kind.toLowerCase()}s`;
  if (doc.kind === 'ServiceAccount' || doc.kind === 'ConfigMap') return `/api/v1/namespaces/${doc.metadata.namespace}/${plural}`;
  if (doc.kind.startsWith('Cluster')) return `${RBAC}/${plural}`;
  return `${RBAC}/namespaces/${doc.metadata.namespace}/${plural}`;
}

export const RBAC_KINDS = ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

/**
 * Applies the exported ServiceAccount and RBAC (as an admin would), creates the state namespace, and
 * returns a kubeconfig authenticating as the ServiceAccount plus a cleanup for the cluster-scoped objects.
 */
export async function applyJobRbac(cluster: TestCluster, docs: ExportedDoc[], stateNamespace: string, kinds = RBAC_KINDS): Promise<{ kubeconfig: string; user: string; cleanup(): Promise<void> }> {
  const { http } = cluster;
  await http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: stateNamespace, labels: { 'remediator.kubedojo.io/test': 'true' } } } });
  const applied = docs.filter((d) => kinds.includes(d.kind));
  for (const doc of applied) await http.request('POST', collection(doc), { body: doc });
  const sa = docs.find((d) => d.kind === 'ServiceAccount')!.metadata;
  const request = await http.request<{ status?: { token?: string } }>('POST', `/api/v1/namespaces/${sa.namespace}/serviceaccounts/${sa.name}/token`, {
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 900 } },
  });
  const kubeconfig = kubeconfigWith(cluster, sa.namespace!, sa.name, request.status!.token!);
  // RBAC is served from the authorizer's cache: wait until the last Role applied is in effect.
  await waitFor('the exported RBAC to be in effect', async () => ((await rulesOf(kubeconfig, sa.namespace!)).some((r) => r.resources.includes('pods') || r.resources.includes('deployments')) ? true : undefined), 15_000);
  return {
    kubeconfig,
    user: `system:serviceaccount:${sa.namespace}:${sa.name}`,
    cleanup: async () => {
      for (const doc of applied.filter((d) => d.kind.startsWith('Cluster'))) {
        await http.request('DELETE', `${collection(doc)}/${encodeURIComponent(doc.metadata.name)}`).catch(() => undefined);
      }
      await http.request('DELETE', `/api/v1/namespaces/${stateNamespace}`).catch(() => undefined);
    },
  };
}

export interface ResourceRule { verbs: string[]; apiGroups?: string[]; resources: string[]; resourceNames?: string[] }

/** What the kubeconfig's user may do in `namespace` (SelfSubjectRulesReview: `kubectl auth can-i --list`). */
export async function rulesOf(kubeconfig: string, namespace: string): Promise<ResourceRule[]> {
  const review = await connect({ kubeconfig }).http.request<{ status: { resourceRules?: ResourceRule[] } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  });
  return review.status.resourceRules ?? [];
}

/** Rules as "verb group/resource[name]" strings, one per verb, resource and name. */
export function flatten(rules: readonly ResourceRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    for (const verb of r.verbs) {
      for (const group of r.apiGroups ?? ['']) {
        for (const resource of r.resources) {
          for (const name of r.resourceNames?.length ? r.resourceNames : ['']) out.add(`${verb} ${group}/${resource}${name ? `[${name}]` : ''}`);
        }
      }
    }
  }
  return [...out].sort();
}

/** Granted to every authenticated user by the API server's default roles; not part of the Job's RBAC. */
export function withoutDefaults(flat: string[]): string[] {
  return flat.filter((r) => !/^create (authorization|authentication)\.k8s\.io\/self/.test(r));
}

/**
 * A HOME nothing can be created in, even by root: mode 0555; as root, also immutable (chattr +i); where
 * that is not permitted, a path below a regular file (ENOTDIR). `cleanup` lifts the flag and removes it.
 */
export function unwritableHome(): { home: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-home-'));
  const remove = () => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  fs.chmodSync(dir, 0o555);
  const writable = () => {
    try {
      fs.mkdirSync(path.join(dir, 'probe'));
      fs.rmdirSync(path.join(dir, 'probe'));
      return true;
    } catch {
      return false;
    }
  };
  if (!writable()) return { home: dir, cleanup: remove };
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    if (!writable()) return { home: dir, cleanup: () => { execFileSync('chattr', ['-i', dir], { stdio: 'ignore' }); remove(); } };
  } catch {
    // no chattr, or not permitted here: fall through
  }
  const file = path.join(dir, 'not-a-directory');
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(file, '');
  return { home: path.join(file, 'home'), cleanup: remove };
}

/**
 * Runs dist/cli.js with the CronJob's exact arguments and a Job-like environment: only the mount paths
 * (runbook ConfigMap, audit emptyDir) are mapped to local files, the kubeconfig comes through KUBECONFIG
 * (the pod's service account token in the cluster), and HOME cannot be written.
 */
export function runAsJob(repoRoot: string, docs: ExportedDoc[], o: { runbookFile: string; auditDir: string; kubeconfig: string; home: string }): Promise<CliResult> {
  const cron = docs.find((d) => d.kind === 'CronJob')!;
  const args = cron.spec!.jobTemplate.spec.template.spec.containers[0].args.map((a) => {
    if (a === JOB_PATHS.runbook) return o.runbookFile;
    if (a.startsWith(`${JOB_PATHS.auditDir}/`)) return path.join(o.auditDir, a.slice(JOB_PATHS.auditDir.length + 1));
    return a;
  });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: o.home, KUBECONFIG: o.kubeconfig, NODE_ENV: 'production' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--max-semi-space-size=32', path.join(repoRoot, 'dist', 'cli.js'), ...args], { env, cwd: '/', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
