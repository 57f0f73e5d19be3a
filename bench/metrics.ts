// Metric checks on a real Prometheus (the test harness's, on loopback, scraping every second):
//  - the cost of the precondition queries of one decision (one query per precondition, through the adapter);
//  - the time from the error ratio crossing a verification metric's success condition in Prometheus to
//    the provider's `verified` (goal: at most one interval + 200 ms).
// Run: npm run build && node dist/bench/metrics.js
import { PrometheusMetricsReader } from '../src/adapters/prometheus/reader';
import { preconditionQueries } from '../src/core/metrics/readings';
import { measure } from '../src/core/pipeline/measure';
import { prometheusProvider } from '../src/core/verify/metricProvider';
import type { VerificationMetric } from '../src/core/model/runbook';
import { startMetricsService } from '../test/support/metricsService';
import { startOwnPrometheus } from '../test/support/prometheus';
import { runbook } from '../test/support/model';

const RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code="500"}[3s]))'
  + ' / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[3s]))';
const target = { target: { namespace: 'bench', kind: 'Pod', name: 'web-1' }, app: 'web' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function valueNow(reader: PrometheusMetricsReader, query: string): Promise<number | undefined> {
  const r = (await measure(reader, [{ name: 'x', ok: true, query }])).x;
  return r.kind === 'value' ? r.value : undefined;
}

async function main(): Promise<void> {
  const service = await startMetricsService();
  const prometheus = await startOwnPrometheus({ targets: [service.target] });
  try {
    const reader = new PrometheusMetricsReader({ url: prometheus.url });
    service.setTraffic({ namespace: 'bench', app: 'web' }, { errorRatio: 0.5 });
    const rb = runbook({ guardrails: { metricPreconditions: [{ name: 'errors-present', query: RATIO, condition: 'result > 0.05' }] } });
    const queries = preconditionQueries(rb, target);
    const query = queries[0].ok ? queries[0].query : '';
    while ((await valueNow(reader, query)) !== 0.5) await new Promise((r) => setTimeout(r, 100));

    const costs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await measure(reader, queries);
      costs.push(performance.now() - t);
    }
    costs.sort((a, b) => a - b);
    console.log(`precondition query per decision (1 precondition, ${costs.length} runs): median ${percentile(costs, 0.5).toFixed(2)} ms, p95 ${percentile(costs, 0.95).toFixed(2)} ms`);

    const metric: VerificationMetric = {
      name: 'error-ratio', query: RATIO, successCondition: 'result < 0.01', initialDelay: '0s', interval: '1s',
      count: 1, failureLimit: 1000, inconclusiveLimit: 1000, onNoData: 'inconclusive',
    };
    const lags: number[] = [];
    for (let round = 0; round < 5; round++) {
      service.setTraffic({ namespace: 'bench', app: 'web' }, { errorRatio: 0.5 });
      while ((await valueNow(reader, query)) !== 0.5) await new Promise((r) => setTimeout(r, 50));
      // Watch Prometheus closely (every 20 ms) for the moment the ratio crosses below 0.01.
      let crossedAt: number | undefined;
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          const v = await valueNow(reader, query);
          if (crossedAt === undefined && v !== undefined && v < 0.01) crossedAt = performance.now();
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      service.setTraffic({ namespace: 'bench', app: 'web' }, { errorRatio: 0 });
      const provider = prometheusProvider(reader, [{ metric, query: queries[0] }]);
      const [state] = await provider.run({
        deadline: Date.now() + 60_000, now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      });
      const verifiedAt = performance.now();
      watching = false;
      await watcher;
      if (state.status !== 'verified' || crossedAt === undefined) throw new Error(`round ${round}: ${state.status} ${state.reason}`);
      lags.push(Math.max(0, verifiedAt - crossedAt));
    }
    lags.sort((a, b) => a - b);
    console.log(`crossing in Prometheus -> verified (interval 1 s, ${lags.length} rounds): median ${lags[Math.floor(lags.length / 2)].toFixed(0)} ms, max ${lags[lags.length - 1].toFixed(0)} ms (goal <= 1200 ms)`);
  } finally {
    await prometheus.stop();
    await service.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
