// A KubeHttp that counts the requests sent through it by method and path (a Proxy: the real client's
// own methods call request through it too; list pages are read with getText, counted as GETs), for
// tests that prove a batch, a cache or a skipped read.
import type { KubeHttp } from '../../src/adapters/k8s/http';

export interface Sent { method: string; path: string; query?: Record<string, unknown> }
export interface Counted { http: KubeHttp; sent: Sent[]; count(method: string, pathPart: string | RegExp): number }

export function counting(http: KubeHttp): Counted {
  const sent: Sent[] = [];
  const proxy = new Proxy(http, {
    get(target, key, receiver) {
      if (key === 'request') {
        return (method: string, path: string, options?: { query?: Record<string, unknown> }) => {
          sent.push({ method, path, ...(options?.query ? { query: options.query } : {}) });
          return (target.request as (m: string, p: string, o?: unknown) => Promise<unknown>).call(receiver, method, path, options);
        };
      }
      if (key === 'getText') {
        // Lists read their pages unparsed, without going through request.
        return (path: string, query?: Record<string, unknown>) => {
          sent.push({ method: 'GET', path, ...(query ? { query } : {}) });
          return (target.getText as (p: string, q?: unknown) => Promise<string>).call(receiver, path, query);
        };
      }
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(receiver) : value;
    },
  });
  return {
    http: proxy, sent,
    count: (method, part) => sent.filter((s) => s.method === method && (typeof part === 'string' ? s.path.includes(part) : part.test(s.path))).length,
  };
}
