import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ACTION_NEEDS, ROLLBACK_NEEDS, eventNeeds } from '../../../src/core/engine/permissions';
import { JOB_IMAGE, JOB_PATHS, exportJob, jobRules, rulesFor, type PolicyRule } from '../../../src/core/export/job';
import { IMAGE_NODE_FLAGS } from '../../../src/core/export/image';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { ROLLBACK_TYPES, type ActionType, type Runbook } from '../../../src/core/model/runbook';
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
  // A restart may target a Deployment or a StatefulSet (whichever owns the marked pod): both are granted.
  'restart-memory-leak.yaml': [...watched({ 'apps/deployments': 'get,list,patch,update,watch', 'apps/statefulsets': 'get,list,patch,watch' }), 'events.k8s.io/events: create'],
  'rollback-bad-release.yaml': [...watched({ 'apps/deployments': 'get,list,update,watch' }), 'events.k8s.io/events: create'],
  // Evidence is collected from a Deployment or a StatefulSet: either is read (get).
  'database-failover.yaml': [...watched({ pods: 'get,list,watch', 'apps/deployments': 'get,list,watch', 'apps/statefulsets': 'get,list,watch' }), 'events.k8s.io/events: create,list'],
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

  it('a state namespace that is also an allowed namespace gets one Role with both sets of rules', () => {
    const same = exportJob(runbook(), '', { stateNamespace: 'aiops-remediation-lab', schedule: '* * * * *' }) as Doc[];
    const roles = same.filter((d) => d.kind === 'Role');
    assert.deepEqual(roles.map((r) => r.metadata.namespace), ['aiops-remediation-lab']);
    assert.deepEqual(same.filter((d) => d.kind === 'RoleBinding').length, 1);
    const resources = roles[0].rules!.map((r) => r.resources[0]);
    for (const r of ['pods', 'leases', 'configmaps']) assert.ok(resources.includes(r), `${r} in ${resources.join(', ')}`);
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

  it('seeded random runbooks: writes are granted only for the action, its rollback and the audit Event', () => {
    let seed = 42;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const types = Object.keys(ACTION_NEEDS) as ActionType[];
    const READS = ['get', 'list', 'watch'];
    for (let i = 0; i < 300; i++) {
      const type = pick(types);
      const rollback = pick(ROLLBACK_TYPES);
      const namespaces = Array.from({ length: 1 + Math.floor(random() * 7) }, () => `ns-${Math.floor(random() * 5)}`);
      const rb = runbook({ spec: { action: { type } as Runbook['spec']['action'], rollback: { type: rollback } }, scope: { allowedNamespaces: namespaces } });
      const exported = exportJob(rb, '', { stateNamespace: 'state', schedule: '* * * * *' }) as Doc[];
      const allowedWrites = new Set([...ACTION_NEEDS[type], ...ROLLBACK_NEEDS[rollback], ...eventNeeds(type)]
        .filter((n) => !READS.includes(n.verb)).map((n) => `${n.verb} ${n.group}/${n.resource}${n.subresource ? `/${n.subresource}` : ''}`));
      const where = `case ${i} (${type}, rollback ${rollback}, ${namespaces.join(',')})`;
      const roles = exported.filter((d) => d.kind === 'Role' && d.metadata.namespace !== 'state');
      assert.deepEqual(roles.map((r) => r.metadata.namespace), [...new Set(namespaces)], where);
      for (const role of roles) {
        for (const rule of role.rules!) {
          for (const verb of rule.verbs.filter((v) => !READS.includes(v))) {
            assert.ok(allowedWrites.has(`${verb} ${rule.apiGroups[0]}/${rule.resources[0]}`), `${where}: ${verb} ${rule.resources[0]} is granted`);
          }
          assert.ok(!rule.verbs.includes('*') && !rule.resources.includes('*') && !rule.apiGroups.includes('*'), where);
        }
      }
      const clusterRole = exported.find((d) => d.kind === 'ClusterRole')!;
      assert.deepEqual(clusterRole.rules, [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: [...new Set(namespaces)].sort() }], where);
    }
  });

  it('the Containerfile: base pinned by digest, only the CLI bundle, the same non-root user the pod runs as', () => {
    const lines = fs.readFileSync(path.join(repoRoot, 'Containerfile'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    const from = lines.filter((l) => l.startsWith('FROM '));
    assert.equal(from.length, 1);
    assert.match(from[0], /^FROM \S+@sha256:[0-9a-f]{64}$/);
    assert.deepEqual(lines.filter((l) => /^(COPY|ADD) /.test(l)).map((l) => l.split(/\s+/).filter((w) => !w.startsWith('--')).slice(1)), [['dist/cli.js', '/app/cli.js']]);
    assert.ok(!lines.some((l) => l.startsWith('RUN ')), 'nothing runs at build time (no shell in the base)');
    assert.equal(lines.find((l) => l.startsWith('USER ')), `USER ${pod.securityContext.runAsUser}:${pod.securityContext.runAsUser}`);
    assert.match(lines.find((l) => l.startsWith('ENTRYPOINT '))!, /"\/app\/cli\.js"/);
    const entrypoint = JSON.parse(lines.find((l) => l.startsWith('ENTRYPOINT '))!.slice('ENTRYPOINT '.length)) as string[];
    assert.deepEqual(entrypoint.slice(1, -1), IMAGE_NODE_FLAGS, 'the node flags the serve benchmark runs with are the image\'s');
  });

  it('groups permissions into one rule per resource', () => {
    assert.deepEqual(rulesFor([{ verb: 'list', group: '', resource: 'pods' }, { verb: 'get', group: '', resource: 'pods' }]),
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  });
});
