import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { grantedAt, runbookNeeds } from '../../../src/core/engine/permissions';
import { SERVE_HEAP_MB, SERVE_MALLOC_ARENAS, SERVE_MEMORY_LIMIT, SERVE_PATHS, SERVE_PORT, SERVE_STATE_RULES, exportServe, serveArgs, type ExportServeOptions } from '../../../src/core/export/serve';
import { rulesFor, type PolicyRule } from '../../../src/core/export/rbac';
import { parseRunbook } from '../../../src/core/runbook/parse';
import type { Runbook } from '../../../src/core/model/runbook';
import { cli } from '../../support/cli';

type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: PolicyRule[]; spec?: Record<string, unknown>; data?: Record<string, string> };

const SAMPLES = fs.readdirSync('runbooks').filter((f) => f.endsWith('.yaml')).sort();
const sources = SAMPLES.map((f) => {
  const file = path.join('runbooks', f);
  const text = fs.readFileSync(file, 'utf8');
  const { runbook } = parseRunbook(text);
  assert.ok(runbook, f);
  return { file, runbook: runbook as Runbook, text };
});
const options: ExportServeOptions = { namespace: 'remediator', stateNamespace: 'remediator-system', alertmanagerNamespace: 'monitoring', tokenSecret: 'serve-token' };

describe('export-serve: the in-cluster receiver', () => {
  const docs = exportServe(sources, options) as Doc[];
  const deployment = docs.find((d) => d.kind === 'Deployment')!;
  type Pod = { serviceAccountName: string; containers: { args: string[]; securityContext: { readOnlyRootFilesystem: boolean }; volumeMounts: { name: string; readOnly?: boolean }[] }[]; volumes: { name: string; secret?: { secretName: string } }[] };
  const spec = deployment.spec as { replicas: number; strategy: { rollingUpdate: { maxUnavailable: number } }; template: { spec: Pod } };
  const pod = spec.template.spec;

  it('the JavaScript heap is sized inside the memory limit (the benchmark runs serve with the same setting)', () => {
    const container = (pod.containers[0] as unknown as { env: { name: string; value?: string }[]; resources: { limits: { memory: string } } });
    assert.equal(container.resources.limits.memory, SERVE_MEMORY_LIMIT);
    assert.equal(container.env.find((e) => e.name === 'NODE_OPTIONS')?.value, `--max-old-space-size=${SERVE_HEAP_MB}`);
    assert.equal(container.env.find((e) => e.name === 'MALLOC_ARENA_MAX')?.value, SERVE_MALLOC_ARENAS);
    const limitMb = Number(/^(\d+)Mi$/.exec(SERVE_MEMORY_LIMIT)?.[1]);
    assert.ok(SERVE_HEAP_MB <= limitMb - 96, 'room for buffers, code and the young generation');
  });

  it('two replicas that are never both down in a rollout, a Service, a NetworkPolicy and a PDB', () => {
    assert.equal(spec.replicas, 2);
    assert.equal(spec.strategy.rollingUpdate.maxUnavailable, 0);
    const kinds = docs.map((d) => d.kind);
    for (const k of ['ServiceAccount', 'ConfigMap', 'Deployment', 'Service', 'NetworkPolicy', 'PodDisruptionBudget']) assert.ok(kinds.includes(k), k);
    const pdb = docs.find((d) => d.kind === 'PodDisruptionBudget')!;
    assert.equal((pdb.spec as { minAvailable: number }).minAvailable, 1);
  });

  it('admits ingress only from the Alertmanager namespace, on the serve port', () => {
    const np = docs.find((d) => d.kind === 'NetworkPolicy')!.spec as { policyTypes: string[]; ingress: { from: { namespaceSelector: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] };
    assert.deepEqual(np.policyTypes, ['Ingress']);
    assert.equal(np.ingress.length, 1);
    assert.deepEqual(np.ingress[0].from, [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
    assert.deepEqual(np.ingress[0].ports.map((p) => p.port), [SERVE_PORT]);
  });

  it('the Roles are the union of every runbook\'s target rules in its namespaces, and the state rules', () => {
    const roles = docs.filter((d) => d.kind === 'Role');
    const byNs = new Map(roles.map((r) => [r.metadata.namespace!, r.rules!]));
    for (const ns of new Set(sources.flatMap((s) => s.runbook.spec.scope.allowedNamespaces))) {
      // serve also patches the Events it creates (their series count: coalescingEvents.ts).
      const expected = rulesFor(sources.filter((s) => s.runbook.spec.scope.allowedNamespaces.includes(ns)).flatMap((s) => grantedAt(runbookNeeds(s.runbook), 'target')))
        .map((r) => (r.resources.includes('events') && r.verbs.includes('create') ? { ...r, verbs: [...r.verbs, 'patch'].sort() } : r));
      assert.deepEqual(byNs.get(ns), expected, ns);
      assert.ok(expected.some((r) => r.apiGroups.includes('events.k8s.io') && r.verbs.includes('patch')), `${ns}: Events are patched`);
    }
    assert.deepEqual(byNs.get('remediator-system'), [...rulesFor(sources.flatMap((s) => grantedAt(runbookNeeds(s.runbook), 'state'))), ...SERVE_STATE_RULES]);
    // The leader Lease the Deployment's serve uses is the one its Role names.
    const lease = pod.containers[0].args[pod.containers[0].args.indexOf('--leader-lease') + 1];
    assert.ok(byNs.get('remediator-system')!.some((r) => r.resources.includes('leases') && r.resourceNames?.includes(lease) && r.verbs.includes('update')));
    // Nothing granted where no runbook acts.
    assert.deepEqual([...byNs.keys()].sort(), [...new Set([...sources.flatMap((s) => s.runbook.spec.scope.allowedNamespaces), 'remediator-system'])].sort());
    const rb = docs.filter((d) => d.kind === 'RoleBinding');
    assert.equal(rb.length, roles.length);
  });

  it('the ConfigMap holds every runbook file as validated; the token comes from its Secret, read-only', () => {
    const cm = docs.find((d) => d.kind === 'ConfigMap')!;
    assert.deepEqual(Object.keys(cm.data!).sort(), SAMPLES);
    for (const s of sources) assert.equal(cm.data![path.basename(s.file)], s.text);
    assert.ok(pod.volumes.some((v) => v.secret?.secretName === 'serve-token'));
    assert.ok(pod.containers[0].volumeMounts.filter((m) => m.name !== 'data').every((m) => m.readOnly === true));
    assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
  });

  it('runs serve with the contract\'s flags', () => {
    const args = pod.containers[0].args;
    assert.deepEqual(args, serveArgs(options));
    assert.deepEqual(args.slice(0, 7), ['serve', '--runbooks', SERVE_PATHS.runbookDir, '--listen', `0.0.0.0:${SERVE_PORT}`, '--token-file', SERVE_PATHS.tokenFile]);
    assert.ok(!args.includes('--shadow'));
    const tls = serveArgs({ ...options, tlsSecret: 't', notifySecret: 'n', shadow: true });
    for (const f of ['--tls-cert', '--tls-key', '--notify-config', '--shadow']) assert.ok(tls.includes(f), f);
  });

  it('refuses duplicate runbook names and file names', () => {
    assert.throws(() => exportServe([sources[0], { ...sources[0], file: 'other/x.yaml' }], options), /also defined in/);
    const renamed = { ...sources[1], runbook: { ...sources[1].runbook, metadata: { ...sources[1].runbook.metadata, name: 'unique' } }, file: `elsewhere/${path.basename(sources[0].file)}` };
    assert.throws(() => exportServe([sources[0], renamed], options), /two runbook files are named/);
    assert.throws(() => exportServe([], options), /no runbooks/);
  });
});

describe('remediator export-serve (CLI)', () => {
  it('prints the receiver snippet as a comment, then manifests that parse', async () => {
    const r = await cli(['export-serve', '--runbooks', 'runbooks', '--namespace', 'remediator']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Add to Alertmanager's configuration/);
    assert.match(r.stdout, /#\s+- url: http:\/\/remediator-serve\.remediator\.svc:8443\/alertmanager/);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Doc | null).filter((d): d is Doc => d !== null);
    assert.ok(docs.some((d) => d.kind === 'Deployment'));
    assert.match(r.stdout, /#\s+bearer_token_file: \/etc\/alertmanager\/secrets\/remediator-serve-token\/token\n/);
    assert.doesNotMatch(r.stdout, /\[redacted\]/);
  });

  it('usage errors: missing flags, a bad name; input errors: a missing directory, an invalid runbook, duplicates', async () => {
    assert.equal((await cli(['export-serve', '--runbooks', 'runbooks'])).code, 2);
    assert.equal((await cli(['export-serve', '--namespace', 'x'])).code, 2);
    assert.equal((await cli(['export-serve', '--runbooks', 'runbooks', '--namespace', 'Bad_Name'])).code, 2);
    const missing = await cli(['export-serve', '--runbooks', 'no/such/dir', '--namespace', 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no\/such\/dir: no such directory/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-serve-'));
    try {
      const good = fs.readFileSync('runbooks/replace-redundant-pod.yaml', 'utf8');
      fs.writeFileSync(path.join(dir, 'a.yaml'), good);
      fs.writeFileSync(path.join(dir, 'b.yaml'), good);
      const dup = await cli(['export-serve', '--runbooks', dir, '--namespace', 'x']);
      assert.equal(dup.code, 1);
      assert.match(dup.stderr, /b\.yaml: runbook replace-redundant-pod is also defined in .*a\.yaml/);
      fs.writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: remediations.kubedojo.io/v1\nkind: RemediationRunbook\nspec: [\n');
      const bad = await cli(['export-serve', '--runbooks', dir, '--namespace', 'x']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /b\.yaml:\d+:\d+: /);
      assert.doesNotMatch(bad.stderr, /\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
