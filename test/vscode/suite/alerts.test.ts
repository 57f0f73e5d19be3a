// Firing alerts in the workloads tree against the local control plane and a real Alertmanager: a pod
// named by an alert that a runbook's triggers.alerts answers shows serve's would-be decision on its row
// and its Deployment's; an unreachable Alertmanager is said once on the context row, the tree still lists.
// Needs REMEDIATOR_TEST_KUBECONFIG or a running .cluster/kubeconfig; skipped otherwise.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { PodNode, WorkloadNode, WorkloadTreeNode } from '../../../src/extension/cluster/tree/nodes';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { ENABLED_LABEL, create, deployment, readyPods, waitAvailable } from '../../cluster/objects';
import { startAlertmanager, type TestAlertmanager } from '../../support/alertmanager';
import { freePort } from '../../support/prometheus';
import { answeringKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');
const RUNBOOK = 'editor-alert-crashloop';

function runbookYaml(namespace: string): string {
  const template = fs.readFileSync(path.join(REPO, 'test', 'vscode', 'fixtures', 'lab-runbook.yaml.tmpl'), 'utf8');
  return template.replace(/\{\{NAME\}\}/g, RUNBOOK).replace(/\{\{DECISION_MODE\}\}/g, 'auto_execute').replace(/\{\{NAMESPACE\}\}/g, namespace)
    .replace('    minimumConfidence: 0.8\n', '    minimumConfidence: 0.8\n    alerts:\n      - alertname: KubePodCrashLooping\n');
}

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

async function children(s: ClusterServices, node?: WorkloadTreeNode): Promise<WorkloadTreeNode[]> {
  return (await s.tree.getChildren(node)) ?? [];
}

describe('cluster: firing alerts in the workloads tree', function () {
  this.timeout(180_000);
  let http: KubeHttp;
  let namespace = '';
  let runbookFile = '';
  let dir = '';
  let am: TestAlertmanager | undefined;
  const config = () => vscode.workspace.getConfiguration('remediator');

  before(async function () {
    const s = await api();
    const kubeconfig = await answeringKubeconfig();
    if (!kubeconfig) {
      console.log('      [alerts] SKIPPED: no REMEDIATOR_TEST_KUBECONFIG and no answering .cluster/kubeconfig');
      this.skip();
    }
    http = connect({ kubeconfig }).http;
    await config().update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    namespace = await createNamespace(http, 'vsa');
    await create(http, namespace, deployment('web', 2, { labels: { [ENABLED_LABEL]: 'true' } }));
    await waitAvailable(http, namespace, 'web');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    runbookFile = path.join(folder, 'runbooks', `alerts-${namespace}.yaml`);
    fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
    fs.writeFileSync(runbookFile, runbookYaml(namespace));
    s.runbooks.invalidate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-vsc-am-'));
    fs.writeFileSync(path.join(dir, 'token'), 'unused');
    am = await startAlertmanager({ webhookUrls: [`http://127.0.0.1:${await freePort()}/alertmanager`], tokenFile: path.join(dir, 'token') });
  });

  after(async function () {
    await config().update('alertmanager.url', undefined, vscode.ConfigurationTarget.Workspace);
    await am?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (!namespace) return;
    await deleteNamespace(http, namespace).catch(() => undefined);
    fs.rmSync(runbookFile, { force: true });
    await config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('an alert naming a pod: "alert KubePodCrashLooping: auto_execute" on the pod and Deployment rows; the tooltip names alert and runbook', async () => {
    const s = await api();
    const pod = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name).sort()[0];
    await am!.post([{ labels: { alertname: 'KubePodCrashLooping', symptom: 'CrashLoopBackOff', namespace, pod }, annotations: { confidence: '0.9' } }]);
    await vscode.commands.executeCommand('remediator.workloads.focus');
    await waitFor('the workloads view to be visible', async () => (s.model.isVisible ? true : undefined), 10_000);
    await config().update('alertmanager.url', am!.url, vscode.ConfigurationTarget.Workspace);
    const web = await waitFor('the Deployment row to show the alert decision', async () => {
      const [context] = await children(s);
      const ns = context && (await children(s, context)).find((n) => n.type === 'namespace' && n.name === namespace);
      const w = ns && ((await children(s, ns)) as WorkloadNode[]).find((n) => n.name === 'web');
      return w && /alert KubePodCrashLooping: auto_execute$/.test(String(s.tree.getTreeItem(w).description)) ? w : undefined;
    }, 60_000, 500);
    assert.match(String(s.tree.getTreeItem(web).description), /^Ready 2\/2 · eligible · alert KubePodCrashLooping: auto_execute$/);
    const row = ((await children(s, web)) as PodNode[]).find((p) => p.name === pod)!;
    const item = s.tree.getTreeItem(row);
    assert.match(String(item.description), /· alert KubePodCrashLooping: auto_execute$/);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes('Firing alerts') && tooltip.includes('KubePodCrashLooping') && tooltip.includes('editor\\-alert\\-crashloop'), tooltip);
  });

  it('an unreachable Alertmanager: once on the context row, the namespaces still listed', async () => {
    const s = await api();
    await config().update('alertmanager.url', `http://127.0.0.1:${await freePort()}`, vscode.ConfigurationTarget.Workspace);
    const context = await waitFor('the context row to say alerts are unavailable', async () => {
      const [c] = await children(s);
      return c && String(s.tree.getTreeItem(c).description).endsWith('alerts unavailable') ? c : undefined;
    }, 30_000, 300);
    // appendText escapes the text for Markdown (spaces as &nbsp;, brackets with backslashes).
    assert.match((s.tree.getTreeItem(context).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /Alerts unavailable: Alertmanager at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    assert.ok((await children(s, context)).some((n) => n.type === 'namespace' && n.name === namespace));
  });
});
