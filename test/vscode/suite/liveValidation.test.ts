// Live validation against the real local control plane and a real Prometheus: a runbook shown in an
// editor gets cluster-aware diagnostics (source "remediator (cluster)") at the exact ranges, each one
// disappears when the runbook is fixed, and the scope's CodeLens counts the workloads it covers.
// Skipped without a cluster (REMEDIATOR_TEST_KUBECONFIG or an answering .cluster/kubeconfig).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { ENABLED_LABEL, create, deployment } from '../../cluster/objects';
import { usePrometheus } from '../../metrics/fixture';
import { answeringKubeconfig, unreachableKubeconfig } from './kubeconfigs';

const SOURCE = 'remediator (cluster)';
const NO_DATA_QUERY = 'sum(up{job="no-such-job"})';

function runbookYaml(namespace: string): string {
  return `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
metadata:
  name: editor-live-validation
spec:
  intent: Replace one unhealthy pod of an opted-in workload.
  owner: platform-operations
  risk: low
  decisionMode: approval_required
  triggers:
    symptoms: [CrashLoopBackOff]
    probableCauses: [pod_process_hung]
    minimumConfidence: 0.8
  scope:
    allowedNamespaces: [${namespace}, ${namespace}-nowhere]
    requiredLabels:
      ${ENABLED_LABEL}: "true"
      tier: frontend
  guardrails:
    minimumReadyReplicasWithSameApp: 2
    cooldownMinutes: 10
    metricPreconditions:
      - name: errors-present
        query: '${NO_DATA_QUERY}'
        condition: "result > 0.05"
  action:
    type: deletePod
  verification:
    checks: [available_replicas_equal_desired_replicas, replacement_pod_ready_within_timeout]
    timeoutSeconds: 60
  rollback:
    type: controller_recreates_pod
  escalation:
    onGuardrailFailure: page_service_owner
    onVerificationFailure: open_incident_and_disable_runbook
`;
}

interface Found { code: string; range: vscode.Range; message: string }

function live(uri: vscode.Uri): Found[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE)
    .map((d) => ({ code: String(d.code), range: d.range, message: d.message }))
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** The range of `needle` in the document (its first occurrence after `after`). */
function rangeOf(document: vscode.TextDocument, needle: string, after = ''): vscode.Range {
  const text = document.getText();
  const from = text.indexOf(needle, after ? text.indexOf(after) : 0);
  assert.ok(from >= 0, `${needle} is not in the runbook`);
  return new vscode.Range(document.positionAt(from), document.positionAt(from + needle.length));
}

async function lensTitles(uri: vscode.Uri): Promise<{ title: string; line: number }[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => l.command?.title.startsWith('applies to')).map((l) => ({ title: l.command!.title, line: l.range.start.line }));
}

/** Waits until the live diagnostics have exactly these codes (the check runs ~500 ms after an edit). */
function codesBecome(uri: vscode.Uri, codes: string[]): Promise<Found[]> {
  return waitFor(`live diagnostics ${codes.join(', ') || '(none)'}`, async () => {
    const found = live(uri);
    return JSON.stringify(found.map((f) => f.code)) === JSON.stringify(codes) ? found : undefined;
  }, 60_000);
}

async function replace(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, rangeOf(document, from), to);
  assert.ok(await vscode.workspace.applyEdit(edit), `edit ${from} -> ${to}`);
}

describe('live validation: cluster-aware diagnostics and the scope CodeLens', function () {
  this.timeout(180_000);
  const metrics = usePrometheus();
  const config = () => vscode.workspace.getConfiguration('remediator');
  let http: KubeHttp;
  let namespace = '';
  let notifyFile = '';
  let document: vscode.TextDocument;

  before(async function () {
    const kubeconfig = await answeringKubeconfig();
    if (!kubeconfig) {
      console.log('      [live validation] SKIPPED: no REMEDIATOR_TEST_KUBECONFIG and no answering .cluster/kubeconfig');
      this.skip();
    }
    http = connect({ kubeconfig }).http;
    namespace = await createNamespace(http, 'vscl');
    // Two opted-in workloads and one that is not; none carries tier=frontend yet. No pods needed.
    await create(http, namespace, deployment('web', 0, { labels: { [ENABLED_LABEL]: 'true' } }));
    await create(http, namespace, deployment('api', 0, { labels: { [ENABLED_LABEL]: 'true' } }));
    await create(http, namespace, deployment('batch', 0));
    notifyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-notify-')), 'notify.yaml');
    fs.writeFileSync(notifyFile, 'channels:\n  page_service_owner:\n    type: webhook\n    url: http://127.0.0.1:9/hook\n');
    await config().update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    await config().update('stateNamespace', `${namespace}-state`, vscode.ConfigurationTarget.Workspace);
    await config().update('prometheus.url', metrics.prometheus().url, vscode.ConfigurationTarget.Workspace);
    await config().update('notifyConfig', notifyFile, vscode.ConfigurationTarget.Workspace);
    document = await vscode.workspace.openTextDocument({ language: 'yaml', content: runbookYaml(namespace) });
    await vscode.window.showTextDocument(document);
  });

  after(async function () {
    if (document) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    for (const key of ['kubeconfig', 'stateNamespace', 'prometheus.url', 'notifyConfig', 'liveValidation.enabled']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    if (notifyFile) fs.rmSync(path.dirname(notifyFile), { recursive: true, force: true });
    if (!namespace) return;
    await deleteNamespace(http, namespace).catch(() => undefined);
    await deleteNamespace(http, `${namespace}-state`).catch(() => undefined);
  });

  it('each finding at its exact range, and the CodeLens on scope: counts no workload', async () => {
    const found = await codesBecome(document.uri, [
      'cluster-namespace-missing', 'cluster-labels-match-nothing', 'cluster-metric-no-data', 'cluster-escalation-no-channel',
    ]);
    const [ns, labels, metric, escalation] = found;
    assert.ok(ns.range.isEqual(rangeOf(document, `${namespace}-nowhere`)), `namespace at ${JSON.stringify(ns.range)}`);
    assert.match(ns.message, new RegExp(`^namespace ${namespace}-nowhere does not exist in kube context `));
    assert.ok(labels.range.isEqual(rangeOf(document, 'frontend')), `labels at ${JSON.stringify(labels.range)}`);
    assert.match(labels.message, new RegExp(`^no Deployment or StatefulSet in namespace ${namespace} carries tier=frontend`));
    assert.ok(metric.range.isEqual(rangeOf(document, `'${NO_DATA_QUERY}'`)), `metric at ${JSON.stringify(metric.range)}`);
    assert.match(metric.message, /^query errors-present returns no data now \(an empty result\)/);
    assert.ok(escalation.range.isEqual(rangeOf(document, 'open_incident_and_disable_runbook')), `escalation at ${JSON.stringify(escalation.range)}`);
    assert.match(escalation.message, /known: page_service_owner\)$/);
    const scopeLine = rangeOf(document, 'scope:').start.line;
    assert.deepStrictEqual(await lensTitles(document.uri), [{ title: 'applies to 0 workloads in 0 namespaces', line: scopeLine }]);
    // The static diagnostics are their own collection: this runbook has none.
    assert.deepStrictEqual(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'remediator').map((d) => d.message), []);
  });

  it('each finding disappears when the runbook is fixed; the CodeLens then counts 2 workloads in 1 namespace', async () => {
    await replace(document, `, ${namespace}-nowhere`, '');
    await codesBecome(document.uri, ['cluster-labels-match-nothing', 'cluster-metric-no-data', 'cluster-escalation-no-channel']);
    await replace(document, '      tier: frontend\n', '');
    await codesBecome(document.uri, ['cluster-metric-no-data', 'cluster-escalation-no-channel']);
    const scopeLine = rangeOf(document, 'scope:').start.line;
    await waitFor('the CodeLens count', async () => {
      const titles = await lensTitles(document.uri);
      return titles.length === 1 && titles[0].title === 'applies to 2 workloads in 1 namespace' && titles[0].line === scopeLine ? true : undefined;
    }, 30_000);
    await replace(document, `'${NO_DATA_QUERY}'`, "'vector(1)'");
    await codesBecome(document.uri, ['cluster-escalation-no-channel']);
    await replace(document, 'open_incident_and_disable_runbook', 'page_service_owner');
    await codesBecome(document.uri, []);
  });

  it('remediator.liveValidation.enabled false clears them; true brings them back', async () => {
    await replace(document, 'onVerificationFailure: page_service_owner', 'onVerificationFailure: nobody');
    await codesBecome(document.uri, ['cluster-escalation-no-channel']);
    await config().update('liveValidation.enabled', false, vscode.ConfigurationTarget.Workspace);
    await codesBecome(document.uri, []);
    await waitFor('no CodeLens', async () => ((await lensTitles(document.uri)).length === 0 ? true : undefined), 30_000);
    await config().update('liveValidation.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await codesBecome(document.uri, ['cluster-escalation-no-channel']);
  });

  it('silent without a cluster: an unreachable API server clears the diagnostics and the CodeLens', async () => {
    await codesBecome(document.uri, ['cluster-escalation-no-channel']);
    await config().update('kubeconfig', unreachableKubeconfig(), vscode.ConfigurationTarget.Workspace);
    await codesBecome(document.uri, []);
    await waitFor('no CodeLens', async () => ((await lensTitles(document.uri)).length === 0 ? true : undefined), 30_000);
  });
});

describe('untrusted workspace: live validation says nothing and reads no kubeconfig', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('remediator');
  let document: vscode.TextDocument | undefined;

  before(function () {
    if (process.env.REMEDIATOR_TEST_TRUST !== 'untrusted') this.skip(); // the trusted run
  });

  after(async () => {
    if (document) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await config().update('kubeconfig', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a runbook shown in an editor: the check runs and publishes nothing, and the session stays closed', async () => {
    const s = (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
    assert.ok(s.live, 'live validation is wired');
    // User settings: an untrusted workspace ignores its own values of restricted settings.
    const kubeconfig = await answeringKubeconfig();
    await config().update('kubeconfig', kubeconfig ?? unreachableKubeconfig(), vscode.ConfigurationTarget.Global);
    s.session.reconnect();
    document = await vscode.workspace.openTextDocument({ language: 'yaml', content: runbookYaml('no-such-namespace') });
    const uri = document.uri.toString();
    const checked = new Promise<void>((resolve) => {
      const listener = s.live!.onDidCheck((u) => { if (u.toString() === uri) { listener.dispose(); resolve(); } });
    });
    await vscode.window.showTextDocument(document);
    await checked;
    assert.deepStrictEqual(live(document.uri), []);
    assert.deepStrictEqual(await lensTitles(document.uri), []);
    assert.strictEqual(s.session.isOpen, false, 'live validation must not read a kubeconfig in an untrusted workspace');
  });
});
