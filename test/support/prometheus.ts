// A real Prometheus for tests: Debian's `prometheus` binary on a free loopback port, scraping every second,
// storing into a temporary directory that is removed on stop. With REMEDIATOR_TEST_PROMETHEUS_URL set, the
// tests use that server instead and start nothing (then nothing the harness serves is scraped).
import { startDaemon } from './daemon';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../cluster/harness';

export const EXTERNAL_PROMETHEUS_URL = process.env.REMEDIATOR_TEST_PROMETHEUS_URL?.replace(/\/+$/, '') || undefined;

export interface TestPrometheus {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** False for a server named by REMEDIATOR_TEST_PROMETHEUS_URL: it does not scrape the harness's targets. */
  scrapesHarnessTargets: boolean;
  /** Stops the server started here and removes its storage; a no-op for an external server. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** host:port targets scraped every second under job "test-service". */
  targets?: readonly string[];
  /** How long to wait for /-/ready. */
  readyDeadlineMs?: number;
  /** Serve HTTPS with this certificate and key (Prometheus's --web.config.file). */
  tls?: { certFile: string; keyFile: string };
}

/** A loopback port nobody listens on right now (the OS picks it; a race with another process is retried by callers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function configYaml(targets: readonly string[]): string {
  const lines = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: test-service',
  ];
  // An empty target list is valid: a Prometheus that only answers queries (constant expressions, NaN, errors).
  lines.push(`    static_configs: [{ targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}] }]`);
  return lines.join('\n') + '\n';
}

/** GET url and resolve with the status code (undefined when nothing answers). */
function statusOf(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    // Readiness only: the certificate itself is what the tests of the reader check.
    const get = url.startsWith('https:') ? (u: string, o: https.RequestOptions, cb: (res: http.IncomingMessage) => void) => https.get(u, { ...o, rejectUnauthorized: false }, cb) : http.get;
    const req = get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

async function startLocal(options: StartOptions): Promise<TestPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, configYaml(options.targets ?? []));
  const port = await freePort();
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const tlsArgs: string[] = [];
  if (options.tls) {
    const webConfig = path.join(dir, 'web.yml');
    fs.writeFileSync(webConfig, `tls_server_config:\n  cert_file: ${JSON.stringify(options.tls.certFile)}\n  key_file: ${JSON.stringify(options.tls.keyFile)}\n`);
    tlsArgs.push(`--web.config.file=${webConfig}`);
  }
  const { stop } = await startDaemon({
    name: 'prometheus', bin: 'prometheus', install: 'prometheus', dir, url, deadlineMs: options.readyDeadlineMs,
    args: [
    ...tlsArgs,
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ],
    ready: async () => (await statusOf(`${url}/-/ready`)) === 200,
  });
  return { url, scrapesHarnessTargets: true, stop };
}

/** The Prometheus the tests use: REMEDIATOR_TEST_PROMETHEUS_URL when set, else one started here. */
export async function startPrometheus(options: StartOptions = {}): Promise<TestPrometheus> {
  if (EXTERNAL_PROMETHEUS_URL) {
    const url = EXTERNAL_PROMETHEUS_URL;
    await waitFor(`Prometheus ready at ${url}`, async () => ((await statusOf(`${url}/-/ready`)) === 200 ? true : undefined), options.readyDeadlineMs ?? 30_000);
    return { url, scrapesHarnessTargets: false, stop: async () => undefined };
  }
  return startLocal(options);
}

/** Always a Prometheus of our own (for tests that stop it), whatever REMEDIATOR_TEST_PROMETHEUS_URL says. */
export function startOwnPrometheus(options: StartOptions = {}): Promise<TestPrometheus> {
  return startLocal(options);
}

