import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { JOB_IMAGE, JOB_PATHS, exportJob, jobRules, rulesFor, type PolicyRule } from '../../../src/core/export/job';
import { parseRunbook } from '../../../src/core/runbook/parse';
import type { Runbook } from '../../../src/core/model/runbook';
import { runbook } from '../../support/k8s';

type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: PolicyRule[]; spec?: CronSpec; roleRef?: { kind: string; name: string }; subjects?: { name: string; namespace: string }[] };
interface Container { image: string; args: string[]; securityContext: { readOnlyRootFilesystem: boolean }; volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] }
type PodSpec = { serviceAccountName: string; containers: Container[]; securityContext: { runAsNonRoot: boolean; runAsUser: number }; volumes: { name: string; emptyDir?: object; configMap?: object }[] };
type CronSpec = { concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: PodSpec } } } };

const repoRoot = process.cwd();

function sampleRunbook(file: string): Runbook {
  const { runbook: parsed } = parseRunbook(fs.readFileSync(path.join(repoRoot, 'runbooks', file), 'utf8'));
  assert.ok(parsed, file);
  return parsed;
}

/** verbs by resource, as one readable line per rule: "apps/deployments/scale: get,update". */
function summary(rules: PolicyRule[]): string[] {
  return rules.map((r) => `${r.apiGroups[0] ? `${r.apiGroups[0]}/` : ''}${r.resources[0]}: ${r.verbs.join(',')}`);
}

const WATCHED = ['pods', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'policy/poddisruptionbudgets'];
const watched = (extra: Record<string, string> = {}) => WATCHED.map((r) => `${r}: ${extra[r] ?? 'list,watch'}`);

/**
 * What each sample runbook's Job may do in its allowed namespace, written out by hand: snapshot and
 * verification read (list, watch) the five workload types; the audit Event is created on the target and
 * the target read (get) for its uid; then the action's and the rollback's own requests.
 */
const EXPECTED_TARGET_RULES: Record<string, string[]> = {
  'replace-redundant-pod.yaml': [...watched({ pods: 'delete,get,list,watch' }), 'events.k8s.io/events: create'],
  'contain-compromised-workload.yaml': [...watched({ 'apps/deployments': 'get,list,watch' }), 'apps/deployments/scale: get,update', 'events.k8s.io/events: create'],
  'scale-up-queue-worker.yaml': [...watched({ 'apps/deployments': 'get,list,watch' }), 'apps/deployments/scale: get,update', 'events.k8s.io/events: create'],
  'restart-memory-leak.yaml': [...watched({ 'apps/deployments': 'get,list,patch,update,watch' }), 'events.k8s.io/events: create'],
  'rollback-bad-release.yaml': [...watched({ 'apps/deployments': 'get,list,update,watch' }), 'events.k8s.io/events: create'],
  'database-failover.yaml': [...watched({ pods: 'get,list,watch', 'apps/deployments': 'get,list,watch' }), 'events.k8s.io/events: create,list'],
};

describe('export-job: least privilege from the runbook', () => {
  const docs = exportJob(runbook(), 'kind: RemediationRunbook\n', { stateNamespace: 'remediator-system', image: 'remediator:test', schedule: '*/10 * * * *' }) as Doc[];
  const role = docs.find((d) => d.kind === 'Role' && d.metadata.namespace === 'aiops-remediation-lab')!;
  const cron = docs.find((d) => d.kind === 'CronJob')! as Required<Doc>;
  const pod = cron.spec.jobTemplate.spec.template.spec;

  it('emits ServiceAccount, Roles, RoleBindings, a ClusterRole for the Namespace, ConfigMap and CronJob', () => {
    assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}`), [
      'ServiceAccount/aiops-remediation-lab', 'Role/aiops-remediation-lab', 'RoleBinding/aiops-remediation-lab',
      'Role/remediator-system', 'RoleBinding/remediator-system', 'ClusterRole/', 'ClusterRoleBinding/',
      'ConfigMap/aiops-remediation-lab', 'CronJob/aiops-remediation-lab',
    ]);
  });

  for (const [file, expected] of Object.entries(EXPECTED_TARGET_RULES)) {
    it(`${file}: the namespaced Role grants exactly what its steps use`, () => {
      const rb = sampleRunbook(file);
      assert.deepEqual(summary(jobRules(rb).target).sort(), [...expected].sort());
      assert.deepEqual(summary(jobRules(rb).state), ['configmaps: create,get,update', 'coordination.k8s.io/leases: create,delete,get,update']);
    });
  }

  it('every sample runbook is listed above', () => {
    assert.deepEqual(fs.readdirSync(path.join(repoRoot, 'runbooks')).filter((f) => f.endsWith('.yaml')).sort(), Object.keys(EXPECTED_TARGET_RULES).sort());
  });

  it('the ClusterRole may only get the allowed Namespace objects, by name, and is bound to the ServiceAccount', () => {
    const two = exportJob(runbook({ scope: { allowedNamespaces: ['b-ns', 'a-ns'] } }), '', { stateNamespace: 's', schedule: '* * * * *' }) as Doc[];
    const clusterRole = two.find((d) => d.kind === 'ClusterRole')!;
    assert.deepEqual(clusterRole.rules, [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: ['a-ns', 'b-ns'] }]);
    const binding = two.find((d) => d.kind === 'ClusterRoleBinding')!;
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.metadata.name });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'remediator-replace-redundant-pod', namespace: 'b-ns' }]);
  });

  it('the scale runbooks update deployments/scale (the writer PUTs the Scale) and never patch deployments', () => {
    const rules = jobRules(sampleRunbook('scale-up-queue-worker.yaml')).target;
    assert.deepEqual(rules.find((r) => r.resources[0] === 'deployments/scale')!.verbs, ['get', 'update']);
    assert.ok(!rules.find((r) => r.resources[0] === 'deployments')!.verbs.some((v) => v === 'patch' || v === 'update'));
  });

  it('grants delete on pods for deletePod and nothing that writes workloads', () => {
    for (const r of role.rules!) {
      if (r.resources[0] !== 'pods' && r.resources[0] !== 'events') {
        assert.ok(r.verbs.every((v) => ['get', 'list', 'watch'].includes(v)), `${r.resources[0]}: ${r.verbs}`);
      }
    }
  });

  it('runs scan with --execute on a forbid-concurrency CronJob as non-root, auditing into the emptyDir', () => {
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    assert.equal(pod.serviceAccountName, 'remediator-replace-redundant-pod');
    const args = pod.containers[0].args;
    assert.deepEqual(args.slice(0, 5), ['scan', '--runbook', JOB_PATHS.runbook, '--execute', '--yes']);
    assert.equal(args[args.indexOf('--audit-file') + 1], JOB_PATHS.auditFile);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.runAsUser, 65532);
  });

  it('the root filesystem is read-only; the audit directory is the one writable mount (an emptyDir)', () => {
    const container = pod.containers[0];
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    const writable = container.volumeMounts.filter((m) => !m.readOnly);
    assert.deepEqual(writable.map((m) => m.mountPath), [JOB_PATHS.auditDir]);
    assert.ok(pod.volumes.find((v) => v.name === writable[0].name)!.emptyDir);
    assert.ok(JOB_PATHS.auditFile.startsWith(`${JOB_PATHS.auditDir}/`));
    assert.ok(JOB_PATHS.runbook.startsWith(`${JOB_PATHS.runbookDir}/`));
  });

  it('the default image is the one `npm run image` builds and tags', () => {
    const exported = exportJob(runbook(), '', { stateNamespace: 's', schedule: '* * * * *' }) as Doc[];
    const image = (exported.find((d) => d.kind === 'CronJob') as Required<Doc>).spec.jobTemplate.spec.template.spec.containers[0].image;
    assert.equal(image, JOB_IMAGE);
    const tag = execFileSync('bash', [path.join(repoRoot, 'scripts', 'image.sh'), '--print-tag'], { encoding: 'utf8' }).trim();
    assert.equal(tag, JOB_IMAGE);
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(JOB_IMAGE, `remediator:${version}`, 'the image tag follows the package version');
    assert.match(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'), /"image": "bash scripts\/image.sh"/);
  });

  it('groups permissions into one rule per resource', () => {
    assert.deepEqual(rulesFor([{ verb: 'list', group: '', resource: 'pods' }, { verb: 'get', group: '', resource: 'pods' }]),
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  });
});
