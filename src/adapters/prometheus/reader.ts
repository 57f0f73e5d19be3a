// MetricsReader over Prometheus's HTTP API: POST /api/v1/query (form-encoded, so long queries fit), a
// per-query timeout that aborts the request, an optional bearer token file (read on every query, so a
// rotated token is picked up) and CA file, and a bound on the response size. Error messages name the server
// by its URL without credentials and never contain the token.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { MetricsError, type MetricQueryOptions, type MetricQueryResult, type MetricsReader } from '../../core/ports';
import { readErrorBody, readQueryData } from './response';

export interface PrometheusReaderOptions {
  /** Base URL of the server, optionally with a path prefix (http://host:9090, https://host/prometheus). */
  url: string;
  /** Whole-query deadline in milliseconds (connect, answer and body). Default 10 s. */
  timeoutMs?: number;
  /** File holding a bearer token (e.g. a projected service-account token). */
  bearerTokenFile?: string;
  /** PEM file of the CA that signs the server's certificate (https only). */
  caFile?: string;
  /** Largest response body accepted. Default 4 MiB: a single-series query answers in well under 1 KiB. */
  maxResponseBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT']);

interface Answer { status: number; text: string }

export class PrometheusMetricsReader implements MetricsReader {
  private readonly base: URL;
  /** The URL as shown in messages: no user:password, no query string. */
  readonly displayUrl: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly ca: string | undefined;

  constructor(private readonly options: PrometheusReaderOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new MetricsError(`the Prometheus URL "${options.url}" is not a URL (expected e.g. http://127.0.0.1:9090)`, 'config');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new MetricsError(`the Prometheus URL must start with http:// or https://, not ${base.protocol}`, 'config');
    }
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.displayUrl = base.href.replace(/\/$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (options.caFile !== undefined) {
      try {
        this.ca = fs.readFileSync(options.caFile, 'utf8');
      } catch (err) {
        throw new MetricsError(`cannot read the Prometheus CA file ${options.caFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'config');
      }
    }
  }

  async query(promql: string, options: MetricQueryOptions = {}): Promise<MetricQueryResult> {
    const form = new URLSearchParams({ query: promql });
    if (options.time) form.set('time', (options.time.getTime() / 1000).toFixed(3));
    const token = this.token();
    let answer: Answer;
    try {
      answer = await this.post(new URL('api/v1/query', this.base), form.toString(), token);
    } catch (err) {
      throw this.redacted(err, token);
    }
    if (answer.status < 200 || answer.status > 299) throw this.redacted(this.statusError(answer), token);
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new MetricsError(`Prometheus at ${this.displayUrl} sent an answer that is not JSON (HTTP ${answer.status})`, 'bad_response');
    }
    return readQueryData(body, this.displayUrl);
  }

  private token(): string | undefined {
    const file = this.options.bearerTokenFile;
    if (file === undefined) return undefined;
    let token: string;
    try {
      token = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new MetricsError(`cannot read the Prometheus bearer token file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, 'config');
    }
    if (token === '') throw new MetricsError(`the Prometheus bearer token file ${file} is empty`, 'config');
    return token;
  }

  private statusError(answer: Answer): MetricsError {
    const { errorType, error } = readErrorBody(answer.text);
    const kindText = errorType ? ` ${errorType}` : '';
    let what = error ?? (answer.text.trim().replace(/\s+/g, ' ').slice(0, 200) || 'no message');
    if ((answer.status === 401 || answer.status === 403) && error === undefined) {
      what = `${what} (check the bearer token file)`;
    }
    return new MetricsError(`Prometheus at ${this.displayUrl} answered HTTP ${answer.status}${kindText}: ${what}`, 'http_status', {
      status: answer.status,
      ...(errorType !== undefined ? { errorType } : {}),
      ...(error !== undefined ? { prometheusMessage: error } : {}),
    });
  }

  /** A token in a message would leak it into logs and audit records: replace it wherever it appears. */
  private redacted(err: unknown, token: string | undefined): unknown {
    if (token === undefined || !(err instanceof MetricsError) || !err.message.includes(token)) return err;
    return new MetricsError(err.message.split(token).join('[redacted]'), err.kind, err.details);
  }

  private post(url: URL, body: string, token: string | undefined): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      accept: 'application/json',
    };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<Answer>((resolve, reject) => {
      const fail = (err: MetricsError) => {
        controller.abort();
        reject(err);
      };
      const req = transport.request(url, { method: 'POST', headers, signal: controller.signal, ...(this.ca !== undefined ? { ca: this.ca } : {}) }, (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
          fail(this.tooLarge());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) fail(this.tooLarge());
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.transportError(err, controller.signal)));
      });
      req.on('error', (err) => reject(this.transportError(err, controller.signal)));
      req.end(body);
    }).finally(() => clearTimeout(timer));
  }

  private tooLarge(): MetricsError {
    return new MetricsError(`Prometheus at ${this.displayUrl} sent more than ${this.maxResponseBytes} bytes; a condition needs one series (aggregate the query)`, 'bad_response');
  }

  private transportError(err: Error, signal: AbortSignal): MetricsError {
    if (signal.aborted) {
      return new MetricsError(`Prometheus at ${this.displayUrl} did not answer within ${this.timeoutMs} ms`, 'timeout');
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      return new MetricsError(`Prometheus at ${this.displayUrl} is unreachable (${code})`, 'unreachable');
    }
    // TLS failures (unknown CA, wrong host name) also mean "cannot talk to it": say which.
    return new MetricsError(`Prometheus at ${this.displayUrl} is unreachable: ${err.message}`, 'unreachable');
  }
}
