// export-serve on the real API server: every manifest it prints is accepted; its ServiceAccount, with
// exactly the exported Roles, runs the pipeline on the lab (decide, re-check, act, verify); and it may
// not touch a namespace none of its runbooks allows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import type { Pod } from '../../../src/core/k8s/types';
import { cli } from '../../support/cli';
import { startServe } from '../../support/serveProcess';
import { deleteNamespace, useCluster, waitFor } from '../harness';
import { seedLab } from '../objects';
import { applyJobRbac, flatten, rulesOf, type ExportedDoc } from './exported';
import { e2e, parseJson, seedRunbook } from './support';

const PATHS: Record<string, (ns: string) => string> = {
  ConfigMap: (ns) => `/api/v1/namespaces/${ns}/configmaps`,
  Deployment: (ns) => `/apis/apps/v1/namespaces/${ns}/deployments`,
  Service: (ns) => `/api/v1/namespaces/${ns}/services`,
  NetworkPolicy: (ns) => `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`,
  PodDisruptionBudget: (ns) => `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`,
};

describe('e2e: export-serve manifests and RBAC', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('xsv');

  it('the API server accepts every manifest; the ServiceAccount acts on the lab with exactly the exported Roles', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    let cleanup: (() => Promise<void>) | undefined;
    try {
      await seedLab(cluster().http, ns);
      const [web] = (await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
      await cluster().http.request('PATCH', objectPath(PODS, ns, web.metadata.name), {
        body: { metadata: { labels: { 'remediator.kubedojo.io/restart': 'true' } } }, contentType: 'application/merge-patch+json',
      });
      const dir = path.join(t.dir, 'runbooks');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'replace-redundant-pod.yaml'), seedRunbook(ns, cluster().repoRoot));
      const out = await cli(['export-serve', '--runbooks', dir, '--namespace', ns, '--state-namespace', t.stateNamespace, '--alertmanager-namespace', 'monitoring']);
      assert.equal(out.code, 0, out.stderr);
      const docs = parseAllDocuments(out.stdout).map((d) => d.toJS() as ExportedDoc | null).filter((d): d is ExportedDoc => d !== null);
      const rbac = await applyJobRbac(cluster(), docs, t.stateNamespace);
      cleanup = rbac.cleanup;
      for (const doc of docs.filter((d) => Object.hasOwn(PATHS, d.kind))) {
        await cluster().http.request('POST', PATHS[doc.kind](ns), { body: doc });
      }
      // As the ServiceAccount: the pipeline's every step (snapshot, access review, Lease, state, act, verify).
      const r = await t.run(['execute', '--runbook', path.join(dir, 'replace-redundant-pod.yaml'), '--target', `${ns}/pod/${web.metadata.name}`, '--yes', '--json'], rbac.kubeconfig);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.equal(parseJson<{ outcome: string }>(r).outcome, 'verified');
      // serve itself, as the ServiceAccount with the Deployment's arguments: it takes the leader Lease and is ready.
      const args = (docs.find((d) => d.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec.containers[0].args;
      const lease = args[args.indexOf('--leader-lease') + 1];
      fs.writeFileSync(path.join(t.dir, 'token'), 'e2e-token\n');
      const serve = await startServe(cluster().repoRoot, [
        '--runbooks', dir, '--listen', '127.0.0.1:0', '--token-file', path.join(t.dir, 'token'), '--kubeconfig', rbac.kubeconfig,
        '--state-namespace', t.stateNamespace, '--leader-lease', lease, '--data-dir', path.join(t.dir, 'serve-data'), '--audit-file', path.join(t.dir, 'serve-audit.jsonl'),
      ]);
      try {
        await serve.waitForLog('the Lease taken', /leadership: this replica \S+ holds Lease/);
        assert.equal((await fetch(`${serve.url}/readyz`)).status, 200, serve.log());
        assert.doesNotMatch(serve.log(), /warning: (leader Lease|incident ledger sweep)/);
        assert.equal(await serve.stop('SIGTERM'), 0, serve.log());
        assert.match(serve.log(), /leadership: Lease \S+ released/);
      } finally {
        await serve.stop('SIGKILL');
      }
      // Without watch on ConfigMaps (a Role exported before serve indexed its ledger): not ready, and it says why.
      const rolesPath = `/apis/rbac.authorization.k8s.io/v1/namespaces/${t.stateNamespace}/roles`;
      type Role = { metadata: { name: string }; rules: { resources?: string[]; verbs: string[] }[] };
      for (const role of (await cluster().http.get<{ items: Role[] }>(rolesPath)).items) {
        if (!role.rules.some((r) => r.resources?.includes('configmaps') && r.verbs.includes('watch'))) continue;
        const rules = role.rules.map((r) => (r.resources?.includes('configmaps') ? { ...r, verbs: r.verbs.filter((v) => v !== 'watch') } : r));
        await cluster().http.request('PUT', `${rolesPath}/${role.metadata.name}`, { body: { ...role, rules } });
      }
      const blind = await startServe(cluster().repoRoot, [
        '--runbooks', dir, '--listen', '127.0.0.1:0', '--token-file', path.join(t.dir, 'token'), '--kubeconfig', rbac.kubeconfig,
        '--state-namespace', t.stateNamespace, '--leader-lease', lease, '--data-dir', path.join(t.dir, 'serve-data-2'), '--audit-file', path.join(t.dir, 'serve-audit-2.jsonl'),
      ]);
      try {
        const answer = await waitFor('readyz names the ledger', async () => {
          const res = await fetch(`${blind.url}/readyz`);
          const text = await res.text();
          return res.status === 503 && /incident ledger in \S+: its index is/.test(text) ? text : undefined;
        }, 60_000);
        assert.match(answer, /forbidden|watch/i, answer);
      } finally {
        await blind.stop('SIGKILL');
      }
      const granted = flatten(await rulesOf(rbac.kubeconfig, ns));
      assert.ok(granted.some((g) => /pods.*delete/.test(g) || /delete.*pods/.test(g)), granted.join('\n'));
      const elsewhere = flatten(await rulesOf(rbac.kubeconfig, 'default'));
      assert.ok(!elsewhere.some((g) => /delete/.test(g)), `no deletes outside the allowed namespace: ${elsewhere.join('\n')}`);
    } finally {
      await cleanup?.().catch(() => undefined);
      await deleteNamespace(cluster().http, t.stateNamespace).catch(() => undefined);
    }
  });
});
