// The Pending Approvals view against the real local control plane: a pending approval kept by the core
// pipeline is listed (runbook, target, requester, expiry; the decision sentence as tooltip); Approve,
// confirmed through the test hook, runs the pipeline again and the pod is replaced; Reject with a reason
// ends one and nothing is done. Skipped without a cluster (see cluster.test.ts).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { executePlan } from '../../../src/core/pipeline/execute';
import { runbookFromText } from '../../../src/core/runbook/fromText';
import type { ApprovalNode } from '../../../src/extension/cluster/approvals/provider';
import type { ScriptedPrompts } from '../../../src/extension/cluster/commands/testHooks';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { ENABLED_LABEL, create, deployment, readyPods, waitAvailable } from '../../cluster/objects';
import { answeringKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');
const RUNBOOK = 'editor-approvals-view';

function runbookYaml(namespace: string): string {
  const template = fs.readFileSync(path.join(REPO, 'test', 'vscode', 'fixtures', 'lab-runbook.yaml.tmpl'), 'utf8');
  return template.replace(/\{\{NAME\}\}/g, RUNBOOK).replace(/\{\{DECISION_MODE\}\}/g, 'approval_required').replace(/\{\{NAMESPACE\}\}/g, namespace);
}

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

describe('cluster: pending approvals view', function () {
  this.timeout(180_000);
  let http: KubeHttp;
  let namespace = '';

  /** Keeps a pending approval for `pod` through the core pipeline (as execute or serve would). */
  async function requestApproval(s: ClusterServices, pod: string, incidentId: string): Promise<string> {
    const text = runbookYaml(namespace);
    const read = runbookFromText(text);
    assert.ok(read.ok, 'the runbook template is valid');
    if (!read.ok) throw new Error('unreachable');
    const r = await waitFor('the pipeline to answer', async () => executePlan({
      runbook: read.runbook, target: { namespace, kind: 'Pod', name: pod }, execute: true, runbookText: text,
      incident: { id: incidentId, symptom: 'manual_restart_recommended', confidence: 1 },
    }, s.session.deps()).catch(() => undefined), 60_000, 1000);
    assert.strictEqual(r.outcome, 'approval_pending', JSON.stringify(r.records.map((x) => x.message)));
    const id = r.records[0]?.id;
    assert.ok(id, 'the attempt has an id');
    return id;
  }

  before(async function () {
    const kubeconfig = await answeringKubeconfig();
    if (!kubeconfig) {
      console.log('      [approvals] SKIPPED: no REMEDIATOR_TEST_KUBECONFIG and no answering .cluster/kubeconfig');
      this.skip();
    }
    http = connect({ kubeconfig }).http;
    namespace = await createNamespace(http, 'vsc-appr');
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    await config.update('stateNamespace', `${namespace}-state`, vscode.ConfigurationTarget.Workspace);
    await create(http, namespace, deployment('web', 2, { labels: { [ENABLED_LABEL]: 'true' } }));
    await waitAvailable(http, namespace, 'web');
  });

  after(async function () {
    if (!namespace) return;
    await deleteNamespace(http, namespace).catch(() => undefined);
    await deleteNamespace(http, `${namespace}-state`).catch(() => undefined);
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('stateNamespace', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('kubeconfig', undefined, vscode.ConfigurationTarget.Workspace);
  });

  // Reject first: approving acts, and the runbook's cooldown then refuses a new decision.
  it('rejects with a reason: nothing is done and it leaves the view', async () => {
    const s = await api();
    const [pod] = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name).sort();
    const id = await requestApproval(s, pod, `rej-${namespace}`);
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', ['not during the release']);
    const result = await vscode.commands.executeCommand<{ outcome: string; record: { message: string } }>('remediator.approvals.reject', { id });
    assert.strictEqual(result?.outcome, 'rejected');
    assert.match(result.record.message, /not during the release; nothing done/);
    assert.ok((await s.approvals.load()).every((a) => a.id !== id));
    assert.ok((await readyPods(http, namespace, 'web')).some((p) => p.metadata.name === pod), 'the pod is still there');
  });

  it('lists a pending approval, approves it through the command after the modal, and the pod is replaced', async () => {
    const s = await api();
    const [pod] = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name).sort();
    const id = await requestApproval(s, pod, `appr-${namespace}`);

    await vscode.commands.executeCommand('remediator.approvals.focus');
    const nodes = (await s.approvals.getChildren()) as ApprovalNode[];
    const node = nodes.find((n) => n.type === 'approval' && n.approval.id === id);
    assert.ok(node, `approval ${id} is listed (${JSON.stringify(s.approvals.problems)})`);
    const item = s.approvals.getTreeItem(node);
    assert.strictEqual(item.contextValue, 'remediator:approval');
    assert.ok(String(item.label).includes(RUNBOOK) && String(item.label).includes(pod), String(item.label));
    assert.match(String(item.description), /^by .+ · expires in \d+ min$/);
    assert.ok((item.tooltip as vscode.MarkdownString).value.length > 0);

    const prompts = s.prompts as ScriptedPrompts;
    const before = prompts.asked.length;
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    const result = await vscode.commands.executeCommand<{ outcome: string; approval: { status: string } } | undefined>('remediator.approvals.approve', node);
    assert.ok(result, 'the approval ran');
    assert.strictEqual(result.approval.status, 'approved');
    assert.strictEqual(result.outcome, 'verified');
    const modal = prompts.asked.slice(before).join('\n');
    assert.ok(modal.includes(node.approval.sentence) && modal.includes(node.approval.action), modal);
    const pods = await waitFor('a replacement pod', async () => {
      const names = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name);
      return names.length === 2 && !names.includes(pod) ? names : undefined;
    }, 60_000, 500);
    assert.ok(!pods.includes(pod));
    assert.ok(!s.approvals.approvals.some((a) => a.id === id) || (await s.approvals.load()).every((a) => a.id !== id), 'no longer pending');

    // A second approve of the same approval does nothing (already decided).
    const again = await vscode.commands.executeCommand('remediator.approvals.approve', { id });
    assert.strictEqual(again, undefined);
  });
});
