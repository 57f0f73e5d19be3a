// Finds and loads the kubeconfig like kubectl does, and hands out one connection per context:
// explicit --kubeconfig path, else KUBECONFIG (several files joined by the OS path delimiter, first
// value wins), else ~/.kube/config, else the in-cluster service account. Exec auth plugins, tokens and
// client certificates are applied by client-node.
// Only client-node's config module (kubeconfig loading and auth: tokens, certificates, exec plugins):
// the generated API classes are a much larger part of the package and this adapter does not use them.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClusterError } from '../../core/ports';
import { rememberSecrets } from '../../core/text/redact';
import { clusterError } from './errors';
import { KubeHttp } from './http';

export interface ConnectOptions {
  /** A kubeconfig file (the CLI's --kubeconfig); overrides KUBECONFIG and ~/.kube/config. */
  kubeconfig?: string;
  /** A context name (the CLI's --context); default: the kubeconfig's current-context. */
  context?: string;
}

export interface KubeConnection {
  kubeConfig: KubeConfig;
  currentContext: string;
  /** The API server URL, e.g. https://127.0.0.1:6443 */
  server: string;
  /** The context's namespace (or the service account's), 'default' when none is set. */
  namespace: string;
  /** The kubeconfig user name (a fallback identity when the server cannot say who we are). */
  userName: string;
  http: KubeHttp;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function configError(message: string): ClusterError {
  return clusterError(message, 'config');
}

const ERRNO_TEXT: Record<string, string> = { EACCES: 'permission denied', EISDIR: 'it is a directory', ENOENT: 'no such file', EPERM: 'not permitted' };

/**
 * Why a kubeconfig did not load, without quoting it: the YAML parser's message carries the lines around
 * the error (a `token:` or `client-key-data:` line among them), so only its reason and position are kept.
 */
export function describeLoadError(file: string, err: unknown): string {
  const e = err as { name?: unknown; reason?: unknown; mark?: { line?: unknown; column?: unknown }; code?: unknown; message?: unknown } | null;
  if (e && e.name === 'YAMLException') {
    const line = typeof e.mark?.line === 'number' ? e.mark.line + 1 : undefined;
    const column = typeof e.mark?.column === 'number' ? e.mark.column + 1 : undefined;
    const where = line === undefined ? file : `${file}:${line}${column === undefined ? '' : `:${column}`}`;
    return `invalid kubeconfig ${where}: ${typeof e.reason === 'string' ? e.reason : 'not valid YAML'}`;
  }
  if (e && typeof e.code === 'string' && ERRNO_TEXT[e.code]) {
    // A token-file or a certificate file the kubeconfig names: say which, not what it holds.
    const target = (e as { path?: unknown }).path;
    return `invalid kubeconfig ${file}: cannot read ${typeof target === 'string' ? target : 'a file it names'} (${ERRNO_TEXT[e.code]})`;
  }
  if (err instanceof TypeError) return `invalid kubeconfig ${file}: not a kubeconfig (a mapping with clusters, users and contexts)`;
  // client-node's own checks ("users[0].name is missing") name fields, not values; redacted all the same.
  return `invalid kubeconfig ${file}: ${e && typeof e.message === 'string' ? e.message.split('\n')[0] : String(err)}`;
}

/** Every credential a kubeconfig holds, so outputs can redact them verbatim wherever they show up. */
function secretsOf(kc: KubeConfig): string[] {
  const values: unknown[] = [];
  for (const user of kc.users) {
    values.push(user.token, user.password, user.keyData, user.certData);
    const config = (user.authProvider as { config?: Record<string, unknown> } | undefined)?.config;
    if (config && typeof config === 'object') values.push(...Object.values(config));
    const env = (user.exec as { env?: { value?: unknown }[] } | undefined)?.env;
    if (Array.isArray(env)) values.push(...env.map((e) => e?.value));
  }
  return values.filter((v): v is string => typeof v === 'string');
}

function loadFile(file: string): KubeConfig {
  if (!fs.existsSync(file)) throw configError(`kubeconfig not found: ${file}`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw configError(`cannot read kubeconfig ${file} (${ERRNO_TEXT[(err as NodeJS.ErrnoException).code ?? ''] ?? (err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
    kc.makePathsAbsolute(path.dirname(file));
  } catch (err) {
    throw configError(describeLoadError(file, err));
  }
  rememberSecrets(secretsOf(kc));
  return kc;
}

/** Merges like kubectl: the first file to define a name (or the current-context) wins. */
function mergeFiles(files: string[]): KubeConfig {
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
  for (const file of files) {
    const kc = loadFile(file);
    if (!merged.currentContext && kc.currentContext) merged.currentContext = kc.currentContext;
    for (const c of kc.clusters) if (!merged.getCluster(c.name)) merged.addCluster(c);
    for (const u of kc.users) if (!merged.getUser(u.name)) merged.addUser(u);
    for (const c of kc.contexts) if (!merged.getContextObject(c.name)) merged.addContext(c);
  }
  return merged;
}

function inCluster(): boolean {
  return Boolean(process.env.KUBERNETES_SERVICE_HOST) && fs.existsSync(path.join(SERVICE_ACCOUNT_DIR, 'token'));
}

/** Loads the kubeconfig the way kubectl would find it; throws ClusterError('config') when there is none. */
export function loadKubeConfig(options: ConnectOptions = {}): KubeConfig {
  if (options.kubeconfig) return loadFile(options.kubeconfig);
  const fromEnv = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (fromEnv.length > 0) {
    const existing = fromEnv.filter((f) => fs.existsSync(f));
    if (existing.length === 0) throw configError(`no kubeconfig found: none of the KUBECONFIG files exist (${fromEnv.join(path.delimiter)})`);
    return mergeFiles(existing);
  }
  const home = path.join(os.homedir(), '.kube', 'config');
  if (fs.existsSync(home)) return loadFile(home);
  if (inCluster()) {
    const kc = new KubeConfig();
    try {
      kc.loadFromCluster();
    } catch (err) {
      throw configError(describeLoadError(SERVICE_ACCOUNT_DIR, err));
    }
    return kc;
  }
  throw configError('no kubeconfig found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster');
}

function selectContext(kc: KubeConfig, context: string | undefined): string {
  const names = kc.getContexts().map((c) => c.name);
  if (context) {
    if (!names.includes(context)) throw configError(`context "${context}" not found in the kubeconfig (known: ${names.join(', ') || 'none'})`);
    kc.setCurrentContext(context);
  }
  const current = kc.getCurrentContext();
  if (!current) throw configError(`the kubeconfig has no current-context; pick one of: ${names.join(', ') || 'none'}`);
  if (!kc.getContextObject(current)) throw configError(`current-context "${current}" is not defined in the kubeconfig`);
  return current;
}

/** Opens a connection for one context. No network call happens here; the first request may fail 'unreachable'. */
export function connect(options: ConnectOptions = {}): KubeConnection {
  const kubeConfig = loadKubeConfig(options);
  const currentContext = selectContext(kubeConfig, options.context);
  const contextObject = kubeConfig.getContextObject(currentContext);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) throw configError(`context "${currentContext}" names cluster "${contextObject?.cluster ?? ''}", which has no server`);
  const user = kubeConfig.getCurrentUser();
  const server = cluster.server;
  let url: URL | undefined;
  try { url = new URL(server); } catch { url = undefined; }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw configError(`context "${currentContext}": the cluster's server "${server}" is not an http(s) URL`);
  }
  return {
    kubeConfig,
    currentContext,
    server,
    namespace: contextObject?.namespace || 'default',
    userName: user?.name ?? contextObject?.user ?? 'unknown',
    http: new KubeHttp(kubeConfig, server),
  };
}
