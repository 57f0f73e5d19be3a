// A real Alertmanager for tests: Debian's `prometheus-alertmanager` on free loopback ports (clustering
// off), routing every alert in its own group to one webhook with a bearer token read from a file, with a
// short group_wait so a posted alert is sent within about a second. Storage in a temporary directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../cluster/harness';
import { freePort } from './prometheus';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export interface TestAlertmanager {
  url: string;
  /** POST /api/v2/alerts: labels, annotations, startsAt and endsAt (an endsAt in the past resolves). */
  post(alerts: PostedAlert[]): Promise<void>;
  stop(): Promise<void>;
}

export interface PostedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
}

export interface AlertmanagerOptions {
  /** The webhooks (every alert goes to each), e.g. http://127.0.0.1:PORT/alertmanager. */
  webhookUrls: string[];
  tokenFile: string;
  groupWait?: string;
  groupInterval?: string;
}

function configYaml(o: AlertmanagerOptions): string {
  return [
    'route:',
    '  receiver: serve',
    "  group_by: ['...']",
    `  group_wait: ${o.groupWait ?? '200ms'}`,
    `  group_interval: ${o.groupInterval ?? '1s'}`,
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: serve',
    '    webhook_configs:',
    ...o.webhookUrls.flatMap((url) => [
      `      - url: ${JSON.stringify(url)}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials_file: ${JSON.stringify(o.tokenFile)}`,
    ]),
    '',
  ].join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startAlertmanager(o: AlertmanagerOptions): Promise<TestAlertmanager> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(configFile, configYaml(o));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(ALERTMANAGER_BIN, [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  let spawnError: Error | undefined;
  child.once('error', (err) => { spawnError = err; });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killLater = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(killLater);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`Alertmanager ready at ${url}`, async () => {
      if (spawnError) throw new Error(`cannot start ${ALERTMANAGER_BIN} (apt-get install prometheus-alertmanager): ${spawnError.message}`);
      if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}: ${stderr.trim()}`);
      const r = await fetch(`${url}/-/ready`).catch(() => undefined);
      return r?.status === 200 ? true : undefined;
    }, 30_000, 50);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    async post(alerts) {
      const r = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (r.status !== 200) throw new Error(`Alertmanager refused the alerts: HTTP ${r.status} ${await r.text()}`);
    },
    stop,
  };
}
