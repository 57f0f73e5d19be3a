// A local receiver on 127.0.0.1 that answers every request the same broken way, for the CLI's error
// paths (what a user sees when the API server, or a proxy in front of it, fails). Product behaviour is
// tested against the real API server; this only has to fail.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'garbage' }
  | { kind: 'hangup' }
  | { kind: 'hang' }
  | { kind: 'echo-authorization' };

export interface Receiver { url: string; requests: number; close(): Promise<void> }

function statusBody(status: number): string {
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 500: 'InternalError' }[status] ?? 'Unknown';
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code: status, message: `the receiver says ${reason}` });
}

export async function startReceiver(fault: Fault): Promise<Receiver> {
  const receiver: Receiver = { url: '', requests: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    receiver.requests++;
    req.resume();
    req.on('end', () => {
      if (fault.kind === 'hangup') { req.socket.destroy(); return; }
      if (fault.kind === 'hang') return; // never answers; close() drops the connection
      if (fault.kind === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html>\n<body>\x1b[31mproxy\x1b[0m says hello\n</body></html>');
        return;
      }
      if (fault.kind === 'echo-authorization') {
        // A proxy that refuses and quotes the request back in its error page, credentials and all. 403,
        // so the CLI goes on past "who am I" and records what it could not do, quoting this page.
        res.writeHead(403, { 'Content-Type': 'text/plain' });
        res.end(`bad gateway for request with Authorization: ${req.headers.authorization ?? ''}\nheaders: ${JSON.stringify(req.headers)}`);
        return;
      }
      res.writeHead(fault.status, { 'Content-Type': 'application/json' });
      res.end(statusBody(fault.status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return receiver;
}

/** A loopback URL where nothing listens (a port just released). */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Credentials planted in every kubeconfig these tests write: no output may ever carry one of them. */
export const PLANTED = {
  token: 'PLANTEDtoken0123456789abcdefXYZ',
  password: 'PLANTEDpassw0rd-hunter2',
  clientKey: 'UExBTlRFRC1jbGllbnQta2V5LWRhdGEtMDEyMzQ1Njc4OQ==',
  clientCert: 'UExBTlRFRC1jbGllbnQtY2VydC1kYXRhLTk4NzY1NDMyMQ==',
  execEnv: 'PLANTEDexecEnvValue-42',
  authProvider: 'PLANTEDauthProviderSecret-77',
} as const;

export interface KubeconfigOptions { server: string; context?: string; malformed?: boolean; user?: 'token' | 'basic' | 'exec' }

/** A kubeconfig for `server` with the planted credentials; `malformed` breaks its YAML next to them. */
export function writeKubeconfig(dir: string, name: string, o: KubeconfigOptions): string {
  const user = o.user ?? 'token';
  const userBlock = user === 'basic'
    ? `    username: admin\n    password: ${PLANTED.password}\n`
    : user === 'exec'
      ? `    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /nonexistent/credential-plugin\n      env:\n      - name: SECRET\n        value: ${PLANTED.execEnv}\n`
      : `    token: ${PLANTED.token}\n    client-key-data: ${PLANTED.clientKey}\n    client-certificate-data: ${PLANTED.clientCert}\n`;
  const text = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${o.server}
    insecure-skip-tls-verify: true
users:
- name: u
  user:
${userBlock}${o.malformed ? `    : broken: [ ${PLANTED.token}\n` : ''}- name: p
  user:
    auth-provider:
      name: oidc
      config:
        client-secret: ${PLANTED.authProvider}
contexts:
- name: x
  context: {cluster: c, user: u, namespace: default}
current-context: ${o.context ?? 'x'}
`;
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** What every output must never hold. */
export function plantedIn(text: string): string[] {
  return Object.entries(PLANTED).filter(([, v]) => text.includes(v)).map(([k]) => k);
}
