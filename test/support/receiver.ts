// A notification receiver for tests: a loopback HTTP server that records every request (path, headers,
// parsed JSON body) and answers with the status the test sets (202 unless told otherwise).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../cluster/harness';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface TestReceiver {
  url: string;
  requests: Received[];
  /** The status for the next requests. */
  answer(status: number): void;
  /** Waits until a recorded request satisfies `match`; returns it. */
  waitFor(what: string, match: (r: Received) => boolean, deadlineMs?: number): Promise<Received>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<TestReceiver> {
  const requests: Received[] = [];
  let status = 202;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* kept as text */ }
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (s) => { status = s; },
    waitFor: (what, match, deadlineMs = 60_000) => waitFor(what, async () => requests.find(match), deadlineMs),
    stop: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
