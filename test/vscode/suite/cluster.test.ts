// The cluster side of the extension against the real local control plane: the workloads tree, the
// dry-run command and panel, execute (confirmed through the test hook), the audit channel and file.
// Needs REMEDIATOR_TEST_KUBECONFIG or a running .cluster/kubeconfig (npm run cluster:up); skipped otherwise.
import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { PODS, objectPath } from '../../../src/adapters/k8s/resources';
import { PATCH } from '../../../src/adapters/k8s/http';
import type { Pod } from '../../../src/core/k8s/types';
import type { ScriptedPrompts } from '../../../src/extension/cluster/commands/testHooks';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { PodNode, WorkloadNode, WorkloadTreeNode } from '../../../src/extension/cluster/tree/nodes';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { ENABLED_LABEL, create, deployment, readyPods, waitAvailable } from '../../cluster/objects';
import { answeringKubeconfig, unreachableKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');
const RESTART_LABEL = 'remediator.kubedojo.io/restart';
const RUNBOOK = 'editor-replace-redundant-pod';
const APPROVAL_RUNBOOK = 'editor-replace-with-approval';

/** The seed lab's runbook scoped to `namespace` (the template is shared with the UI flow). */
function runbookYaml(namespace: string, name = RUNBOOK, decisionMode = 'auto_execute'): string {
  const template = fs.readFileSync(path.join(REPO, 'test', 'vscode', 'fixtures', 'lab-runbook.yaml.tmpl'), 'utf8');
  return template.replace(/\{\{NAME\}\}/g, name).replace(/\{\{DECISION_MODE\}\}/g, decisionMode).replace(/\{\{NAMESPACE\}\}/g, namespace);
}

async function markPod(http: KubeHttp, namespace: string, name: string): Promise<void> {
  await http.request('PATCH', objectPath(PODS, namespace, name), { body: { metadata: { labels: { [RESTART_LABEL]: 'true' } } }, contentType: PATCH.merge });
}

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

/** What the (test build's scripted) prompts were asked. */
function asked(s: ClusterServices): string[] {
  return (s.prompts as ScriptedPrompts).asked;
}

async function children(s: ClusterServices, node?: WorkloadTreeNode): Promise<WorkloadTreeNode[]> {
  return (await s.tree.getChildren(node)) ?? [];
}

interface DryRunResult {
  plan: { mode: string; modeReason: string; verdicts: { guardrail: string; status: string; reason: string }[] };
  outcome: string;
}

/** Dry-runs through the command; retries while the shared API server is briefly unreachable (other suites restart it). */
function dryRunPod(namespace: string, pod: string, incidentId: string): Promise<DryRunResult> {
  return waitFor(`a dry run of ${pod}`, () => Promise.resolve(vscode.commands.executeCommand<DryRunResult | undefined>('remediator.dryRun', {
    target: { namespace, kind: 'Pod', name: pod }, runbook: RUNBOOK,
    incident: { id: incidentId, symptom: 'manual_restart_recommended', confidence: 1 },
  })), 60_000, 1000);
}

describe('cluster: workloads view without a cluster', function () {
  this.timeout(60_000);
  const config = () => vscode.workspace.getConfiguration('remediator');
  after(async () => { await config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Workspace); });

  it('wires at activation without reading a kubeconfig, and says how long it took', async () => {
    const s = await api();
    // The host activated the extension before the suite started; loading the bundle again (without
    // activating it) measures the other part of activation: evaluating dist/extension.js.
    const bundle = path.join(REPO, 'dist', 'extension.js');
    const load = createRequire(bundle);
    delete load.cache[bundle];
    const started = performance.now();
    load(bundle);
    const loadMs = performance.now() - started;
    console.log(`      [activation] loading dist/extension.js ${loadMs.toFixed(1)} ms; cluster side wired in ${s.activationMs?.toFixed(1)} ms; kubeconfig read: ${s.session.isOpen}`);
    assert.strictEqual(s.session.isOpen, false, 'activation must not open a cluster connection');
  });

  it('simulates a runbook against a saved state offline: same panel, nothing to execute', async () => {
    const s = await api();
    const rendered = s.panel.nextRender();
    const result = await vscode.commands.executeCommand<{ plan: { mode: string } }>('remediator.simulate', {
      runbookUri: vscode.Uri.file(path.join(REPO, 'runbooks', 'replace-redundant-pod.yaml')),
      target: { namespace: 'aiops-remediation-lab', kind: 'Pod', name: 'web-5d8f9c7b6c-x8k2p' },
      incident: { id: 'sim-web', symptom: 'manual_restart_recommended', confidence: 1 },
    }, path.join(REPO, 'test', 'fixtures', 'simulate', 'lab', 'state.json'));
    assert.strictEqual(result?.plan.mode, 'auto_execute');
    assert.strictEqual((await rendered).mode, 'auto_execute');
    assert.strictEqual(s.panel.current?.source, 'simulated');
    assert.strictEqual(s.panel.current?.execute.enabled, false);
  });

  it('no kubeconfig: empty tree, state noKubeconfig (welcome view) with the error', async () => {
    const s = await api();
    await config().update('kubeconfig', path.join(os.tmpdir(), 'no-such-kubeconfig'), vscode.ConfigurationTarget.Workspace);
    assert.deepStrictEqual(await children(s), []);
    assert.strictEqual(s.tree.state, 'noKubeconfig');
    assert.match(s.tree.stateMessage ?? '', /kubeconfig not found/);
  });

  it('unreachable API server: empty tree, state error (welcome view) with the error', async () => {
    const s = await api();
    const file = unreachableKubeconfig();
    await config().update('kubeconfig', file, vscode.ConfigurationTarget.Workspace);
    assert.deepStrictEqual(await children(s), []);
    assert.strictEqual(s.tree.state, 'error');
    assert.match(s.tree.stateMessage ?? '', /cannot reach|ECONNREFUSED/);
  });
});

describe('cluster: workloads, dry run and execute against the local control plane', function () {
  this.timeout(180_000);
  let http: KubeHttp;
  let namespace = '';
  let runbookFile = '';
  let auditFile = '';
  let webMarked = '';
  let webOther = '';
  let singletonPod = '';

  before(async function () {
    const s = await api();
    const kubeconfig = await answeringKubeconfig();
    if (!kubeconfig) {
      console.log('      [cluster] SKIPPED: no REMEDIATOR_TEST_KUBECONFIG and no answering .cluster/kubeconfig (run npm run cluster:up)');
      this.skip();
    }
    http = connect({ kubeconfig }).http;
    const config = vscode.workspace.getConfiguration('remediator');
    auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-audit-')), 'audit.jsonl');
    await config.update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    await config.update('auditFile', auditFile, vscode.ConfigurationTarget.Workspace);

    namespace = await createNamespace(http, 'vsc');
    await create(http, namespace, deployment('web', 2, { labels: { [ENABLED_LABEL]: 'true' } }));
    await create(http, namespace, deployment('singleton', 1, { labels: { [ENABLED_LABEL]: 'true' } }));
    await Promise.all([waitAvailable(http, namespace, 'web'), waitAvailable(http, namespace, 'singleton')]);
    const web = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name).sort();
    [webMarked, webOther] = web;
    singletonPod = (await readyPods(http, namespace, 'singleton'))[0].metadata.name;
    await markPod(http, namespace, webMarked);
    await markPod(http, namespace, singletonPod);

    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    runbookFile = path.join(folder, 'runbooks', `cluster-${namespace}.yaml`);
    fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
    fs.writeFileSync(runbookFile, runbookYaml(namespace) + '---\n' + runbookYaml(namespace, APPROVAL_RUNBOOK, 'approval_required'));
    s.runbooks.invalidate();
  });

  after(async function () {
    if (!namespace) return;
    await deleteNamespace(http, namespace).catch(() => undefined);
    fs.rmSync(runbookFile, { force: true });
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('kubeconfig', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('auditFile', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('safetyProfiles', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('shows the lab in the workloads tree with eligibility, live while the view is visible', async function () {
    const s = await api();
    await vscode.commands.executeCommand('remediator.workloads.focus');
    await waitFor('the workloads view to be visible', async () => (s.model.isVisible ? true : undefined), 10_000);
    const [context] = await children(s);
    assert.strictEqual(context?.type, 'context', `root should be the kube context (state ${s.tree.state}: ${s.tree.stateMessage})`);
    const ns = (await children(s, context)).find((n) => n.type === 'namespace' && n.name === namespace);
    assert.ok(ns, `namespace ${namespace} is listed`);
    const workloads = (await children(s, ns)) as WorkloadNode[];
    const byName = new Map(workloads.map((w) => [w.name, w]));
    for (const name of ['web', 'singleton']) {
      const w = byName.get(name);
      assert.ok(w, `${name} is listed`);
      const item = s.tree.getTreeItem(w);
      assert.strictEqual(item.contextValue, 'remediator:deployment:eligible:optedIn', `${name}: ${item.contextValue}`);
      assert.match(String(item.description), new RegExp(`^Ready ${name === 'web' ? '2/2' : '1/1'} · eligible`));
      assert.ok(w.eligibility.allowedBy.includes(RUNBOOK));
    }
    // The rows say what the engine would decide for their marked pods (two runbooks cover the namespace).
    assert.match(String(s.tree.getTreeItem(byName.get('singleton')!).description),
      new RegExp(`^Ready 1/1 · eligible · 1 marked: ${RUNBOOK}: abort: replica floor 2 · ${APPROVAL_RUNBOOK}: abort: replica floor 2$`));
    assert.match(String(s.tree.getTreeItem(byName.get('web')!).description), new RegExp(`^Ready 2/2 · eligible · 1 marked: ${RUNBOOK}: auto_execute · ${APPROVAL_RUNBOOK}: approval$`));
    const pods = (await children(s, byName.get('web'))) as PodNode[];
    const context1 = new Map(pods.map((p) => [p.name, s.tree.getTreeItem(p).contextValue]));
    assert.strictEqual(context1.get(webMarked), 'remediator:pod:eligible:marked');
    assert.strictEqual(context1.get(webOther), 'remediator:pod:eligible:unmarked');
    const tooltip = s.tree.getTreeItem(pods[0]).tooltip as vscode.MarkdownString;
    // Cluster strings reach the tooltip escaped (appendText): the runbook name's dashes are escaped.
    assert.ok(tooltip.value.includes('editor\\-replace\\-redundant\\-pod'), tooltip.value);
    assert.ok(pods[0].eligibility.reasons.some((r) => r.startsWith('allowed by runbook') && r.includes(RUNBOOK)), pods[0].eligibility.reasons.join('; '));

    // Live: a label change made through the command (confirmed by the hook) reaches the tree by itself,
    // in few coalesced events. (Which rows are refreshed depends on what VS Code itself holds, which other
    // suites' namespaces coming and going change: so wait for the row, not for one event.)
    const fired = s.model.changeEvents;
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    const done = await vscode.commands.executeCommand('remediator.optOut', byName.get('singleton'));
    assert.strictEqual(done, true);
    const singleton = await waitFor('the singleton row to show the opt-out', async () => {
      const row = ((await children(s, ns)) as WorkloadNode[]).find((w) => w.name === 'singleton');
      return row && s.tree.getTreeItem(row).contextValue === 'remediator:deployment:notEligible:optedOut' ? row : undefined;
    }, 15_000, 200);
    await waitFor('the model to report the change', async () => (s.model.changeEvents > fired ? true : undefined), 15_000, 100);
    console.log(`      [cluster] model change events for the label change: ${s.model.changeEvents - fired}; tree refreshes so far: ${JSON.stringify(s.tree.fired)}`);
    assert.ok(s.audit.lines.some((l) => l.includes('singleton') && l.includes('remove label')), 'the label change is in the audit channel');
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    assert.strictEqual(await vscode.commands.executeCommand('remediator.optIn', singleton), true);

    // Watching only while visible: hiding the view stops every informer, showing it starts them again.
    assert.ok(s.model.runningInformers() > 0, 'informers run while the view is visible');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the workloads view to be hidden', async () => (s.model.isVisible ? undefined : true), 10_000);
    // A read still in flight (a refresh VS Code asked for just before hiding) keeps its informers
    // until it lands; then nothing runs.
    await waitFor('every informer to stop while the view is hidden', async () => (s.model.runningInformers() === 0 ? true : undefined), 10_000, 50);
    await vscode.commands.executeCommand('remediator.workloads.focus');
    await waitFor('informers to run again', async () => (s.model.runningInformers() > 0 ? true : undefined), 10_000);
  });

  it('each marked pod shows the decision the dry-run panel shows, for every runbook; unmarked pods show none', async function () {
    const s = await api();
    const [context] = await children(s);
    const ns = (await children(s, context)).find((n) => n.type === 'namespace' && n.name === namespace)!;
    const seen: string[] = [];
    for (const workload of (await children(s, ns)) as WorkloadNode[]) {
      for (const pod of (await children(s, workload)) as PodNode[]) {
        if (!pod.eligibility.marked) {
          assert.strictEqual(pod.decisions, undefined, `${pod.name} is not marked`);
          assert.match(String(s.tree.getTreeItem(pod).description), / · eligible$/);
          continue;
        }
        assert.deepStrictEqual(pod.decisions?.map((d) => d.runbook), [RUNBOOK, APPROVAL_RUNBOOK], pod.name);
        for (const decision of pod.decisions!) {
          // The incident the dry-run command prefills for a marked pod (accepted as proposed).
          const rendered = s.panel.nextRender();
          const result = await waitFor(`a dry run of ${pod.name}`, () => Promise.resolve(vscode.commands.executeCommand<DryRunResult | undefined>('remediator.dryRun', {
            target: { namespace, kind: 'Pod', name: pod.name }, runbook: decision.runbook,
            incident: { id: `label-${namespace}-${pod.name}`, symptom: 'manual_restart_recommended', confidence: 1 },
          })), 60_000, 1000);
          await rendered;
          assert.strictEqual(s.panel.current?.decision, decision.summary, `${pod.name} with ${decision.runbook}: tree ${decision.summary}, panel ${s.panel.current?.decision} (${result.plan.modeReason})`);
          assert.strictEqual(result.plan.mode, decision.mode);
          seen.push(`${pod.name.replace(/-[^-]+-[^-]+$/, '')} ${decision.runbook}: ${decision.summary}`);
        }
        assert.ok(String(s.tree.getTreeItem(pod).description).includes(`marked · ${RUNBOOK}: ${pod.decisions![0].summary}`));
      }
    }
    assert.deepStrictEqual(seen.sort(), [
      `singleton ${APPROVAL_RUNBOOK}: abort: replica floor 2`, `singleton ${RUNBOOK}: abort: replica floor 2`,
      `web ${APPROVAL_RUNBOOK}: approval`, `web ${RUNBOOK}: auto_execute`,
    ].sort());
  });

  it('dry-runs the marked web pod: auto_execute, rendered in the panel', async function () {
    const s = await api();
    const rendered = s.panel.nextRender();
    const result = await dryRunPod(namespace, webMarked, 'vsc-web');
    assert.strictEqual(result.plan.mode, 'auto_execute', JSON.stringify(result.plan, null, 2));
    assert.strictEqual(result.outcome, 'dry_run');
    const r = await rendered;
    assert.strictEqual(r.mode, 'auto_execute');
    assert.strictEqual(r.verdicts, result.plan.verdicts.length);
    assert.ok(r.checks >= 2 && r.access > 0, JSON.stringify(r));
  });

  it('dry-runs the singleton pod: abort with the replica reason', async function () {
    const s = await api();
    const rendered = s.panel.nextRender();
    const result = await dryRunPod(namespace, singletonPod, 'vsc-singleton');
    assert.strictEqual(result.plan.mode, 'abort');
    const replicas = result.plan.verdicts.find((v) => v.guardrail === 'minimumReadyReplicasWithSameApp');
    assert.strictEqual(replicas?.status, 'fail');
    assert.match(replicas!.reason, /only 1 Ready pod.*singleton.*needs 2/);
    assert.strictEqual((await rendered).mode, 'abort');
    assert.strictEqual(s.panel.current?.execute.enabled, false);
  });

  it('honours the kill switch setting: the plan aborts on the killSwitch guardrail', async function () {
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('killSwitch', true, vscode.ConfigurationTarget.Workspace);
    try {
      const result = await dryRunPod(namespace, webOther, 'vsc-kill-switch');
      assert.strictEqual(result.plan.mode, 'abort');
      assert.strictEqual(result.plan.verdicts.find((v) => v.guardrail === 'killSwitch')?.status, 'fail');
    } finally {
      await config.update('killSwitch', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('approval_required: the modal carries the approval payload; a wrong typed name (safety profile) declines, audited', async function () {
    const s = await api();
    const context = s.session.contextName;
    await vscode.workspace.getConfiguration('remediator').update('safetyProfiles', [{ contextPattern: `^${context}$` }], vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true, 'not-the-pod']);
    const result = await vscode.commands.executeCommand<{ outcome: string; plan: { mode: string }; records: { outcome: string; message?: string }[] }>('remediator.execute', {
      target: { namespace, kind: 'Pod', name: webOther }, runbook: APPROVAL_RUNBOOK,
      incident: { id: 'vsc-approval', symptom: 'manual_restart_recommended', confidence: 1 },
    });
    await vscode.workspace.getConfiguration('remediator').update('safetyProfiles', undefined, vscode.ConfigurationTarget.Workspace);
    assert.strictEqual(result.plan.mode, 'approval_required');
    assert.strictEqual(result.outcome, 'blocked');
    assert.match(result.records.at(-1)?.message ?? '', /declined/);
    const [modal, typed] = asked(s).slice(-2);
    assert.match(modal, /^Approve and execute/);
    assert.match(modal, /Approval payload:[\s\S]*"incidentId": "vsc-approval"/);
    assert.match(typed, new RegExp(`type the target name ${webOther}`));
    assert.ok(await http.get<Pod>(objectPath(PODS, namespace, webOther)), 'nothing was deleted');
  });

  it('executes the shown web plan after confirmation: the pod is replaced, verified and audited', async function () {
    const s = await api();
    const rendered = s.panel.nextRender();
    assert.strictEqual((await dryRunPod(namespace, webMarked, 'vsc-web')).plan.mode, 'auto_execute');
    await rendered;
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    const outcomeRendered = s.panel.nextRender(120_000);
    const result = await vscode.commands.executeCommand<{ outcome: string; plan: { mode: string; modeReason: string }; records: { id: string; outcome: string }[] }>('remediator.execute', { fromPanel: true });
    assert.ok(result, 'execute returned a result (see the Remediator Audit channel)');
    assert.strictEqual(result.outcome, 'verified', `${result.plan.mode}: ${result.plan.modeReason}\n${JSON.stringify(result.records, null, 2)}`);
    assert.ok(asked(s).some((q) => q.startsWith('Execute "delete pod') && q.includes(webMarked)), 'the confirmation showed the plan');
    await outcomeRendered;
    assert.strictEqual(s.panel.current?.outcome, 'verified');
    assert.strictEqual(s.panel.current?.execute.enabled, false, 'Execute is off once the plan was executed');

    const old = await http.get<Pod>(objectPath(PODS, namespace, webMarked)).catch(() => undefined);
    assert.ok(!old || old.metadata.deletionTimestamp, 'the decided pod is gone or terminating');
    const ready = await waitFor('two Ready web pods', async () => {
      const pods = await readyPods(http, namespace, 'web');
      return pods.length === 2 ? pods : undefined;
    }, 60_000);
    assert.ok(ready.some((p) => p.metadata.name !== webMarked && p.metadata.name !== webOther), 'a replacement pod is Ready');

    const channel = s.audit.lines.filter((l) => l.includes(webMarked));
    assert.ok(channel.some((l) => / EXECUTED /.test(l)) && channel.some((l) => / VERIFIED /.test(l)), channel.join('\n'));
    const fileRecords = fs.readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; outcome: string; target: { name: string } });
    const executed = fileRecords.find((r) => r.outcome === 'executed' && r.target.name === webMarked);
    assert.ok(executed, 'the audit file has the executed record');
    assert.ok(fileRecords.some((r) => r.outcome === 'verified' && r.id === executed.id));

    const log = await vscode.commands.executeCommand<{ lines: string[] }>('remediator.showAuditLog', { runbook: RUNBOOK, outcome: 'verified' });
    assert.ok(log.lines.some((l) => l.includes(webMarked)), log.lines.join('\n'));

    const again = await vscode.commands.executeCommand<{ outcome: string; message: string }>('remediator.verify', { id: executed.id });
    assert.strictEqual(again.outcome, 'verified', again.message);
  });
});
