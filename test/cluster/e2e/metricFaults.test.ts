// Verification metrics when things go wrong, end to end: the CLI on the real control plane, a real
// Prometheus. Prometheus stops mid-verification; a query answers several series; a ratio is NaN; a failed
// metric verification opens the circuit breaker for the next attempt.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import type { MetricCheckRow } from '../../../src/core/metrics/checkRows';
import type { AuditRecord } from '../../../src/core/model/audit';
import { PODS, listAll, objectPath, type KubeObject } from '../../../src/adapters/k8s/resources';
import { usePrometheus } from '../../metrics/fixture';
import { startOwnPrometheus } from '../../support/prometheus';
import { seedLab } from '../objects';
import { deleteNamespace, useCluster, waitFor, type TestCluster } from '../harness';
import { e2e, parseJson, seedRunbook } from './support';

const RESTART = 'remediator.kubedojo.io/restart';
const RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[3s]))'
  + ' / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[3s]))';

interface Metric { query: string; count?: number; failureLimit?: number; onNoData?: string; timeoutSeconds?: number }

/** The seed runbook scoped to `ns`, verified by one metric as well as the pods. */
function withMetric(ns: string, repoRoot: string, m: Metric): string {
  return seedRunbook(ns, repoRoot).replace('    timeoutSeconds: 120\n', `    timeoutSeconds: ${m.timeoutSeconds ?? 40}
    metrics:
      - name: error-ratio
        query: '${m.query}'
        successCondition: "result < 0.01"
        initialDelay: 0s
        interval: 1s
        count: ${m.count ?? 2}
        failureLimit: ${m.failureLimit ?? 0}
        inconclusiveLimit: 5
        onNoData: ${m.onNoData ?? 'inconclusive'}
`);
}

async function webPods(cluster: TestCluster, ns: string): Promise<Pod[]> {
  const pods = (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: 'app=web' })).items as unknown as Pod[];
  return pods.filter((p) => !p.metadata.deletionTimestamp);
}

async function mark(cluster: TestCluster, ns: string, pod: Pod): Promise<Pod> {
  await cluster.http.request('PATCH', objectPath(PODS, ns, pod.metadata.name), {
    body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json',
  });
  return pod;
}

async function gone(cluster: TestCluster, ns: string, name: string): Promise<true | undefined> {
  try {
    const p = await cluster.http.get<Pod>(objectPath(PODS, ns, name));
    return p.metadata.deletionTimestamp ? true : undefined;
  } catch {
    return true;
  }
}

/** Waits until Prometheus answers `query` (placeholders filled for ns/web) with a value `ok` accepts. */
async function answers(url: string, ns: string, query: string, what: string, ok: (values: string[]) => boolean): Promise<void> {
  const filled = query.replace(/\$\{NAMESPACE\}/g, ns).replace(/\$\{APP\}/g, 'web');
  await waitFor(`${filled} is ${what}`, async () => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(filled)}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    return ok((body.data?.result ?? []).map((r) => r.value[1])) ? true : undefined;
  }, 30_000);
}

type Result = { outcome: string; mode: string; records: AuditRecord[]; metricChecks?: MetricCheckRow[]; verdicts: { guardrail: string; status: string; reason: string }[] };

describe('e2e: verification metrics when things go wrong', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('metricfault');
  // The CLI keeps its shared state in `<namespace>-state`: delete it with the test's namespace.
  let stateNamespace: string | undefined;
  beforeEach(() => { stateNamespace = `${namespace()}-state`; });
  afterEach(async () => {
    if (stateNamespace) await deleteNamespace(cluster().http, stateNamespace).catch(() => undefined);
    stateNamespace = undefined;
  });
  const metrics = usePrometheus();

  it('Prometheus stops during verification: unobservable (an error), and a re-run repeats nothing', async function () {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    // A Prometheus of this test's own, to stop; a constant query that never reaches `count` successes in time.
    const own = await startOwnPrometheus();
    try {
      await seedLab(cluster().http, ns);
      const [web] = await webPods(cluster(), ns);
      await mark(cluster(), ns, web);
      const runbook = t.runbook('stopped.yaml', withMetric(ns, cluster().repoRoot, { query: 'vector(0)', count: 1000, timeoutSeconds: 60 }));
      const stopped = waitFor('marked pod gone', () => gone(cluster(), ns, web.metadata.name), 120_000).then(() => own.stop());
      const args = ['execute', '--runbook', runbook, '--target', `${ns}/pod/${web.metadata.name}`, '--yes', '--json', '--prometheus-url', own.url];
      const r = await t.run(args);
      await stopped;
      const result = parseJson<Result>(r);
      assert.equal(result.outcome, 'error', r.stdout + r.stderr);
      assert.equal(r.code, 5);
      const final = result.records.at(-1)!;
      assert.match(final.message!, /could not observe the metrics: error-ratio unobservable: .*the action was executed and is not repeated/);
      const check = final.verification?.metrics?.[0];
      assert.equal(check?.status, 'unobservable');
      assert.deepEqual(check?.samples.slice(-3).map((s) => s.verdict), ['error', 'error', 'error']);
      assert.equal(check?.baseline, 0, 'measured at decision time, before the stop');

      const again = await t.run(args);
      assert.equal(again.code, 3, again.stderr);
      assert.equal(parseJson<Result>(again).outcome, 'blocked');
      assert.equal(t.audit().filter((x) => x.outcome === 'executed').length, 1, 'acted once');
      assert.equal((await webPods(cluster(), ns)).filter((p) => p.metadata.name === web.metadata.name).length, 0);
    } finally {
      await own.stop();
    }
  });

  it('a query that returns two series: a clear error naming them and asking for an aggregation; nothing is done', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const [web] = await webPods(cluster(), ns);
    await mark(cluster(), ns, web);
    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0.5 });
    const perCode = 'http_requests_total{namespace="${NAMESPACE}",app="${APP}"}';
    await answers(metrics.prometheus().url, ns, perCode, 'two series', (v) => v.length === 2);
    const url = metrics.prometheus().url;
    const target = `${ns}/pod/${web.metadata.name}`;
    const tooMany = /"error-ratio" returned 2 series \(\{.*code="(200|500)".*\}\); it must return one: aggregate it, e\.g\. with sum\(\.\.\.\)/;

    const gated = t.runbook('gated.yaml', seedRunbook(ns, cluster().repoRoot).replace('    maxConcurrentActions: 1\n', `    maxConcurrentActions: 1
    metricPreconditions:
      - name: error-ratio
        query: '${perCode}'
        condition: "result > 0"
`));
    const dry = await t.run(['dry-run', '--runbook', gated, '--target', target, '--json', '--prometheus-url', url]);
    const plan = parseJson<Result>(dry);
    assert.equal(plan.mode, 'abort', dry.stderr);
    assert.equal(plan.verdicts.find((v) => v.guardrail === 'metricPreconditions')?.status, 'error');
    const row = plan.metricChecks?.[0];
    assert.equal(row?.verdict, 'error');
    assert.ok(row?.now?.kind === 'error' && tooMany.test(row.now.message), JSON.stringify(row));
    const text = await t.run(['dry-run', '--runbook', gated, '--target', target, '--prometheus-url', url]);
    assert.match(text.stdout, /precondition\s+error-ratio\s+error\s+error\s+result > 0\n\s+error-ratio: error: query "error-ratio" returned 2 series/);

    const verified = t.runbook('verified.yaml', withMetric(ns, cluster().repoRoot, { query: perCode }));
    const r = await t.run(['execute', '--runbook', verified, '--target', target, '--yes', '--json', '--prometheus-url', url]);
    assert.equal(r.code, 3, r.stderr);
    const blocked = parseJson<Result>(r).records.at(-1)!;
    assert.equal(blocked.outcome, 'blocked');
    assert.match(blocked.message!, /verification metrics cannot be measured.*nothing done/);
    assert.match(blocked.message!, tooMany);
    assert.equal(await gone(cluster(), ns, web.metadata.name), undefined, 'the pod is still there');
  });

  it('a NaN ratio (no traffic at all) is no data: shown as such at decision time, then counted per onNoData', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const [web] = await webPods(cluster(), ns);
    await mark(cluster(), ns, web);
    // Both series exist and stay at 0, so the ratio is 0 / 0.
    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0, requestsPerScrape: 0 });
    await answers(metrics.prometheus().url, ns, RATIO, 'NaN', (v) => v.length === 1 && v[0] === 'NaN');
    const runbook = t.runbook('nan.yaml', withMetric(ns, cluster().repoRoot, { query: RATIO, onNoData: 'fail', failureLimit: 1 }));
    const target = `${ns}/pod/${web.metadata.name}`;
    const args = (verb: string) => [verb, '--runbook', runbook, '--target', target, '--json', '--prometheus-url', metrics.prometheus().url];

    const dry = parseJson<Result>(await t.run(args('dry-run')));
    const row = dry.metricChecks?.find((c) => c.kind === 'verification');
    assert.deepEqual(row?.now && { kind: row.now.kind, reason: row.now.kind === 'no_data' ? row.now.reason : '' }, { kind: 'no_data', reason: 'the value is NaN' });
    assert.equal(row?.baseline, undefined);

    const r = await t.run([...args('execute'), '--yes']);
    assert.equal(r.code, 4, r.stderr);
    const result = parseJson<Result>(r);
    const failed = result.records.find((x) => x.outcome === 'verification_failed');
    assert.ok(failed, JSON.stringify(result.records.map((x) => x.outcome)));
    const check = failed.verification?.metrics?.[0];
    assert.deepEqual(check?.samples.map((s) => [s.verdict, s.value]), [['no_data', undefined], ['no_data', undefined]]);
    assert.equal(check?.baseline, undefined, 'no data is no baseline');
    assert.equal(result.metricChecks?.find((c) => c.kind === 'verification')?.status, 'failed');
  });

  it('a failed metric verification counts for the circuit breaker: the next attempt is refused and escalated', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const [web] = await webPods(cluster(), ns);
    await mark(cluster(), ns, web);
    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0.5 });
    await answers(metrics.prometheus().url, ns, RATIO, '0.5', (v) => v.length === 1 && Number(v[0]) === 0.5);
    const runbook = t.runbook('failing.yaml', withMetric(ns, cluster().repoRoot, { query: RATIO }));
    const run = (target: Pod) => t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${target.metadata.name}`, '--yes', '--json', '--prometheus-url', metrics.prometheus().url]);
    const first = await run(web);
    assert.equal(first.code, 4, first.stderr);
    const failed = parseJson<Result>(first).records.find((x) => x.outcome === 'verification_failed')!;
    assert.match(failed.message!, /error-ratio failed: .*escalate: open_incident_and_disable_runbook/);

    const peer = (await webPods(cluster(), ns)).find((p) => p.metadata.name !== web.metadata.name)!;
    await mark(cluster(), ns, peer);
    const second = await run(peer);
    assert.equal(second.code, 3, second.stderr);
    const refused = parseJson<Result>(second);
    const breaker = refused.verdicts.find((v) => v.guardrail === 'circuitBreaker');
    assert.equal(breaker?.status, 'fail', JSON.stringify(refused.verdicts));
    assert.equal(refused.outcome, 'blocked');
    assert.equal(t.audit().filter((x) => x.outcome === 'executed').length, 1, 'the breaker stopped the second action');
    assert.equal(await gone(cluster(), ns, peer.metadata.name), undefined);
  });
});
