// Verification metrics end to end: the CLI acts on the real control plane, then samples a real Prometheus
// scraping a test service whose errors stop only when the marked pod is gone (or never stop).
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import type { AuditRecord } from '../../../src/core/model/audit';
import { PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { seedLab } from '../objects';
import { waitFor, type TestCluster } from '../harness';
import { markForRestart, podGone, useMetricE2E } from './metricSupport';
import { e2e, parseJson, seedRunbook } from './support';

const RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[3s]))'
  + ' / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[3s]))';

function verifiedByMetrics(ns: string, repoRoot: string): string {
  return seedRunbook(ns, repoRoot).replace('    timeoutSeconds: 120\n', `    timeoutSeconds: 40
    metrics:
      - name: error-ratio
        query: '${RATIO}'
        successCondition: "result < 0.01"
        initialDelay: 0s
        interval: 1s
        count: 2
        failureLimit: 3
        inconclusiveLimit: 5
        onNoData: inconclusive
`);
}

async function markOne(cluster: TestCluster, ns: string): Promise<Pod> {
  const [pod] = (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
  return markForRestart(cluster, ns, pod);
}

/** Waits until Prometheus has scraped enough to answer the ratio with `want`. */
async function ratioIs(url: string, ns: string, want: number): Promise<void> {
  const query = RATIO.replace(/\$\{NAMESPACE\}/g, ns).replace(/\$\{APP\}/g, 'web');
  await waitFor(`error ratio of ${ns}/web is ${want}`, async () => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    const value = body.data?.result?.[0]?.value[1];
    return value !== undefined && Number(value) === want ? true : undefined;
  }, 30_000);
}

describe('e2e: verification metrics on a real Prometheus', function () {
  this.timeout(180_000);
  const { cluster, namespace, metrics } = useMetricE2E('metricverify');

  it('errors stop when the marked pod is gone: verified, with baseline and samples in the audit', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const web = await markOne(cluster(), ns);
    const workload = { namespace: ns, app: 'web' };
    metrics.service().setTraffic(workload, { errorRatio: 0.5 });
    await ratioIs(metrics.prometheus().url, ns, 0.5);
    // The service answers with errors while the marked pod exists, as a broken replica would.
    const recovered = waitFor('marked pod gone', () => podGone(cluster(), ns, web.metadata.name), 120_000)
      .then(() => metrics.service().setTraffic(workload, { errorRatio: 0 }));
    const runbook = t.runbook('verified.yaml', verifiedByMetrics(ns, cluster().repoRoot));
    const r = await t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${web.metadata.name}`, '--yes', '--json', '--prometheus-url', metrics.prometheus().url]);
    await recovered;
    const result = parseJson<{ outcome: string; records: AuditRecord[] }>(r);
    assert.equal(result.outcome, 'verified', r.stdout + r.stderr);
    const final = result.records.at(-1)!;
    const check = final.verification?.metrics?.[0];
    assert.equal(check?.status, 'verified');
    assert.deepEqual(check?.samples.slice(-2).map((s) => s.verdict), ['success', 'success']);
    assert.equal(check?.baseline, 0.5, 'the baseline is the value right before acting');
  });

  it('pods recover but errors do not: verification_failed and escalated (exit 4)', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const web = await markOne(cluster(), ns);
    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0.5 });
    await ratioIs(metrics.prometheus().url, ns, 0.5);
    const runbook = t.runbook('failing.yaml', verifiedByMetrics(ns, cluster().repoRoot).replace('failureLimit: 3', 'failureLimit: 0'));
    const r = await t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${web.metadata.name}`, '--yes', '--json', '--prometheus-url', metrics.prometheus().url]);
    const result = parseJson<{ outcome: string; records: AuditRecord[] }>(r);
    assert.equal(r.code, 4, r.stderr);
    const failed = result.records.find((x) => x.outcome === 'verification_failed');
    assert.ok(failed, JSON.stringify(result.records.map((x) => x.outcome)));
    assert.match(failed.message!, /error-ratio failed: .*open_incident_and_disable_runbook/);
    assert.equal(failed.verification?.status, 'failed');
  });

  it('no data for the workload: verification_inconclusive, escalated, not rolled back', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const web = await markOne(cluster(), ns);
    const runbook = t.runbook('nodata.yaml', verifiedByMetrics(ns, cluster().repoRoot).replace('inconclusiveLimit: 5', 'inconclusiveLimit: 1'));
    const r = await t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${web.metadata.name}`, '--yes', '--json', '--prometheus-url', metrics.prometheus().url]);
    const result = parseJson<{ outcome: string; records: AuditRecord[] }>(r);
    assert.equal(result.outcome, 'verification_inconclusive', r.stderr);
    assert.equal(r.code, 4);
    assert.deepEqual(result.records.map((x) => x.outcome), ['executed', 'verification_inconclusive']);
    assert.deepEqual(result.records.at(-1)!.verification?.metrics?.[0].samples.map((s) => s.verdict), ['no_data', 'no_data']);
  });
});
