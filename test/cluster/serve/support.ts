// Support for serve's cluster tests: a scratch dir with the token, the notify config (PagerDuty channels
// pointing at a loopback receiver), the seed runbook answering alert PodUnhealthy in the test namespace,
// and Alertmanager-shaped payloads for direct posts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { NotificationAttemptRecord } from '../../../src/core/audit/notificationAttempt';
import type { TestCluster } from '../harness';
import { deleteNamespace } from '../harness';
import { seedRunbook } from '../e2e/support';
import { startServe, type ServeProcess } from '../../support/serveProcess';

export const ALERTNAME = 'PodUnhealthy';
export const ROUTING_KEY = 'test-routing-key-0123456789';

export interface ServeEnv {
  dir: string;
  token: string;
  tokenFile: string;
  auditFile: string;
  stateNamespace: string;
  runbookDir: string;
  /** Starts a serve process; `dataDir` names the instance (default "a"). */
  start(options?: { dataDir?: string; port?: number; args?: string[] }): Promise<ServeProcess>;
  audit(): AuditRecord[];
  /** The notification delivery attempts in the audit log. */
  attempts(): NotificationAttemptRecord[];
  cleanup(): Promise<void>;
}

/** The seed runbook, scoped to `namespace`, also answering alert PodUnhealthy. */
export function alertRunbook(namespace: string, repoRoot: string): string {
  return seedRunbook(namespace, repoRoot).replace(/    minimumConfidence: 0\.8\n/, `    minimumConfidence: 0.8\n    alerts:\n      - alertname: ${ALERTNAME}\n`);
}

export function serveEnv(cluster: TestCluster, namespace: string, receiverUrl: string): ServeEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-serve-'));
  const token = randomBytes(24).toString('hex');
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, `${token}\n`);
  fs.writeFileSync(path.join(dir, 'routing-key'), `${ROUTING_KEY}\n`);
  const notify = path.join(dir, 'notify.yaml');
  fs.writeFileSync(notify, [
    'defaultChannel: page_service_owner',
    'channels:',
    '  page_service_owner:',
    '    type: pagerduty',
    `    url: ${receiverUrl}/guardrail`,
    '    routingKeyFile: routing-key',
    '  open_incident_and_disable_runbook:',
    '    type: pagerduty',
    `    url: ${receiverUrl}/verification`,
    '    routingKeyFile: routing-key',
    '    severity: error',
    '    notifyVerified: true',
    '',
  ].join('\n'));
  const runbookDir = path.join(dir, 'runbooks');
  fs.mkdirSync(runbookDir);
  fs.writeFileSync(path.join(runbookDir, 'replace-redundant-pod.yaml'), alertRunbook(namespace, cluster.repoRoot));
  const auditFile = path.join(dir, 'audit.jsonl');
  const stateNamespace = `${namespace}-state`;
  const started: ServeProcess[] = [];
  return {
    dir, token, tokenFile, auditFile, stateNamespace, runbookDir,
    async start(options = {}) {
      const p = await startServe(cluster.repoRoot, [
        '--runbooks', runbookDir, '--listen', `127.0.0.1:${options.port ?? 0}`, '--token-file', tokenFile, '--notify-config', notify,
        '--kubeconfig', cluster.kubeconfig, '--audit-file', auditFile, '--state-namespace', stateNamespace,
        '--data-dir', path.join(dir, `data-${options.dataDir ?? 'a'}`), ...(options.args ?? []),
      ]);
      started.push(p);
      return p;
    },
    audit: () => readAuditFile(auditFile).records,
    attempts: () => readAuditFile(auditFile).attempts,
    async cleanup() {
      await Promise.all(started.map((p) => p.stop('SIGKILL')));
      // The state namespace exists only once something was claimed or recorded.
      await deleteNamespace(cluster.http, stateNamespace).catch((err: unknown) => {
        if (!/404/.test(String(err))) throw err;
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function alertLabels(namespace: string, pod: string): Record<string, string> {
  return { alertname: ALERTNAME, namespace, pod, symptom: 'CrashLoopBackOff', probable_cause: 'pod_process_hung' };
}

export const CONFIDENT = { confidence: '0.9' };

/** An Alertmanager webhook body (version 4) with one alert, as Alertmanager would send it. */
export function webhookPayload(labels: Record<string, string>, o: { status?: 'firing' | 'resolved'; fingerprint?: string; startsAt?: string } = {}): object {
  const status = o.status ?? 'firing';
  const startsAt = o.startsAt ?? new Date().toISOString();
  return {
    version: '4', groupKey: `{}:{alertname="${labels.alertname}"}`, truncatedAlerts: 0, status, receiver: 'serve',
    groupLabels: {}, commonLabels: labels, commonAnnotations: CONFIDENT, externalURL: 'http://127.0.0.1:9093',
    alerts: [{
      status, labels, annotations: CONFIDENT, startsAt, endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: '', fingerprint: o.fingerprint ?? randomBytes(8).toString('hex'),
    }],
  };
}

export async function postWebhook(serve: ServeProcess, token: string | undefined, body: object | string): Promise<{ status: number; text: string }> {
  const r = await fetch(`${serve.url}/alertmanager`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, text: await r.text() };
}
