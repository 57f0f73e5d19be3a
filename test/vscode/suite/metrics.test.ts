// Metric checks in the editor against the real local control plane and a real Prometheus (Debian's
// binary, started here on a loopback port, scraping the harness's test service whose error counter
// follows the lab): the dry-run panel shows each precondition and verification metric with its live
// value, baseline and verdict, and executing streams the samples into the panel until verified.
// Skipped without a cluster; needs `prometheus` on PATH (or REMEDIATOR_TEST_PROMETHEUS_URL, which then
// skips the tests that need the harness's test service).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { PATCH } from '../../../src/adapters/k8s/http';
import { PODS, objectPath } from '../../../src/adapters/k8s/resources';
import type { Pod } from '../../../src/core/k8s/types';
import type { Sampled } from '../../../src/extension/cluster/panel/planPanel';
import type { ClusterServices } from '../../../src/extension/cluster/services';
import type { MetricCheckView } from '../../../src/protocol/messages';
import { createNamespace, deleteNamespace, waitFor } from '../../cluster/harness';
import { readyPods, seedLab } from '../../cluster/objects';
import { usePrometheus } from '../../metrics/fixture';
import { answeringKubeconfig } from './kubeconfigs';

const REPO = path.resolve(__dirname, '../../../..');
const RESTART_LABEL = 'remediator.kubedojo.io/restart';
const RUNBOOK = 'editor-metric-checks';
const RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[3s]))'
  + ' / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[3s]))';

/** The lab's runbook with a precondition (errors present) and a verification metric (errors gone). */
function runbookYaml(namespace: string): string {
  const template = fs.readFileSync(path.join(REPO, 'test', 'vscode', 'fixtures', 'lab-runbook.yaml.tmpl'), 'utf8');
  return template.replace(/\{\{NAME\}\}/g, RUNBOOK).replace(/\{\{DECISION_MODE\}\}/g, 'auto_execute').replace(/\{\{NAMESPACE\}\}/g, namespace)
    .replace('    maxConcurrentActions: 1\n', `    maxConcurrentActions: 1
    metricPreconditions:
      - name: errors-present
        query: '${RATIO}'
        condition: "result > 0.05"
`)
    .replace('    timeoutSeconds: 60\n', `    timeoutSeconds: 60
    metrics:
      - name: error-ratio
        query: '${RATIO}'
        successCondition: "result < 0.01"
        initialDelay: 0s
        interval: 1s
        count: 2
        failureLimit: 15
        inconclusiveLimit: 5
        onNoData: inconclusive
`);
}

async function api(): Promise<ClusterServices> {
  return (await vscode.commands.executeCommand('remediator._test.api')) as ClusterServices;
}

interface CommandResult { plan: { mode: string; modeReason: string; verdicts: { guardrail: string; status: string; reason: string }[] }; outcome: string; metrics?: MetricCheckView[]; records?: { outcome: string; message?: string }[] }

function byName(metrics: readonly MetricCheckView[] | undefined): Map<string, MetricCheckView> {
  return new Map((metrics ?? []).map((m) => [m.name, m]));
}

async function ratioIs(url: string, namespace: string, want: number): Promise<void> {
  const query = RATIO.replace(/\$\{NAMESPACE\}/g, namespace).replace(/\$\{APP\}/g, 'web');
  await waitFor(`error ratio of ${namespace}/web is ${want}`, async () => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    const value = body.data?.result?.[0]?.value[1];
    return value !== undefined && Number(value) === want ? true : undefined;
  }, 30_000);
}

describe('metrics: the dry-run panel with a real Prometheus', function () {
  this.timeout(180_000);
  const metrics = usePrometheus();
  const config = () => vscode.workspace.getConfiguration('remediator');
  let http: KubeHttp;
  let namespace = '';
  let runbookFile = '';
  let marked = '';
  let contextName = '';

  before(async function () {
    const kubeconfig = await answeringKubeconfig();
    if (!kubeconfig) {
      console.log('      [metrics] SKIPPED: no REMEDIATOR_TEST_KUBECONFIG and no answering .cluster/kubeconfig');
      this.skip();
    }
    http = connect({ kubeconfig }).http;
    namespace = await createNamespace(http, 'vscm');
    const auditFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-audit-')), 'audit.jsonl');
    await config().update('kubeconfig', kubeconfig, vscode.ConfigurationTarget.Workspace);
    await config().update('auditFile', auditFile, vscode.ConfigurationTarget.Workspace);
    await config().update('stateNamespace', `${namespace}-state`, vscode.ConfigurationTarget.Workspace);
    await seedLab(http, namespace);
    marked = (await readyPods(http, namespace, 'web')).map((p) => p.metadata.name).sort()[0];
    await http.request('PATCH', objectPath(PODS, namespace, marked), { body: { metadata: { labels: { [RESTART_LABEL]: 'true' } } }, contentType: PATCH.merge });
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    runbookFile = path.join(folder, 'runbooks', `metrics-${namespace}.yaml`);
    fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
    fs.writeFileSync(runbookFile, runbookYaml(namespace));
    const s = await api();
    s.runbooks.invalidate();
    contextName = s.session.contextName;
  });

  after(async function () {
    for (const key of ['kubeconfig', 'auditFile', 'stateNamespace', 'prometheus.url']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    if (runbookFile) fs.rmSync(runbookFile, { force: true });
    if (!namespace) return;
    await deleteNamespace(http, namespace).catch(() => undefined);
    await deleteNamespace(http, `${namespace}-state`).catch(() => undefined);
  });

  function dryRun(incident: string): Promise<CommandResult> {
    return waitFor(`a dry run of ${marked}`, () => Promise.resolve(vscode.commands.executeCommand<CommandResult | undefined>('remediator.dryRun', {
      target: { namespace, kind: 'Pod', name: marked }, runbook: RUNBOOK, incident: { id: incident, symptom: 'manual_restart_recommended', confidence: 1 },
    })), 60_000, 1000);
  }

  it('no Prometheus for this kube context: the precondition is an error and the plan aborts, as the CLI without --prometheus-url', async () => {
    const s = await api();
    await config().update('prometheus.url', { 'some-other-context': metrics.prometheus().url }, vscode.ConfigurationTarget.Workspace);
    const rendered = s.panel.nextRender();
    const result = await dryRun('vscm-none');
    assert.strictEqual(result.plan.mode, 'abort', result.plan.modeReason);
    assert.match(result.plan.modeReason, /blocked by metricPreconditions \(error\)/);
    const verdict = result.plan.verdicts.find((v) => v.guardrail === 'metricPreconditions');
    assert.match(verdict?.reason ?? '', /errors-present could not be measured: no Prometheus is configured for kube context /);
    const rows = byName(result.metrics);
    assert.strictEqual(rows.get('errors-present')?.verdict, 'error');
    assert.match(rows.get('error-ratio')?.now ?? '', /^error: no Prometheus is configured for kube context .*"\*"/);
    const drawn = (await rendered).metrics.checks;
    assert.deepStrictEqual(drawn.map((c) => [c.name, c.verdict]), [['errors-present', 'error'], ['error-ratio', 'not run']]);
  });

  it('errors present: the panel shows both checks with their live values, then executing streams samples until verified', async function () {
    metrics.requireService(this);
    const s = await api();
    // Per kube context: this context's entry wins over "*" (which points nowhere).
    await config().update('prometheus.url', { [contextName]: metrics.prometheus().url, '*': 'http://127.0.0.1:9' }, vscode.ConfigurationTarget.Workspace);
    const workload = { namespace, app: 'web' };
    metrics.service().setTraffic(workload, { errorRatio: 0.5 });
    await ratioIs(metrics.prometheus().url, namespace, 0.5);

    const rendered = s.panel.nextRender();
    const dry = await dryRun('vscm-live');
    assert.strictEqual(dry.plan.mode, 'auto_execute', dry.plan.modeReason);
    const rows = byName(dry.metrics);
    assert.deepStrictEqual([rows.get('errors-present')?.verdict, rows.get('errors-present')?.now], ['pass', '0.5']);
    assert.strictEqual(rows.get('errors-present')?.condition, 'result > 0.05');
    assert.match(rows.get('errors-present')?.query ?? '', new RegExp(`namespace="${namespace}",app="web"`));
    assert.deepStrictEqual([rows.get('error-ratio')?.verdict, rows.get('error-ratio')?.now, rows.get('error-ratio')?.baseline], ['not run', '0.5', 0.5]);
    const drawn = (await rendered).metrics.checks;
    assert.deepStrictEqual(drawn.map((c) => [c.name, c.verdict, c.now]), [['errors-present', 'pass', '0.5'], ['error-ratio', 'not run', '0.5']]);

    // The errors stop once the marked pod is gone, as they would when a broken replica is replaced.
    const recovered = waitFor('the marked pod to be gone', async () => {
      const pod = await http.get<Pod>(objectPath(PODS, namespace, marked)).catch(() => undefined);
      return !pod || pod.metadata.deletionTimestamp ? true : undefined;
    }, 120_000).then(() => metrics.service().setTraffic(workload, { errorRatio: 0 }));
    const sampled: Sampled[] = [];
    const sub = s.panel.onDidDrawSample((m) => sampled.push(m));
    try {
      await vscode.commands.executeCommand('remediator._test.setConfirmationAnswers', [true]);
      const finalRender = new Promise<Awaited<ReturnType<typeof s.panel.nextRender>>>((resolve) => {
        const watch = s.panel.onDidRender((r) => { if (r.metrics.checks.some((c) => c.verdict === 'verified')) { watch.dispose(); resolve(r); } });
      });
      const result = await vscode.commands.executeCommand<CommandResult | undefined>('remediator.execute', { fromPanel: true });
      await recovered;
      assert.ok(result, 'execute returned a result (see the Remediator Audit channel)');
      assert.strictEqual(result.outcome, 'verified', JSON.stringify(result.records?.map((r) => r.message)));
      // Samples reached the panel while verifying, one message each, and were drawn as they came.
      assert.ok(sampled.length >= 2, `samples drawn live: ${sampled.length}`);
      assert.ok(sampled.every((m) => m.metric === 'error-ratio'));
      const counts = sampled.map((m) => m.metrics.checks.find((c) => c.name === 'error-ratio')!.samples);
      assert.deepStrictEqual(counts, counts.map((_, i) => i + 1), 'each streamed sample adds one to the chart');
      const final = byName(result.metrics).get('error-ratio');
      assert.strictEqual(final?.verdict, 'verified');
      assert.strictEqual(final?.baseline, 0.5);
      assert.deepStrictEqual(final?.samples.slice(-2).map((x) => [x.value, x.verdict]), [[0, 'success'], [0, 'success']]);
      const last = (await finalRender).metrics.checks.find((c) => c.name === 'error-ratio');
      assert.strictEqual(last?.verdict, 'verified');
      assert.strictEqual(last?.samples, final?.samples.length);
    } finally {
      sub.dispose();
      metrics.service().stopTraffic(workload);
    }
  });
});
