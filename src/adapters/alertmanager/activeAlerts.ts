// Reads the alerts Alertmanager holds active (not silenced, not inhibited) from its API v2, for the
// workloads tree: GET /api/v2/alerts?active=true&silenced=false&inhibited=false, with a whole-request
// deadline and a bound on the answer's size; the body is shape-checked in core (parseActiveAlerts).
// Messages name the server by its URL without credentials or query.
import http from 'node:http';
import https from 'node:https';
import { describeReasons } from '../../core/alerts/payload';
import { parseActiveAlerts } from '../../core/alerts/activeAlerts';
import type { Alert } from '../../core/alerts/payload';

export type AlertmanagerErrorKind = 'config' | 'unreachable' | 'timeout' | 'http_status' | 'bad_response';

export class AlertmanagerError extends Error {
  constructor(message: string, readonly kind: AlertmanagerErrorKind) {
    super(message);
    this.name = 'AlertmanagerError';
  }
}

export interface ActiveAlertsOptions {
  /** Base URL, optionally with a path prefix (http://127.0.0.1:9093, https://host/alertmanager). */
  url: string;
  /** Whole-request deadline. Default 5 s. */
  timeoutMs?: number;
  /** Largest answer accepted. Default 8 MiB: a few thousand alerts. */
  maxResponseBytes?: number;
}

export interface ActiveAlerts {
  alerts: Alert[];
  /** Entries that did not read as alerts, with the first reasons in words (empty when none). */
  skipped: number;
  problems: string;
}

export class AlertmanagerAlertsReader {
  private readonly endpoint: URL;
  readonly displayUrl: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: ActiveAlertsOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new AlertmanagerError(`the Alertmanager URL "${options.url}" is not a URL (expected e.g. http://127.0.0.1:9093)`, 'config');
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new AlertmanagerError(`the Alertmanager URL must start with http:// or https://, not ${base.protocol}`, 'config');
    }
    base.username = base.password = base.search = base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.displayUrl = base.href.replace(/\/$/, '');
    this.endpoint = new URL('api/v2/alerts?active=true&silenced=false&inhibited=false', base);
    this.endpoint.username = new URL(options.url).username;
    this.endpoint.password = new URL(options.url).password;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  }

  async active(): Promise<ActiveAlerts> {
    const { status, text } = await this.get();
    if (status !== 200) {
      throw new AlertmanagerError(`Alertmanager at ${this.displayUrl} answered HTTP ${status}: ${text.trim().replace(/\s+/g, ' ').slice(0, 200) || 'no message'}`, 'http_status');
    }
    const read = parseActiveAlerts(text);
    if (!read.ok) throw new AlertmanagerError(`Alertmanager at ${this.displayUrl} answered an unreadable alert list: ${describeReasons(read.reasons)}`, 'bad_response');
    return { alerts: read.alerts, skipped: read.skipped, problems: describeReasons(read.reasons) };
  }

  private get(): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const transport = this.endpoint.protocol === 'https:' ? https : http;
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const fail = (err: AlertmanagerError) => {
        controller.abort();
        reject(err);
      };
      const tooLarge = () => new AlertmanagerError(`Alertmanager at ${this.displayUrl} sent more than ${this.maxResponseBytes} bytes of alerts`, 'bad_response');
      const req = transport.request(this.endpoint, { method: 'GET', headers: { accept: 'application/json' }, signal: controller.signal }, (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > this.maxResponseBytes) return fail(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) fail(tooLarge());
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(this.transportError(err, controller.signal)));
      });
      req.on('error', (err) => reject(this.transportError(err, controller.signal)));
      req.end();
    }).finally(() => clearTimeout(timer));
  }

  private transportError(err: Error, signal: AbortSignal): AlertmanagerError {
    if (err instanceof AlertmanagerError) return err;
    if (signal.aborted) return new AlertmanagerError(`Alertmanager at ${this.displayUrl} did not answer within ${this.timeoutMs} ms`, 'timeout');
    const code = (err as NodeJS.ErrnoException).code;
    return new AlertmanagerError(`Alertmanager at ${this.displayUrl} is unreachable${code ? ` (${code})` : `: ${err.message}`}`, 'unreachable');
  }
}
