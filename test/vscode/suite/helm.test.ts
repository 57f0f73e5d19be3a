// Helm in the editor against the local control plane and the real helm binary (remediator.helm.path):
// the fixture chart is installed and upgraded, a helmRollback runbook is dry-run from the command, the
// panel shows both revisions, "Compare revisions" opens the values and manifests of both in diff
// editors on read-only virtual documents, and the workloads tree names the release with its current
// revision, chart and status. The rollback then runs through the execute command: an approval_required
// runbook declined changes nothing; confirmed, the release is back on the good revision's values, the
// rollout is verified, the audit names both revisions, and the tree shows the new revision.
// Needs REMEDIATOR_TEST_KUBECONFIG (or a running .cluster/kubeconfig) and helm from the cluster build; skipped otherwise.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { execute, FROM_PANEL } from '../../../src/extension/cluster/commands/execute';
import type { ScriptedPrompts } from '../../../src/extension/cluster/commands/testHooks';
import type { ComparedDocuments } from '../../../src/extension/cluster/commands/compareHelmRevisions';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { WorkloadNode, WorkloadTreeNode } from '../../../src/extension/cluster/tree/nodes';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { findTestHelm } from '../../support/helm';
import { KubeHelmReleaseReader } from '../../../src/adapters/helm/releases';
import { helmRunbookYaml, runHelm } from './helmEditor';
import { answeringKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');
const CHART = path.join(REPO, 'test', 'fixtures', 'helm', 'checkout');
const RELEASE = 'checkout';
const RUNBOOK = 'editor-helm-roll-back';
const APPROVAL_RUNBOOK = 'editor-helm-roll-back-approved';

const runbookYaml = (ns: string, name = RUNBOOK, decisionMode = 'auto_execute'): string => helmRunbookYaml(ns, name, decisionMode);

async function helm(binary: string, kubeconfig: string, args: string[]): Promise<void> {
  const r = await runHelm(binary, kubeconfig, args);
  if (!r.ok) throw new Error(`helm ${args[0]} failed: ${r.output}`);
}

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

async function children(s: ClusterServices, node?: WorkloadTreeNode): Promise<WorkloadTreeNode[]> {
  return (await s.tree.getChildren(node)) ?? [];
}

/** The release's Deployment row once its description passes `ready` (the release is read behind the row). */
async function treeItemWhen(s: ClusterServices, namespace: string, ready: (description: string) => boolean): Promise<vscode.TreeItem> {
  return waitFor('the release\'s Deployment in the tree', async () => {
    const [context] = await children(s);
    const ns = context && (await children(s, context)).find((n) => n.type === 'namespace' && n.name === namespace);
    const workload = ns ? ((await children(s, ns)) as WorkloadNode[]).find((w) => w.name === RELEASE) : undefined;
    const item = workload && s.tree.getTreeItem(workload);
    return item && ready(String(item.description)) ? item : undefined;
  }, 60_000, 250);
}

function diffTabs(): vscode.TabInputTextDiff[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.input)).filter((i): i is vscode.TabInputTextDiff => i instanceof vscode.TabInputTextDiff);
}

describe('cluster: a Helm rollback in the editor (real helm)', function () {
  this.timeout(240_000);
  let http: KubeHttp;
  let namespace = '';
  let runbookFile = '';
  let auditFile = '';

  before(async function () {
    const kubeconfig = await answeringKubeconfig();
    let helmPath: string | undefined;
    // The editor under test gets its own XDG cache folder: helm is in the user's (HOME is kept).
    try { helmPath = findTestHelm({ ...process.env, XDG_CACHE_HOME: '' }); } catch { helmPath = undefined; }
    if (!kubeconfig || !helmPath) {
      console.log(`      [helm] SKIPPED: ${kubeconfig ? 'no helm (npm run cluster:build builds it)' : 'no answering kubeconfig'}`);
      this.skip();
    }
    const s = await api();
    http = connect({ kubeconfig }).http;
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-audit-')), 'audit.jsonl');
    await config.update('auditFile', auditFile, vscode.ConfigurationTarget.Workspace);
    await config.update('helm.path', helmPath, vscode.ConfigurationTarget.Workspace);
    namespace = await createNamespace(http, 'vsh');
    await helm(helmPath, kubeconfig, ['install', RELEASE, CHART, '--namespace', namespace, '--set', 'image.tag=v1']);
    await helm(helmPath, kubeconfig, ['upgrade', RELEASE, CHART, '--namespace', namespace, '--set', 'image.tag=v2', '--description', 'bad upgrade']);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    runbookFile = path.join(folder, 'runbooks', `helm-${namespace}.yaml`);
    fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
    fs.writeFileSync(runbookFile, `${runbookYaml(namespace)}---\n${runbookYaml(namespace, APPROVAL_RUNBOOK, 'approval_required')}`);
    s.runbooks.invalidate();
  });

  after(async function () {
    if (!namespace) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await deleteNamespace(http, namespace).catch(() => undefined);
    await deleteNamespace(http, `${namespace}-state`).catch(() => undefined);
    fs.rmSync(runbookFile, { force: true });
    fs.rmSync(path.dirname(auditFile), { recursive: true, force: true });
    const config = vscode.workspace.getConfiguration('remediator');
    for (const key of ['kubeconfig', 'auditFile', 'helm.path']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('dry-runs the rollback: the panel shows the current and proposed revisions; Compare revisions opens both as diffs', async () => {
    const s = await api();
    const rendered = s.panel.nextRender(120_000);
    const result = await waitFor('a dry run of the release', () => Promise.resolve(vscode.commands.executeCommand<{ plan: { mode: string; modeReason: string } } | undefined>('remediator.dryRun', {
      target: { namespace, kind: 'Deployment', name: RELEASE }, runbook: RUNBOOK,
      incident: { id: 'vsh-1', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 },
    })), 60_000, 1000);
    assert.strictEqual(result.plan.mode, 'auto_execute', result.plan.modeReason);
    assert.deepStrictEqual((await rendered).helmRevisions, [2, 1], 'the webview drew both revisions');
    const view = s.panel.current?.helm;
    assert.ok(view, 'the plan view has a Helm part');
    assert.strictEqual(view.release, RELEASE);
    assert.deepStrictEqual([view.current.status, view.proposed.status], ['deployed', 'superseded']);
    assert.strictEqual(view.current.description, 'bad upgrade');
    assert.strictEqual(view.current.chart, 'checkout');
    assert.ok(view.current.deployedAt && view.proposed.deployedAt, 'both deployed times');
    assert.ok(view.values.added > 0 && view.manifest.added > 0, 'values and manifest differ');

    const opened = await vscode.commands.executeCommand<ComparedDocuments | undefined>('remediator.compareHelmRevisions');
    assert.ok(opened, 'the compare command succeeded');
    for (const part of ['values', 'manifest'] as const) {
      const [left, right]: [string, string] = opened[part];
      const tab: vscode.TabInputTextDiff = await waitFor(`a diff editor for the ${part}`, async (): Promise<vscode.TabInputTextDiff | undefined> => diffTabs().find((t) => t.original.toString() === left && t.modified.toString() === right), 20_000);
      const [current, proposed]: vscode.TextDocument[] = await Promise.all([vscode.workspace.openTextDocument(tab.original), vscode.workspace.openTextDocument(tab.modified)]);
      assert.strictEqual(current.uri.scheme, 'remediator-helm');
      const tag = part === 'values' ? /tag: v(\d)/ : /image: "?[^\s"]+:v(\d)/;
      assert.strictEqual(tag.exec(current.getText())?.[1], '2', `${part}, current: ${current.getText()}`);
      assert.strictEqual(tag.exec(proposed.getText())?.[1], '1', `${part}, proposed: ${proposed.getText()}`);
    }
  });

  it('the workloads tree shows the release of a Helm-managed workload: revision, chart and status, read after the row is drawn', async () => {
    const s = await api();
    await vscode.commands.executeCommand('remediator.workloads.focus');
    const item = await treeItemWhen(s, namespace, (description) => description.includes(`helm ${RELEASE} r2 (checkout-0.1.0, deployed)`));
    assert.match(String(item.description), new RegExp(`^Ready \\d+/\\d+ · helm ${RELEASE} r2 \\(checkout-0\\.1\\.0, deployed\\) · `));
    // appendText escaped the cluster text for Markdown (spaces as &nbsp;, punctuation backslashed).
    const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    for (const fact of ['Revision 2, deployed', 'Chart checkout-0.1.0, app version 1.0', 'bad upgrade', 'Deployed 20']) assert.ok(tooltip.includes(fact), `${fact} in ${tooltip}`);
  });

  it('a missing helm at remediator.helm.path: the dry run before execute is a clear error naming the setting, and nothing is rolled back', async () => {
    const config = vscode.workspace.getConfiguration('remediator');
    const working = config.get<string>('helm.path');
    await config.update('helm.path', path.join(os.tmpdir(), 'no-helm-here', 'helm'), vscode.ConfigurationTarget.Workspace);
    try {
      // The command's own handler, to see its error (the registered command shows it as a notification).
      await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
      await assert.rejects(Promise.resolve(execute.run(await api(), {
        target: { namespace, kind: 'Deployment', name: RELEASE }, runbook: RUNBOOK,
        incident: { id: 'vsh-2', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 },
      })), /helm not found: .*no-helm-here.* \(from remediator\.helm\.path\) is not an executable file/);
      const read = await new KubeHelmReleaseReader(http).read(namespace, RELEASE);
      assert.ok(read.ok && read.revisions.length === 2, 'no new revision: nothing was rolled back');
    } finally {
      await config.update('helm.path', working, vscode.ConfigurationTarget.Workspace);
    }
  });
  const incident = (id: string) => ({ id, symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 });

  it('approval_required: declining the approval changes nothing (no new revision), audited', async () => {
    const s = await api();
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [false]);
    const before = (s.prompts as ScriptedPrompts).asked.length;
    const result = await vscode.commands.executeCommand<{ outcome: string; plan: { mode: string; modeReason: string }; records: { message?: string }[] }>('remediator.execute', {
      target: { namespace, kind: 'Deployment', name: RELEASE }, runbook: APPROVAL_RUNBOOK, incident: incident('vsh-3'),
    });
    assert.ok(result, 'execute returned a result');
    assert.strictEqual(result.plan.mode, 'approval_required', result.plan.modeReason);
    assert.strictEqual(result.outcome, 'blocked');
    assert.match(result.records.at(-1)?.message ?? '', /declined/);
    const modal = (s.prompts as ScriptedPrompts).asked.slice(before).join('\n');
    assert.match(modal, /^Approve and execute/);
    assert.match(modal, /"fromRevision": 2/, 'the approval payload names the current revision');
    assert.match(modal, /"toRevision": 1/, 'and the proposed one');
    const read = await new KubeHelmReleaseReader(http).read(namespace, RELEASE);
    assert.ok(read.ok && read.revisions.length === 2 && read.revisions[1].status === 'deployed', 'still on revision 2: nothing was rolled back');
  });

  it('executes the shown rollback after confirmation: back on the good revision, verified, both revisions audited; the tree shows the new revision', async () => {
    const s = await api();
    const rendered = s.panel.nextRender(120_000);
    const dry = await vscode.commands.executeCommand<{ plan: { mode: string; modeReason: string } } | undefined>('remediator.dryRun', {
      target: { namespace, kind: 'Deployment', name: RELEASE }, runbook: RUNBOOK, incident: incident('vsh-4'),
    });
    assert.strictEqual(dry?.plan.mode, 'auto_execute', dry?.plan.modeReason);
    await rendered;
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    const result = await vscode.commands.executeCommand<{ outcome: string; plan: { mode: string; modeReason: string }; records: unknown[] } | undefined>('remediator.execute', FROM_PANEL);
    assert.ok(result, 'execute returned a result (see the Remediator Audit channel)');
    assert.strictEqual(result.outcome, 'verified', `${result.plan.modeReason}\n${JSON.stringify(result.records, null, 2)}`);
    assert.ok((s.prompts as ScriptedPrompts).asked.some((q) => q.startsWith('Execute "') && q.includes(RELEASE)), 'the confirmation showed the plan');

    const read = await new KubeHelmReleaseReader(http).read(namespace, RELEASE);
    assert.ok(read.ok, 'the history reads');
    assert.deepStrictEqual(read.revisions.map((r) => [r.revision, r.status]), [[1, 'superseded'], [2, 'superseded'], [3, 'deployed']]);
    assert.strictEqual(read.revisions[2].description, 'Rollback to 1');
    assert.deepStrictEqual(read.revisions[2].values, read.revisions[0].values, 'the good revision\'s values again');

    const records = fs.readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; outcome: string; runbook: string; action: { details?: Record<string, unknown> } });
    const executed = records.find((r) => r.runbook === RUNBOOK && r.outcome === 'executed' && r.action.details);
    assert.ok(executed, 'the audit file has the executed record');
    const d = executed.action.details!;
    assert.deepStrictEqual([d.release, d.fromRevision, d.toRevision, d.dryRun], [RELEASE, 2, 1, false]);
    assert.ok(records.some((r) => r.id === executed.id && r.outcome === 'verified'), 'and its verification');

    await vscode.commands.executeCommand('remediator.workloads.focus');
    await treeItemWhen(s, namespace, (description) => description.includes(`helm ${RELEASE} r3 (checkout-0.1.0, deployed)`));
  });
});
