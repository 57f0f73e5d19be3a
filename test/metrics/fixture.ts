// One Prometheus (and the test service it scrapes) per test file, from a mocha `before` hook.
import { startMetricsService, type TestMetricsService } from '../support/metricsService';
import { startPrometheus, type TestPrometheus } from '../support/prometheus';

export interface MetricsFixture {
  prometheus: () => TestPrometheus;
  /** The scraped service; call only after `requireService(this)`. */
  service: () => TestMetricsService;
  /** Skips the calling test (with the reason on the console) when the service is not scraped. */
  requireService: (ctx: Mocha.Context) => void;
}

export function usePrometheus(): MetricsFixture {
  let prometheus: TestPrometheus | undefined;
  let service: TestMetricsService | undefined;
  before(async function () {
    this.timeout(60_000);
    service = await startMetricsService();
    prometheus = await startPrometheus({ targets: [service.target] });
    if (!prometheus.scrapesHarnessTargets) {
      await service.stop();
      service = undefined;
    }
  });
  after(async function () {
    this.timeout(30_000);
    await prometheus?.stop();
    await service?.stop();
  });
  return {
    prometheus: () => {
      if (!prometheus) throw new Error('Prometheus is not started (the before hook failed)');
      return prometheus;
    },
    service: () => {
      if (!service) throw new Error('the test service is not scraped by this Prometheus');
      return service;
    },
    requireService: (ctx) => {
      if (!service) {
        console.log(`      skipped: ${ctx.test?.title ?? 'test'}: needs the harness's test service, which REMEDIATOR_TEST_PROMETHEUS_URL does not scrape`);
        ctx.skip();
      }
    },
  };
}
