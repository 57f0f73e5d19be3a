// Metric preconditions end to end: the CLI against the real control plane and a real Prometheus scraping
// a test service whose error counters the test drives. The precondition is measured at decision time and
// in the re-check before acting; a symptom that is gone, or a Prometheus that cannot answer, does nothing.
import assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/k8s/types';
import { PODS, listAll, type KubeObject } from '../../../src/adapters/k8s/resources';
import { freePort } from '../../support/prometheus';
import { create, deployment, seedLab, waitAvailable, ENABLED_LABEL } from '../objects';
import { waitFor, type TestCluster } from '../harness';
import { markForRestart, useMetricE2E } from './metricSupport';
import { e2e, parseJson, seedRunbook } from './support';

const RATIO = (op: '=' | '=~') => `sum(rate(http_requests_total{namespace="\${NAMESPACE}",app${op}"\${APP}",code="500"}[5s]))`
  + ` / sum(rate(http_requests_total{namespace="\${NAMESPACE}",app${op}"\${APP}"}[5s]))`;

interface Result { outcome: string; mode: string; verdicts: { guardrail: string; status: string; reason: string }[] }

function gated(ns: string, repoRoot: string, op: '=' | '=~' = '='): string {
  const seed = seedRunbook(ns, repoRoot);
  return seed.replace('    maxConcurrentActions: 1\n', `    maxConcurrentActions: 1
    metricPreconditions:
      - name: errors-present
        query: '${RATIO(op)}'
        condition: "result > 0.05"
`);
}

async function podsOf(cluster: TestCluster, ns: string, app: string): Promise<Pod[]> {
  return (await listAll<KubeObject>(cluster.http, PODS, ns, { labelSelector: `app=${app}` })).items as unknown as Pod[];
}

async function markOne(cluster: TestCluster, ns: string, app: string): Promise<Pod> {
  const [pod] = await podsOf(cluster, ns, app);
  return markForRestart(cluster, ns, pod);
}

async function ratioIs(url: string, ns: string, app: string, want: number): Promise<void> {
  const query = RATIO('=').replace(/\$\{NAMESPACE\}/g, ns).replace(/\$\{APP\}/g, app);
  await waitFor(`error ratio of ${ns}/${app} is ${want}`, async () => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    const value = body.data?.result?.[0]?.value[1];
    return value !== undefined && Number(value) === want ? true : undefined;
  }, 30_000);
}

const verdictOf = (r: Result) => r.verdicts.find((v) => v.guardrail === 'metricPreconditions')!;

describe('e2e: metric preconditions on a real Prometheus', function () {
  this.timeout(180_000);
  const { cluster, namespace, metrics } = useMetricE2E('metricgate');

  it('symptom gone: nothing is done; symptom present: the pod is replaced and verified', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const web = await markOne(cluster(), ns, 'web');
    const runbook = t.runbook('gated.yaml', gated(ns, cluster().repoRoot));
    const url = metrics.prometheus().url;
    const target = `${ns}/pod/${web.metadata.name}`;

    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0 });
    await ratioIs(url, ns, 'web', 0);
    const gone = await t.run(['execute', '--runbook', runbook, '--target', target, '--yes', '--json', '--prometheus-url', url]);
    const goneResult = parseJson<Result>(gone);
    assert.equal(goneResult.outcome, 'blocked', gone.stderr);
    assert.equal(verdictOf(goneResult).status, 'fail');
    assert.equal(verdictOf(goneResult).reason, 'errors-present 0.00 is not > 0.05: the symptom is gone');
    assert.ok((await podsOf(cluster(), ns, 'web')).some((p) => p.metadata.uid === web.metadata.uid && !p.metadata.deletionTimestamp), 'nothing deleted');

    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0.5 });
    await ratioIs(url, ns, 'web', 0.5);
    const present = await t.run(['execute', '--runbook', runbook, '--target', target, '--yes', '--json']);
    // No URL: not configured, so it aborts even though the symptom is there.
    assert.equal(verdictOf(parseJson<Result>(present)).status, 'error');
    const acted = await t.run(['execute', '--runbook', runbook, '--target', target, '--yes', '--json', '--prometheus-url', url]);
    const actedResult = parseJson<Result>(acted);
    assert.equal(actedResult.outcome, 'verified', acted.stdout + acted.stderr);
    assert.equal(verdictOf(actedResult).status, 'pass');
    assert.ok((await podsOf(cluster(), ns, 'web')).every((p) => p.metadata.uid !== web.metadata.uid || p.metadata.deletionTimestamp), 'the marked pod was replaced');
  });

  it('Prometheus unreachable: the plan aborts and nothing is done', async () => {
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await seedLab(cluster().http, ns);
    const web = await markOne(cluster(), ns, 'web');
    const runbook = t.runbook('gated.yaml', gated(ns, cluster().repoRoot));
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await t.run(['scan', '--runbook', runbook, '--execute', '--yes', '--json', '--prometheus-url', closed]);
    const decision = parseJson<{ decisions: (Result & { target: { name: string } })[] }>(r).decisions.find((d) => d.target.name === web.metadata.name)!;
    assert.equal(decision.mode, 'abort');
    assert.equal(decision.outcome, 'blocked');
    assert.equal(verdictOf(decision).status, 'error');
    assert.match(verdictOf(decision).reason, /could not be measured: .*127\.0\.0\.1/);
    assert.ok((await podsOf(cluster(), ns, 'web')).some((p) => p.metadata.uid === web.metadata.uid && !p.metadata.deletionTimestamp), 'nothing deleted');
  });

  it('a hostile app label value cannot widen the query: app "w.b" does not match the errors of app "web"', async function () {
    metrics.requireService(this);
    const ns = namespace();
    const t = e2e(cluster(), ns);
    await create(cluster().http, ns, deployment('w.b', 2, { labels: { [ENABLED_LABEL]: 'true' } }));
    await waitAvailable(cluster().http, ns, 'w.b');
    const pod = await markOne(cluster(), ns, 'w.b');
    const url = metrics.prometheus().url;
    // Errors for "web" only: an unescaped regex matcher app=~"w.b" would match them and act.
    metrics.service().setTraffic({ namespace: ns, app: 'web' }, { errorRatio: 0.5 });
    await ratioIs(url, ns, 'web', 0.5);
    const runbook = t.runbook('gated.yaml', gated(ns, cluster().repoRoot, '=~'));
    const r = await t.run(['execute', '--runbook', runbook, '--target', `${ns}/pod/${pod.metadata.name}`, '--yes', '--json', '--prometheus-url', url]);
    const result = parseJson<Result>(r);
    assert.equal(result.outcome, 'blocked', r.stderr);
    assert.equal(verdictOf(result).status, 'error');
    assert.match(verdictOf(result).reason, /no data/);
    assert.ok((await podsOf(cluster(), ns, 'w.b')).some((p) => p.metadata.uid === pod.metadata.uid && !p.metadata.deletionTimestamp), 'nothing deleted');
  });
});
