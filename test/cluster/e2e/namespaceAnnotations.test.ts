// blockingAnnotation on the real cluster with the exported Job's ServiceAccount: with the namespaced Role
// alone the Namespace cannot be read and the decision aborts, saying why; with the exported ClusterRole
// (get on that Namespace only) the annotation is read, and blocks while it is set.
import assert from 'node:assert/strict';
import { NAMESPACES, PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import type { Pod } from '../../../src/core/k8s/types';
import { useCluster, waitFor } from '../harness';
import { seedLab } from '../objects';
import { applyJobRbac, exportJobDocs } from './exported';
import { e2e, parseJson, seedRunbook } from './support';

const RESTART = 'remediator.kubedojo.io/restart';
const MAINTENANCE = 'remediator.kubedojo.io/maintenance';

interface Decision { target: { name: string }; mode: string; verdicts: { guardrail: string; status: string; reason: string }[] }

describe('e2e: Namespace annotations as the exported Job sees them', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('nsread');

  async function markedLab(ns: string): Promise<string> {
    await seedLab(cluster().http, ns);
    const [web] = (await listAll<KubeObject>(cluster().http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
    await cluster().http.request('PATCH', objectPath(PODS, ns, web.metadata.name), { body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json' });
    return web.metadata.name;
  }

  const blockingVerdict = (d: Decision) => d.verdicts.find((v) => v.guardrail === 'blockingAnnotation')!;

  it('the Role without the ClusterRole: the Namespace read is denied, the decision aborts and says why', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const runbook = t.runbook('replace-redundant-pod.yaml', seedRunbook(ns, cluster().repoRoot));
    const docs = await exportJobDocs(runbook, t.stateNamespace);
    const job = await applyJobRbac(cluster(), docs, t.stateNamespace, ['ServiceAccount', 'Role', 'RoleBinding']);
    try {
      const web = await markedLab(ns);
      const scan = await t.run(['scan', '--runbook', runbook, '--json'], job.kubeconfig);
      assert.equal(scan.code, 0, scan.stderr);
      const decision = parseJson<{ decisions: Decision[] }>(scan).decisions.find((d) => d.target.name === web)!;
      assert.equal(decision.mode, 'abort');
      const verdict = blockingVerdict(decision);
      assert.equal(verdict.status, 'error', verdict.reason);
      assert.match(verdict.reason, new RegExp(`could not read the annotations of Namespace ${ns}`));
      assert.match(verdict.reason, /forbidden/);
      assert.match(verdict.reason, new RegExp(`"get" on namespaces \\(resourceNames \\[${ns}\\]\\) through a ClusterRole`));
    } finally {
      await job.cleanup();
    }
  });

  it('the exported RBAC: the annotation is read, blocks while set, and the verdict says the Namespace was read', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    const runbook = t.runbook('replace-redundant-pod.yaml', seedRunbook(ns, cluster().repoRoot));
    const docs = await exportJobDocs(runbook, t.stateNamespace);
    const job = await applyJobRbac(cluster(), docs, t.stateNamespace);
    try {
      const web = await markedLab(ns);
      const annotate = (value: string | null) => cluster().http.request('PATCH', objectPath(NAMESPACES, undefined, ns), {
        body: { metadata: { annotations: { [MAINTENANCE]: value } } }, contentType: 'application/merge-patch+json',
      });
      const decide = async () => {
        const scan = await t.run(['scan', '--runbook', runbook, '--json'], job.kubeconfig);
        assert.equal(scan.code, 0, scan.stderr);
        return parseJson<{ decisions: Decision[] }>(scan).decisions.find((d) => d.target.name === web)!;
      };
      await annotate('until 12:00');
      const blocked = await decide();
      assert.equal(blocked.mode, 'abort');
      assert.equal(blockingVerdict(blocked).status, 'fail', blockingVerdict(blocked).reason);
      assert.match(blockingVerdict(blocked).reason, new RegExp(`${MAINTENANCE}="until 12:00" on Namespace ${ns}`));

      await annotate(null);
      const free = await waitFor('the annotation removal to be seen', async () => {
        const d = await decide();
        return blockingVerdict(d).status === 'pass' ? d : undefined;
      }, 15_000);
      assert.match(blockingVerdict(free).reason, /Namespace read from the cluster state/);
      assert.equal(free.mode, 'auto_execute');
    } finally {
      await job.cleanup();
    }
  });
});
