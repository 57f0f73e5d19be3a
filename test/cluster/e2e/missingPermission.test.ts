// The exported Job's RBAC with exactly one needed permission taken away: `execute` names the missing
// permission before it changes anything (exit 3), instead of failing after the delete when the state
// write or the Event is refused.
import assert from 'node:assert/strict';
import { PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { useCluster } from '../harness';
import { seedLab } from '../objects';
import { applyJobRbac, exportJobDocs, type ExportedDoc } from './exported';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { e2e, incidentFile, seedRunbook } from './support';

/** The docs with `verb` removed from the Role rule on `resource` in `namespace`. */
function without(docs: ExportedDoc[], namespace: string, resource: string, verb: string): ExportedDoc[] {
  let removed = 0;
  const out = docs.map((d) => {
    if (d.kind !== 'Role' || d.metadata.namespace !== namespace) return d;
    return { ...d, rules: d.rules!.map((r) => {
      if (!r.resources.includes(resource) || !r.verbs.includes(verb)) return r;
      removed++;
      return { ...r, verbs: r.verbs.filter((v) => v !== verb) };
    }) };
  });
  assert.equal(removed, 1, `one rule grants ${verb} ${resource} in ${namespace}`);
  return out;
}

describe('e2e: one needed permission missing', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('perm');

  it('execute refuses before acting (exit 3), naming the permission; nothing changes', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const text = seedRunbook(ns, cluster().repoRoot);
    const runbookFile = t.runbook('rb.yaml', text);
    const { triggers } = parseRunbook(text).runbook!.spec;
    const incident = incidentFile(t.dir, { id: 'INC-perm', symptom: triggers.symptoms[0], probableCause: triggers.probableCauses?.[0], confidence: 0.99 });
    const docs = without(await exportJobDocs(runbookFile, t.stateNamespace), t.stateNamespace, 'configmaps', 'update');
    const job = await applyJobRbac(cluster(), docs, t.stateNamespace);
    try {
      const pods = async () => ((await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as { metadata: { name: string; uid: string } }[])
        .map((p) => p.metadata.uid).sort();
      const before = await pods();
      const target = `${ns}/pod/${(await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items[0].metadata.name}`;
      const r = await t.run(['execute', '--runbook', runbookFile, '--target', target, '--incident', incident, '--yes'], job.kubeconfig);
      const where = `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
      assert.equal(r.code, 3, where);
      assert.match(`${r.stdout}${r.stderr}`, new RegExp(`missing permission: update configmaps in ${t.stateNamespace}`), where);
      assert.doesNotMatch(`${r.stdout}${r.stderr}`, /internal error|forbidden/i, where);
      assert.deepEqual(await pods(), before, 'no pod was deleted');
      const leases = await cluster().http.request<{ items: unknown[] }>('GET', `/apis/coordination.k8s.io/v1/namespaces/${t.stateNamespace}/leases`);
      assert.equal(leases.items.length, 0, 'no Lease was taken');
      assert.deepEqual(t.audit().map((x) => x.outcome), ['blocked']);
    } finally {
      await job.cleanup();
    }
  });
});
