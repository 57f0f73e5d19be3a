// Helm release states in the editor, against the local control plane and the real helm binary
// (remediator.helm.path). Three releases of the fixture chart in one namespace: one whose newest
// upgrade failed (the dry run proposes the last deployed revision, never the failed one), one whose
// newest revision is left pending-upgrade as an interrupted helm leaves it (abort, and executing
// changes nothing), and one with only revision 1 (abort: nothing known-good to roll back to).
// Needs REMEDIATOR_TEST_KUBECONFIG (or a running .cluster/kubeconfig) and helm from the cluster build; skipped otherwise.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { FROM_PANEL } from '../../../src/extension/cluster/commands/execute';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { PlanView } from '../../../src/protocol/messages';
import { KubeHelmReleaseReader } from '../../../src/adapters/helm/releases';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { markPending } from '../../cluster/helmSupport';
import { findTestHelm } from '../../support/helm';
import { helmRunbookYaml, runHelm } from './helmEditor';
import { answeringKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');
const CHART = path.join(REPO, 'test', 'fixtures', 'helm', 'checkout');
const RUNBOOK = 'editor-helm-states-roll-back';
const FAILED = 'failing';
const PENDING = 'pending';
const SINGLE = 'single';

const runbookYaml = (ns: string): string => helmRunbookYaml(ns, RUNBOOK);

const helm = runHelm;

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

type DryRunResult = { plan: { mode: string; modeReason: string } } | undefined;

describe('cluster: Helm release states in the editor (real helm)', function () {
  this.timeout(240_000);
  let http: KubeHttp;
  let namespace = '';
  let runbookFile = '';
  let auditFile = '';
  let helmPath = '';
  let kubeconfig = '';

  const run = async (args: string[], expectFailure = false): Promise<void> => {
    const r = await helm(helmPath, kubeconfig, args);
    if (r.ok === expectFailure) throw new Error(`helm ${args.slice(0, 2).join(' ')} ${expectFailure ? 'should have failed' : 'failed'}: ${r.output}`);
  };
  const install = (release: string) => run(['install', release, CHART, '--namespace', namespace, '--set', 'image.tag=v1']);
  const upgrade = (release: string, set: string, expectFailure = false) => run(['upgrade', release, CHART, '--namespace', namespace, '--set', set], expectFailure);
  const history = async (release: string) => {
    const read = await new KubeHelmReleaseReader(http).read(namespace, release);
    if (!read.ok) throw new Error(read.reason);
    return read.revisions.map((r) => [r.revision, r.status]);
  };
  const request = (release: string, id: string) => ({
    target: { namespace, kind: 'Deployment', name: release }, runbook: RUNBOOK,
    incident: { id, symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 },
  });

  /** Dry-runs `release` from the command; resolves with the result, the panel's plan view and what the webview drew. */
  async function dryRun(release: string, id: string) {
    const s = await api();
    const rendered = s.panel.nextRender(120_000);
    // The first dry run may come before the runbook file is read: retry until the command answers.
    const result = await waitFor(`a dry run of ${release}`, () => Promise.resolve(vscode.commands.executeCommand<DryRunResult>('remediator.dryRun', request(release, id))), 60_000, 1000);
    const drawn = await rendered;
    const view: PlanView | undefined = s.panel.current;
    assert.ok(view, 'the panel shows a plan');
    assert.strictEqual(view.target.includes(release), true, `the panel shows ${release}: ${view.target}`);
    return { result, drawn, view };
  }

  const verdict = (view: PlanView, guardrail: string) => {
    const v = view.verdicts.find((x) => x.guardrail === guardrail);
    assert.ok(v, `${guardrail} in ${JSON.stringify(view.verdicts)}`);
    return v;
  };

  before(async function () {
    const answering = await answeringKubeconfig();
    let found: string | undefined;
    // The editor under test gets its own XDG cache folder: helm is in the user's (HOME is kept).
    try { found = findTestHelm({ ...process.env, XDG_CACHE_HOME: '' }); } catch { found = undefined; }
    if (!answering || !found) {
      console.log(`      [helm states] SKIPPED: ${answering ? 'no helm (npm run cluster:build builds it)' : 'no answering kubeconfig'}`);
      this.skip();
    }
    kubeconfig = answering;
    helmPath = found;
    const s = await api();
    http = connect({ kubeconfig }).http;
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-audit-')), 'audit.jsonl');
    await config.update('auditFile', auditFile, vscode.ConfigurationTarget.Workspace);
    await config.update('helm.path', helmPath, vscode.ConfigurationTarget.Workspace);
    namespace = await createNamespace(http, 'vhs');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    runbookFile = path.join(folder, 'runbooks', `helm-states-${namespace}.yaml`);
    fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
    fs.writeFileSync(runbookFile, runbookYaml(namespace));
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

  it('past a failed upgrade: the panel proposes the last deployed revision, not the failed one', async () => {
    await install(FAILED);
    await upgrade(FAILED, 'image.tag=v2');
    // A negative replica count is refused by the API server: helm records the upgrade as failed.
    await upgrade(FAILED, 'replicas=-1', true);
    assert.deepStrictEqual(await history(FAILED), [[1, 'superseded'], [2, 'deployed'], [3, 'failed']]);

    const { result, drawn, view } = await dryRun(FAILED, 'vhs-1');
    assert.strictEqual(result?.plan.mode, 'auto_execute', result?.plan.modeReason);
    assert.deepStrictEqual(drawn.helmRevisions, [3, 2], 'the webview drew the failed current revision and proposed revision 2');
    assert.ok(view.helm, 'the plan view has a Helm part');
    assert.deepStrictEqual([view.helm.current.revision, view.helm.current.status], [3, 'failed']);
    assert.deepStrictEqual([view.helm.proposed.revision, view.helm.proposed.status], [2, 'deployed'], 'the failed revision is never the proposal');
    assert.strictEqual(verdict(view, 'helmTargetRevision').status, 'pass');
    assert.strictEqual(verdict(view, 'helmReleaseNotPending').status, 'pass');
    assert.deepStrictEqual(await history(FAILED), [[1, 'superseded'], [2, 'deployed'], [3, 'failed']], 'a dry run adds no revision');
  });

  it('pending-upgrade: the panel shows abort with helmReleaseNotPending failed, and executing changes nothing', async () => {
    await install(PENDING);
    await upgrade(PENDING, 'image.tag=v2');
    await markPending({ http }, namespace, 2, PENDING);
    assert.deepStrictEqual(await history(PENDING), [[1, 'superseded'], [2, 'pending-upgrade']]);

    const { result, drawn, view } = await dryRun(PENDING, 'vhs-2');
    assert.strictEqual(result?.plan.mode, 'abort', result?.plan.modeReason);
    assert.strictEqual(drawn.mode, 'abort', 'the webview drew the abort');
    assert.strictEqual(view.mode, 'abort');
    const pending = verdict(view, 'helmReleaseNotPending');
    assert.strictEqual(pending.status, 'fail');
    assert.match(pending.reason, /revision 2 is pending-upgrade/);
    assert.strictEqual(view.execute.enabled, false, 'the panel\'s Execute is off');

    // Even asked to (the panel's Execute, confirmations answered yes), nothing runs.
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    const executed = await vscode.commands.executeCommand<{ outcome: string; plan: { mode: string } } | undefined>('remediator.execute', FROM_PANEL);
    assert.deepStrictEqual([executed?.outcome, executed?.plan.mode], ['not_executed', 'abort']);
    const direct = await vscode.commands.executeCommand<{ outcome: string; plan: { mode: string } } | undefined>('remediator.execute', request(PENDING, 'vhs-3'));
    assert.deepStrictEqual([direct?.outcome, direct?.plan.mode], ['not_executed', 'abort']);
    assert.deepStrictEqual(await history(PENDING), [[1, 'superseded'], [2, 'pending-upgrade']], 'nothing was rolled back');
  });

  it('only revision 1: the panel shows abort with helmTargetRevision failed (nothing known-good)', async () => {
    await install(SINGLE);
    const { result, drawn, view } = await dryRun(SINGLE, 'vhs-4');
    assert.strictEqual(result?.plan.mode, 'abort', result?.plan.modeReason);
    assert.strictEqual(drawn.mode, 'abort');
    const target = verdict(view, 'helmTargetRevision');
    assert.strictEqual(target.status, 'fail');
    assert.match(target.reason, /nothing known-good to roll back to/);
    assert.strictEqual(view.execute.enabled, false, 'the panel\'s Execute is off');
    assert.deepStrictEqual(await history(SINGLE), [[1, 'deployed']]);
  });
});
