// A small service the test Prometheus scrapes: `http_requests_total{namespace,app,code}` counters whose
// traffic the test drives. Each scrape of /metrics counts one batch of requests per configured workload, so
// rate() follows the configured error ratio at every scrape (1 s) without any timer in the test.
import http from 'node:http';
import type net from 'node:net';
import { Counter, Registry } from 'prom-client';

export interface Workload {
  namespace: string;
  app: string;
}

/** Requests per scrape and the share of them answered with 500; `errorRatio` is read at every scrape. */
export interface Traffic {
  requestsPerScrape?: number;
  errorRatio: number | (() => number);
}

export interface TestMetricsService {
  /** host:port for a Prometheus scrape target. */
  target: string;
  /** Starts (or changes) the traffic of one workload; the next scrape uses it. */
  setTraffic(workload: Workload, traffic: Traffic): void;
  /** Stops counting for a workload (its series go stale in Prometheus after 5 minutes, as for a real pod). */
  stopTraffic(workload: Workload): void;
  /** How many times /metrics was scraped. */
  scrapes(): number;
  stop(): Promise<void>;
}

function key(w: Workload): string {
  return JSON.stringify([w.namespace, w.app]);
}

export async function startMetricsService(): Promise<TestMetricsService> {
  const registry = new Registry();
  const traffic = new Map<string, { workload: Workload; traffic: Traffic }>();
  let scrapeCount = 0;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by namespace, app and status code.',
    labelNames: ['namespace', 'app', 'code'] as const,
    registers: [registry],
    collect() {
      scrapeCount++;
      for (const { workload, traffic: t } of traffic.values()) {
        const total = t.requestsPerScrape ?? 100;
        const ratio = typeof t.errorRatio === 'function' ? t.errorRatio() : t.errorRatio;
        const errors = Math.round(total * Math.min(1, Math.max(0, ratio)));
        const labels = { namespace: workload.namespace, app: workload.app };
        // Both codes always exist, so a ratio of 0 is a real 0 and not "no data".
        this.inc({ ...labels, code: '500' }, errors);
        this.inc({ ...labels, code: '200' }, total - errors);
      }
    },
  });
  void requests;

  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    setTraffic: (workload, t) => { traffic.set(key(workload), { workload, traffic: t }); },
    stopTraffic: (workload) => { traffic.delete(key(workload)); },
    scrapes: () => scrapeCount,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
