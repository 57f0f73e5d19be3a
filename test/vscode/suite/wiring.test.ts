// The extension only wires and renders: against the real local control plane, a label command is
// audited like an action (same record shape, an Event, the shared state), a failed re-verification
// from the editor opens the circuit breaker for the next decision, and "Create Test from This Dry Run"
// writes a runbook test case that passes under `remediator test`.
// Needs REMEDIATOR_TEST_KUBECONFIG or a running .cluster/kubeconfig; skipped otherwise.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import { PATCH, type KubeHttp } from '../../../src/adapters/k8s/http';
import { CONFIG_MAPS, DEPLOYMENTS, objectPath } from '../../../src/adapters/k8s/resources';
import { HISTORY_KEY, KubeStateStore } from '../../../src/adapters/k8s/state';
import type { AuditRecord } from '../../../src/core/model/audit';
import { LABEL_CHANGE_RUNBOOK } from '../../../src/core/pipeline/labelChange';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { CreatedTest } from '../../../src/extension/cluster/commands/createTestFromDryRun';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { ENABLED_LABEL, create, deployment, readyPods, waitAvailable } from '../../cluster/objects';
import { answeringKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');

interface Plan { mode: string; modeReason: string; verdicts: { guardrail: string; status: string; reason: string }[] }
interface KubeEvent { action?: string; reason?: string; note?: string; reportingController?: string; regarding?: { name?: string; kind?: string } }

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

function auditRecords(file: string): AuditRecord[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditRecord) : [];
}

async function sharedHistory(http: KubeHttp, stateNamespace: string, runbook: string): Promise<AuditRecord[]> {
  const cm = await http.get<{ data?: Record<string, string> }>(objectPath(CONFIG_MAPS, stateNamespace, KubeStateStore.configMapName(runbook))).catch(() => undefined);
  return (cm?.data?.[HISTORY_KEY] ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditRecord);
}

/** `remediator test` from the built CLI, as a user runs it. */
function remediatorTest(file: string): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'test', file], {
    encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('editor wiring: label commands, re-verification and tests from a dry run go through core', function () {
  this.timeout(240_000);
  let http: KubeHttp;
  let namespace = '';
  let stateNamespace = '';
  let auditFile = '';
  let runbookFile = '';
  let runbook = '';
  let webA = '';
  let webB = '';
  const written: string[] = [];

  const dryRun = (pod: string, incidentId: string) => waitFor(`a dry run of ${pod}`, () => Promise.resolve(vscode.commands.executeCommand<{ plan: Plan; outcome: string } | undefined>('remediator.dryRun', {
    target: { namespace, kind: 'Pod', name: pod }, runbook, incident: { id: incidentId, symptom: 'manual_restart_recommended', confidence: 1 },
  })), 60_000, 1000);

  before(async function () {
    const kubeconfig = await answeringKubeconfig();
    if (!kubeconfig) {
      console.log('      [wiring] SKIPPED: no REMEDIATOR_TEST_KUBECONFIG and no answering .cluster/kubeconfig');
      this.skip();
    }
    const s = await api();
    http = connect({ kubeconfig }).http;
    namespace = await createNamespace(http, 'vwire');
    stateNamespace = `${namespace}-state`;
    runbook = `wiring-${namespace}`;
    auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-wiring-')), 'audit.jsonl');
    const config = vscode.workspace.getConfiguration('remediator');
    await config.update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    await config.update('auditFile', auditFile, vscode.ConfigurationTarget.Workspace);
    await config.update('stateNamespace', stateNamespace, vscode.ConfigurationTarget.Workspace);
    await create(http, namespace, deployment('web', 2, { labels: { [ENABLED_LABEL]: 'true' } }));
    await waitAvailable(http, namespace, 'web');
    [webA, webB] = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name).sort();
    const template = fs.readFileSync(path.join(REPO, 'test', 'vscode', 'fixtures', 'lab-runbook.yaml.tmpl'), 'utf8');
    // A shorter verification deadline: the failing re-verification waits all of it.
    const text = template.replace(/\{\{NAME\}\}/g, runbook).replace(/\{\{DECISION_MODE\}\}/g, 'auto_execute').replace(/\{\{NAMESPACE\}\}/g, namespace)
      .replace('timeoutSeconds: 60', 'timeoutSeconds: 20');
    runbookFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'runbooks', `${runbook}.yaml`);
    fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
    fs.writeFileSync(runbookFile, text);
    s.runbooks.invalidate();
  });

  after(async function () {
    if (!namespace) return;
    await deleteNamespace(http, namespace).catch(() => undefined);
    await deleteNamespace(http, stateNamespace).catch(() => undefined);
    for (const file of [runbookFile, ...written]) fs.rmSync(file, { force: true });
    const config = vscode.workspace.getConfiguration('remediator');
    for (const key of ['kubeconfig', 'auditFile', 'stateNamespace']) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('a label command writes a record shaped like an action\'s, an Event on the pod and a shared-state entry', async () => {
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    assert.strictEqual(await vscode.commands.executeCommand('remediator.markForRestart', { type: 'pod', namespace, name: webA }), true);
    const label = auditRecords(auditFile).find((r) => r.action.type === 'label' && r.target.name === webA);
    assert.ok(label, 'the label change is in the audit file');
    assert.strictEqual(label.runbook, LABEL_CHANGE_RUNBOOK);
    const result = await dryRun(webA, 'wiring-label');
    assert.strictEqual(result.plan.mode, 'auto_execute', result.plan.modeReason);
    const action = auditRecords(auditFile).find((r) => r.outcome === 'dry_run' && r.target.name === webA);
    assert.ok(action, 'the dry run is in the audit file');
    // The same keys; an action's record adds only what a decision has and a person's change has not.
    const extra = Object.keys(action).filter((k) => !(k in label));
    assert.deepStrictEqual(Object.keys(label).filter((k) => !(k in action)), []);
    assert.ok(extra.every((k) => k === 'decisionInput' || k === 'verification'), extra.join(', '));
    for (const k of Object.keys(label) as (keyof AuditRecord)[]) assert.strictEqual(typeof label[k], typeof action[k], k);

    const events = await waitFor('an Event for the label change and one for the dry run', async () => {
      const list = await http.get<{ items: KubeEvent[] }>(`/apis/events.k8s.io/v1/namespaces/${namespace}/events`);
      const forPod = list.items.filter((e) => e.regarding?.name === webA);
      const byAction = (a: string) => forPod.find((e) => e.action === a);
      return byAction('label') && byAction('deletePod') ? { label: byAction('label')!, action: byAction('deletePod')! } : undefined;
    }, 30_000, 250);
    assert.strictEqual(events.label.reportingController, events.action.reportingController);
    assert.strictEqual(events.label.reason, 'RemediationVerified');
    assert.match(events.label.note ?? '', new RegExp(`^runbook \\(label\\): verified \\(manual\\) by .* - set label remediator.kubedojo.io/restart=true on Pod ${namespace}/${webA}`));
    assert.match(events.action.note ?? '', new RegExp(`^runbook ${runbook}: dry_run \\(auto_execute\\) by `));
    const shared = await sharedHistory(http, stateNamespace, LABEL_CHANGE_RUNBOOK);
    assert.ok(shared.some((r) => r.id === label.id), 'the shared state has the label change');
  });

  it('Create Test from This Dry Run writes a case next to the runbook, appends the next one, and both pass under remediator test', async () => {
    const first = await dryRun(webA, 'wiring-test-1');
    assert.strictEqual(first.plan.mode, 'auto_execute');
    const created = await vscode.commands.executeCommand<CreatedTest>('remediator.createTestFromDryRun');
    assert.ok(created, 'the command returned what it wrote (see the Remediator Audit channel)');
    written.push(created.file);
    assert.strictEqual(created.created, true);
    assert.strictEqual(created.file, path.join(path.dirname(runbookFile), `${runbook}.runbook-test.yaml`));
    assert.strictEqual(created.result?.status, 'passed', JSON.stringify(created.result));
    const text = fs.readFileSync(created.file, 'utf8');
    assert.match(text, new RegExp(`target: ${namespace}/pod/${webA}`));
    assert.match(text, /mode: auto_execute/);
    assert.match(text, /minimumReadyReplicasWithSameApp: pass/);
    const stateRef = /state: (\.\/\S+\.state\.json)/.exec(text)?.[1];
    assert.ok(stateRef, text);
    const stateFile = path.resolve(path.dirname(created.file), stateRef);
    written.push(stateFile);
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { kind: string; items: { kind: string; metadata: { name: string } }[] };
    assert.strictEqual(state.kind, 'List');
    // The slice: the named pod and its peer, their ReplicaSet and Deployment, the namespace; nothing else.
    assert.deepStrictEqual(state.items.filter((i) => i.kind === 'Pod').map((i) => i.metadata.name).sort(), [webA, webB].sort());
    assert.ok(state.items.some((i) => i.kind === 'Deployment' && i.metadata.name === 'web'));

    const second = await dryRun(webB, 'wiring-test-2');
    assert.ok(second.plan.mode);
    const appended = await vscode.commands.executeCommand<CreatedTest>('remediator.createTestFromDryRun');
    assert.strictEqual(appended.file, created.file);
    assert.strictEqual(appended.created, false);
    assert.strictEqual(appended.result?.status, 'passed', JSON.stringify(appended.result));
    for (const ref of fs.readFileSync(created.file, 'utf8').matchAll(/state: (\.\/\S+\.state\.json)/g)) written.push(path.resolve(path.dirname(created.file), ref[1]));
    const cli = remediatorTest(created.file);
    assert.strictEqual(cli.status, 0, cli.out);
    assert.match(cli.out, /2 passing/);
  });

  it('a failed re-verification from the editor counts for the circuit breaker of the next decision', async () => {
    const s = await api();
    const rendered = s.panel.nextRender();
    assert.strictEqual((await dryRun(webA, 'wiring-execute')).plan.mode, 'auto_execute');
    await rendered;
    await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
    const executed = await vscode.commands.executeCommand<{ outcome: string; records: { id: string; outcome: string }[] }>('remediator.execute', { fromPanel: true });
    assert.strictEqual(executed?.outcome, 'verified', JSON.stringify(executed?.records));
    const id = executed.records.find((r) => r.outcome === 'executed')!.id;
    const breaker = async () => (await dryRun(webB, `wiring-after-${Date.now()}`)).plan.verdicts.find((v) => v.guardrail === 'circuitBreaker');
    assert.strictEqual((await breaker())?.status, 'pass', 'closed after a verified remediation');

    // The remediation stops holding: the Deployment now wants 3 replicas, the verification expects 2.
    await http.request('PATCH', objectPath(DEPLOYMENTS, namespace, 'web'), { body: { spec: { replicas: 3 } }, contentType: PATCH.merge });
    const again = await vscode.commands.executeCommand<AuditRecord>('remediator.verify', { id });
    assert.strictEqual(again?.outcome, 'verification_failed', again?.message);
    const shared = await sharedHistory(http, stateNamespace, runbook);
    assert.ok(shared.some((r) => r.id === id && r.outcome === 'verification_failed'), JSON.stringify(shared.map((r) => [r.id, r.outcome])));
    const open = await breaker();
    assert.strictEqual(open?.status, 'fail', open?.reason);
    assert.match(open?.reason ?? '', /circuit breaker .* is open: 1 failed verification or rollback/);
  });
});
