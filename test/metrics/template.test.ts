import assert from 'node:assert/strict';
import { PrometheusMetricsReader } from '../../src/adapters/prometheus/reader';
import { checkPromQL } from '../../src/core/metrics/promql';
import { substitute, type TemplateValues } from '../../src/core/metrics/template';
import { waitFor } from '../cluster/harness';
import { usePrometheus } from './fixture';
import { hostileLabelValue as hostileValue, seededRandom as random } from '../support/seeded';

const ERROR_RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[5m]))';
const HOSTILE_APP = 'x"} or vector(1) or {a="';

function query(template: string, values: TemplateValues): string {
  const result = substitute(template, values);
  assert.ok(result.ok, result.ok ? '' : result.problem.message);
  return result.query;
}

/** What Prometheus's own lexer makes of a string literal: an instant query of a string returns it. */
async function stringValue(url: string, literal: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: literal }) });
  const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: [number, string] } };
  assert.equal(body.status, 'success', `${literal}: ${body.error ?? ''}`);
  assert.equal(body.data?.resultType, 'string');
  return body.data.result[1];
}

describe('metrics: query templates on a real Prometheus', function () {
  const fixture = usePrometheus();
  const reader = () => new PrometheusMetricsReader({ url: fixture.prometheus().url });

  it('a hostile app value cannot change the query: it parses and selects nothing', async function () {
    const substituted = query(ERROR_RATIO, { NAMESPACE: 'aiops-remediation-lab', APP: HOSTILE_APP });
    assert.equal(checkPromQL(substituted), undefined);
    assert.deepEqual(await reader().query(substituted), { kind: 'no_data' });
    // Control: a value pasted in without escaping does change a query ("or vector(1)" answers 1).
    const sumTemplate = 'sum(http_requests_total{namespace="${NAMESPACE}",app="${APP}"})';
    const attack = 'x"} or vector(1) or up{a="';
    const pasted = sumTemplate.replace('${NAMESPACE}', 'lab').replace('${APP}', attack);
    const injected = await reader().query(pasted);
    assert.ok(injected.kind === 'vector' && injected.samples.length === 1 && injected.samples[0].value === 1, JSON.stringify(injected));
    assert.deepEqual(await reader().query(query(sumTemplate, { NAMESPACE: 'lab', APP: attack })), { kind: 'no_data' });
  });

  it('generated hostile values reach Prometheus unchanged, in both quote styles (seeded)', async function () {
    const next = random(8);
    const url = fixture.prometheus().url;
    for (let i = 0; i < 60; i++) {
      const value = hostileValue(next);
      assert.equal(await stringValue(url, query('"${APP}"', { APP: value })), value, `case ${i} (double quotes): ${JSON.stringify(value)}`);
      assert.equal(await stringValue(url, query("'${APP}'", { APP: value })), value, `case ${i} (single quotes): ${JSON.stringify(value)}`);
    }
  });

  it('in a regex matcher a value matches only itself', async function () {
    fixture.requireService(this);
    this.timeout(60_000);
    const apps = ['web.*', 'web-1', 'a|b', 'a', HOSTILE_APP, 'back\\slash "quoted"\nline'];
    for (const app of apps) fixture.service().setTraffic({ namespace: 'hostile', app }, { errorRatio: 0 });
    const count = (app: string) => query('count(http_requests_total{namespace="hostile",app=~"${APP}"})', { APP: app });
    await waitFor('every test app scraped', async () => {
      const all = await reader().query('count(http_requests_total{namespace="hostile"})');
      return all.kind === 'vector' && all.samples[0].value === apps.length * 2 ? true : undefined;
    }, 30_000);
    for (const app of apps) {
      const result = await reader().query(count(app));
      assert.ok(result.kind === 'vector', `${JSON.stringify(app)}: ${JSON.stringify(result)}`);
      assert.equal(result.samples[0].value, 2, `${JSON.stringify(app)} selects its own two series (200 and 500) only`);
      const exact = await reader().query(query('http_requests_total{namespace="hostile",app="${APP}",code="500"}', { APP: app }));
      assert.ok(exact.kind === 'vector' && exact.samples.length === 1 && exact.samples[0].labels.app === app, JSON.stringify(app));
    }
  });
});
