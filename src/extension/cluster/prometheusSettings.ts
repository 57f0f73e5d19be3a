// Which Prometheus the editor queries for the current kube context, from the remediator.prometheus.*
// settings. Pure (no vscode), so the resolution is tested without an editor; settings.ts reads the values.
//
// remediator.prometheus.url is either one URL for every context or an object mapping context names to
// URLs, with "*" for any other context. A context with no URL has no Prometheus: a runbook that needs one
// then fails closed in the pipeline, as the CLI does without --prometheus-url.

import { MetricsError, type MetricsReader } from '../../core/ports';

/** Every setting that changes which Prometheus is asked, or how. */
export const PROMETHEUS_SETTINGS = ['remediator.prometheus.url', 'remediator.prometheus.tokenFile', 'remediator.prometheus.caFile'] as const;

/** The "any other context" key of the per-context form. */
export const ANY_CONTEXT = '*';

/** The raw values, as read from the configuration (the url's shape is checked here, not trusted). */
export interface PrometheusSettingValues {
  url: unknown;
  tokenFile?: string;
  caFile?: string;
}

export type PrometheusChoice =
  /** Query this server; the files are absolute paths. `entry` names the setting entry it came from. */
  | { kind: 'configured'; url: string; tokenFile?: string; caFile?: string; entry: string }
  /** No Prometheus for this context: `reason` is the sentence every metric reading carries. */
  | { kind: 'none'; reason: string }
  /** The settings cannot be used as they are: one sentence naming the setting. */
  | { kind: 'invalid'; message: string };

/** The start of the message is the CLI's, so a reader of the audit log sees one wording for one state. */
const NONE = 'no Prometheus is configured';

function trimmed(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

type UrlLookup = { ok: true; url?: string; entry: string } | { ok: false; message: string };

function urlFor(setting: unknown, context: string): UrlLookup {
  if (setting === undefined || setting === null || typeof setting === 'string') {
    return { ok: true, url: trimmed(setting), entry: 'remediator.prometheus.url' };
  }
  if (typeof setting !== 'object' || Array.isArray(setting)) {
    return { ok: false, message: `remediator.prometheus.url must be a URL or an object mapping kube context names to URLs, not ${Array.isArray(setting) ? 'an array' : typeof setting}` };
  }
  const byContext = setting as Record<string, unknown>;
  for (const [name, value] of Object.entries(byContext)) {
    if (typeof value !== 'string') return { ok: false, message: `remediator.prometheus.url["${name}"] must be a URL string, not ${value === null ? 'null' : typeof value}` };
  }
  // An own property only: a context named "constructor" or "__proto__" must not find Object's members.
  const own = (key: string) => (Object.prototype.hasOwnProperty.call(byContext, key) ? trimmed(byContext[key]) : undefined);
  const exact = own(context);
  if (exact !== undefined) return { ok: true, url: exact, entry: `remediator.prometheus.url["${context}"]` };
  return { ok: true, url: own(ANY_CONTEXT), entry: `remediator.prometheus.url["${ANY_CONTEXT}"]` };
}

/**
 * The Prometheus for `context`. `resolvePath` makes a configured file absolute (home and workspace
 * folder). A token or CA file without any URL is refused, as the CLI refuses the flags without --prometheus-url.
 */
export function resolvePrometheus(values: PrometheusSettingValues, context: string, resolvePath: (file: string) => string): PrometheusChoice {
  const found = urlFor(values.url, context);
  if (!found.ok) return { kind: 'invalid', message: found.message };
  const tokenFile = trimmed(values.tokenFile);
  const caFile = trimmed(values.caFile);
  if (found.url === undefined) {
    const anyUrl = typeof values.url === 'object' && values.url !== null;
    if (!anyUrl && (tokenFile !== undefined || caFile !== undefined)) {
      return { kind: 'invalid', message: 'remediator.prometheus.tokenFile and remediator.prometheus.caFile need remediator.prometheus.url' };
    }
    return {
      kind: 'none',
      reason: anyUrl
        ? `${NONE} for kube context ${context} (remediator.prometheus.url has no "${context}" or "${ANY_CONTEXT}" entry)`
        : `${NONE} (set remediator.prometheus.url)`,
    };
  }
  return {
    kind: 'configured', url: found.url, entry: found.entry,
    ...(tokenFile !== undefined ? { tokenFile: resolvePath(tokenFile) } : {}),
    ...(caFile !== undefined ? { caFile: resolvePath(caFile) } : {}),
  };
}

/** Answers every query with the reason there is no Prometheus (a `config` MetricsError, as a bad URL is). */
export function unconfiguredMetricsReader(reason: string): MetricsReader {
  return { query: () => Promise.reject(new MetricsError(reason, 'config')) };
}
