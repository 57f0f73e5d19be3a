import assert from 'node:assert/strict';
import { waitFor } from '../cluster/harness';
import { usePrometheus } from './fixture';

/** The first sample's value of an instant query, straight from the HTTP API (no product code involved). */
async function firstValue(url: string, query: string): Promise<number | undefined> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
  const first = body.data?.result?.[0];
  return first ? Number(first.value[1]) : undefined;
}

describe('metrics: test Prometheus harness', function () {
  const fixture = usePrometheus();
  const workload = { namespace: 'harness', app: 'web' };
  const ratio = `sum(rate(http_requests_total{namespace="harness",app="web",code=~"5.."}[4s])) / sum(rate(http_requests_total{namespace="harness",app="web"}[4s]))`;

  it('answers /-/ready and queries', async function () {
    const res = await fetch(`${fixture.prometheus().url}/-/ready`);
    assert.equal(res.status, 200);
    assert.equal(await firstValue(fixture.prometheus().url, 'vector(1)'), 1);
  });

  it('scrapes the test service, whose error ratio follows what the test sets', async function () {
    fixture.requireService(this);
    this.timeout(60_000);
    const url = fixture.prometheus().url;
    fixture.service().setTraffic(workload, { errorRatio: 0.25 });
    await waitFor('error ratio 0.25', async () => ((await firstValue(url, ratio)) === 0.25 ? true : undefined), 30_000);
    let current = 0.25;
    fixture.service().setTraffic(workload, { errorRatio: () => current });
    current = 0;
    await waitFor('error ratio 0', async () => ((await firstValue(url, ratio)) === 0 ? true : undefined), 30_000);
    assert.ok(fixture.service().scrapes() >= 2);
  });
});
