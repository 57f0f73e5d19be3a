// A real Alertmanager for tests: Debian's `prometheus-alertmanager` on free loopback ports (clustering
// off), routing every alert in its own group to one webhook with a bearer token read from a file, with a
// short group_wait so a posted alert is sent within about a second. Storage in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDaemon } from './daemon';
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

export async function startAlertmanager(o: AlertmanagerOptions): Promise<TestAlertmanager> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-alertmanager-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(configFile, configYaml(o));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { stop } = await startDaemon({
    name: 'Alertmanager', bin: ALERTMANAGER_BIN, install: 'prometheus-alertmanager', dir, url,
    args: [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ],
    ready: async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.status === 200,
  });
  return {
    url,
    async post(alerts) {
      const r = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (r.status !== 200) throw new Error(`Alertmanager refused the alerts: HTTP ${r.status} ${await r.text()}`);
    },
    stop,
  };
}
