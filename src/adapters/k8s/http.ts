// A small JSON client for the Kubernetes API on top of the KubeConfig's TLS and auth options.
//
// Why not client-node's generated API classes for reads and writes: they run every response through
// ObjectSerializer (class instances, Date objects) which the core does not want (it reads plain
// `kubectl get -o json` shapes with ISO timestamps), and which is several times slower on large lists
// (see test/cluster/speed.test.ts for the measurement). Auth (tokens, client certs, exec plugins,
// in-cluster service account) still comes from client-node through `applyToHTTPSOptions`.
import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { apiError, clusterError, parseJsonBody, transportError } from './errors';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Defaults to application/json when there is a body. Patches name their strategy here. */
  contentType?: string;
  /** Defaults to application/json; a metadata-only list asks for PartialObjectMetadataList here. */
  accept?: string;
  timeoutMs?: number;
}

export const PATCH = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const;

const DEFAULT_TIMEOUT_MS = 30_000;

/** A handle on a streaming request, so its owner can end it. */
export interface Stream {
  /** Resolves when the server ends the stream (normal watch timeout); rejects on errors. */
  done: Promise<void>;
  abort(): void;
}

export class KubeHttp {
  private prepared: Promise<https.RequestOptions> | undefined;

  constructor(private readonly kubeConfig: KubeConfig, readonly server: string) {}

  /** TLS and auth options, computed once; recomputed after a 401 (an exec plugin's token may have expired). */
  private options(refresh: boolean): Promise<https.RequestOptions> {
    if (!this.prepared || refresh) this.prepared = this.prepare();
    return this.prepared;
  }

  private async prepare(): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = {};
    try {
      await this.kubeConfig.applyToHTTPSOptions(opts);
    } catch (err) {
      // A failing exec plugin (its stderr), a missing certificate file, an http:// server without
      // insecure-skip-tls-verify: the kubeconfig is wrong, not the program.
      const user = this.kubeConfig.getCurrentUser()?.name ?? 'unknown';
      throw clusterError(`cannot use the kubeconfig's credentials for user "${user}": ${(err as Error)?.message ?? String(err)}`, 'config');
    }
    if (!this.kubeConfig.getCurrentCluster()?.proxyUrl && this.server.startsWith('https:')) {
      // client-node's agent has no keep-alive; paginated lists and many small calls want one connection.
      const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = opts;
      // A bounded pool: hundreds of parallel lists would otherwise each pay a TLS handshake.
      opts.agent = new https.Agent({ ca, cert, key, pfx, passphrase, rejectUnauthorized, servername, keepAlive: true, maxSockets: 16 });
    }
    return opts;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const first = await this.send(method, path, options, false);
    const { status, body } = first.status === 401 ? await this.send(method, path, options, true) : first;
    if (status < 200 || status >= 300) throw apiError(method, path, status, body, this.server);
    return (body ? parseJsonBody<T>(body, method, path, this.server) : {}) as T;
  }

  /** A GET whose body is returned unparsed (list pagination reads the continue token before parsing). */
  async getText(path: string, query?: Query): Promise<string> {
    const first = await this.send('GET', path, { query }, false);
    const { status, body } = first.status === 401 ? await this.send('GET', path, { query }, true) : first;
    if (status < 200 || status >= 300) throw apiError('GET', path, status, body, this.server);
    return body;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  private async send(method: string, path: string, options: RequestOptions, refresh: boolean): Promise<{ status: number; body: string }> {
    const base = await this.options(refresh);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string | number> = { ...(base.headers as Record<string, string>), Accept: options.accept ?? 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    const url = this.urlFor(path, options.query);
    return new Promise((resolve, reject) => {
      const req = this.open(url, { ...base, method, headers, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.networkError(err)));
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(this.networkError(err)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * Streams newline-delimited JSON (a watch). `onObject` gets each parsed line. A non-2xx answer rejects
   * `done` with the typed error (e.g. 410 Gone for a too-old resourceVersion).
   */
  stream(path: string, query: Query, onObject: (value: unknown) => void, idleTimeoutMs: number): Stream {
    let request: http.ClientRequest | undefined;
    let aborted = false;
    const done = this.options(false).then((base) => new Promise<void>((resolve, reject) => {
      if (aborted) return resolve();
      const url = this.urlFor(path, query);
      const headers = { ...(base.headers as Record<string, string>), Accept: 'application/json' };
      request = this.open(url, { ...base, method: 'GET', headers, timeout: idleTimeoutMs }, (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => reject(apiError('GET', path, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), this.server)));
          return;
        }
        readLines(res, onObject, reject);
        res.on('end', () => resolve());
        res.on('error', (err) => (aborted ? resolve() : reject(this.networkError(err))));
        res.on('close', () => { if (aborted) resolve(); });
      });
      request.on('timeout', () => request?.destroy(Object.assign(new Error(`watch idle for ${idleTimeoutMs} ms`), { code: 'ETIMEDOUT' })));
      request.on('error', (err) => (aborted ? resolve() : reject(this.networkError(err))));
      request.end();
    }));
    return { done, abort: () => { aborted = true; request?.destroy(); } };
  }

  /** The server URL may carry a path prefix (a proxy); API paths go under it. */
  private urlFor(path: string, query: Query | undefined): URL {
    const url = new URL(this.server);
    url.pathname = url.pathname.replace(/\/$/, '') + path;
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  /**
   * The request, or a ClusterError: TLS options are checked when it is made (a client key that is not PEM
   * throws here, synchronously), and the callers' promise executors turn the throw into a rejection.
   */
  private open(url: URL, options: https.RequestOptions, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
    try {
      return this.transport().request(url, options, onResponse);
    } catch (err) {
      throw this.networkError(err as Error);
    }
  }

  private transport(): typeof https | typeof http {
    return this.server.startsWith('http:') ? http : https;
  }

  private networkError(err: Error): Error {
    return transportError(this.server, err);
  }
}

function readLines(res: http.IncomingMessage, onObject: (value: unknown) => void, fail: (err: Error) => void): void {
  let buffered = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) {
        try {
          onObject(JSON.parse(line));
        } catch (err) {
          fail(err instanceof SyntaxError ? clusterError(`a watch stream sent a line that is not JSON (${err.message})`, 'other') : err as Error);
          res.destroy();
          return;
        }
      }
      newline = buffered.indexOf('\n');
    }
  });
}
