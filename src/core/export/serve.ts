// `export-serve`: `remediator serve` as an in-cluster Alertmanager receiver. Two replicas behind a
// Service (both receive; the holder of the leader Lease in the state namespace acts, a standby records what
// it receives in the incident ledger for the leader and takes the Lease over when its holder stops), a
// NetworkPolicy that admits only Alertmanager's namespace, a ServiceAccount whose Roles are the union of
// what every runbook's steps request (the same table as export-job), the runbooks as a ConfigMap, the
// bearer token (and the notification config) from Secrets the operator creates, and a
// PodDisruptionBudget so a drain never takes both replicas at once.
import type { Runbook } from '../model/runbook';
import { EVENT_SERIES_NEED } from '../engine/permissions';
import { DEFAULT_LEADER_LEASE } from '../serve/standby';
import { JOB_IMAGE } from './image';
import { CONTAINER_SECURITY, POD_SECURITY, clusterRoleDocs, namespaceObjectRules, roleDocs, rolesByNamespace, type PolicyRule } from './rbac';

/** The serve container's memory limit, and the heap size that leaves room in it for buffers and code. */
export const SERVE_MEMORY_LIMIT = '384Mi';
export const SERVE_HEAP_MB = 256;
export const SERVE_NODE_OPTIONS = `--max-old-space-size=${SERVE_HEAP_MB}`;
/**
 * The C allocator's arenas kept to two: serve's live heap is some 40 MB, yet under a burst the process
 * reached 390 MB, close to the limit, with glibc's default (up to eight arenas per core); with two it
 * stayed near 270 MB (npm run bench:serve).
 */
export const SERVE_MALLOC_ARENAS = '2';

export interface RunbookSource { file: string; runbook: Runbook; text: string }

export interface ExportServeOptions {
  /** Where serve runs: its Deployment, Service, ServiceAccount, ConfigMap and Secrets. */
  namespace: string;
  stateNamespace: string;
  image?: string;
  /** The namespace Alertmanager runs in: the only ingress the NetworkPolicy admits. */
  alertmanagerNamespace: string;
  /** Secret (key `token`) with the bearer token Alertmanager sends. */
  tokenSecret: string;
  /** Optional Secret (key `notify.yaml`) with the notification channels. */
  notifySecret?: string;
  /** Optional Secret of type kubernetes.io/tls: serve then listens with TLS. */
  tlsSecret?: string;
  /** Optional Prometheus address for metric preconditions and verification. */
  prometheusUrl?: string;
  shadow?: boolean;
}

export const SERVE_PORT = 8443;
export const SERVE_NAME = 'remediator-serve';

export const SERVE_PATHS = {
  runbookDir: '/etc/remediator/runbooks',
  tokenFile: '/etc/remediator/token/token',
  notifyConfig: '/etc/remediator/notify/notify.yaml',
  tlsCert: '/etc/remediator/tls/tls.crt',
  tlsKey: '/etc/remediator/tls/tls.key',
  /** The only writable place (read-only root): the audit log. */
  dataDir: '/var/lib/remediator',
  auditFile: '/var/lib/remediator/audit.jsonl',
} as const;

/** A ConfigMap holds at most 1 MiB; keep room for its metadata. */
export const MAX_RUNBOOK_CONFIGMAP_BYTES = 1_000_000;
/** Verification can run this long after the last alert; give the drain that much, and no more than an hour. */
const MAX_GRACE_SECONDS = 3600;

export class ExportServeError extends Error {}

/** The ConfigMap keys: the files' base names, which must be unique and valid keys. */
function configMapData(sources: readonly RunbookSource[]): Record<string, string> {
  const data: Record<string, string> = {};
  let bytes = 0;
  for (const s of sources) {
    const key = s.file.split(/[\\/]/).pop() ?? s.file;
    if (!/^[-._a-zA-Z0-9]{1,253}$/.test(key)) throw new ExportServeError(`${s.file}: the file name is not a valid ConfigMap key (letters, digits, "-", "_", ".")`);
    if (Object.hasOwn(data, key)) throw new ExportServeError(`${s.file}: two runbook files are named ${key}`);
    data[key] = s.text;
    bytes += Buffer.byteLength(key) + Buffer.byteLength(s.text);
  }
  if (bytes > MAX_RUNBOOK_CONFIGMAP_BYTES) {
    throw new ExportServeError(`the runbooks take ${bytes} bytes; a ConfigMap holds at most ${MAX_RUNBOOK_CONFIGMAP_BYTES} (split them over two serve deployments)`);
  }
  return data;
}

/** Duplicate runbook names would make audit records and the shared state ambiguous. */
export function assertUniqueRunbookNames(sources: readonly { file: string; runbook: Runbook }[]): void {
  const seen = new Map<string, string>();
  for (const s of sources) {
    const other = seen.get(s.runbook.metadata.name);
    if (other !== undefined) throw new ExportServeError(`${s.file}: runbook ${s.runbook.metadata.name} is also defined in ${other}`);
    seen.set(s.runbook.metadata.name, s.file);
  }
}

/**
 * What serve itself does in the state namespace besides each runbook's pipeline: the leader Lease
 * (create needs no name: RBAC cannot limit a create by name), the leader's sweep of the incident ledger
 * (list), its index of the ledger (watch) and its retention (delete).
 */
export const SERVE_STATE_RULES: readonly PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: [DEFAULT_LEADER_LEASE] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['delete', 'list', 'watch'] },
];

/** serve's arguments inside the pod. */
export function serveArgs(o: ExportServeOptions): string[] {
  return [
    'serve', '--runbooks', SERVE_PATHS.runbookDir, '--listen', `0.0.0.0:${SERVE_PORT}`, '--token-file', SERVE_PATHS.tokenFile,
    '--state-namespace', o.stateNamespace, '--audit-file', SERVE_PATHS.auditFile, '--leader-lease', DEFAULT_LEADER_LEASE,
    ...(o.notifySecret ? ['--notify-config', SERVE_PATHS.notifyConfig] : []),
    ...(o.tlsSecret ? ['--tls-cert', SERVE_PATHS.tlsCert, '--tls-key', SERVE_PATHS.tlsKey] : []),
    ...(o.prometheusUrl ? ['--prometheus-url', o.prometheusUrl] : []),
    ...(o.shadow ? ['--shadow'] : []),
  ];
}

/** The receiver Alertmanager needs, as YAML text for its configuration (a comment in the output). */
export function alertmanagerReceiver(o: ExportServeOptions): string {
  const scheme = o.tlsSecret ? 'https' : 'http';
  return [
    'receivers:',
    '  - name: remediator',
    '    webhook_configs:',
    `      - url: ${scheme}://${SERVE_NAME}.${o.namespace}.svc:${SERVE_PORT}/alertmanager`,
    '        send_resolved: true',
    '        http_config:',
    `          # the same token as Secret ${o.namespace}/${o.tokenSecret}, key "token", mounted into Alertmanager`,
    `          bearer_token_file: /etc/alertmanager/secrets/${o.tokenSecret}/token`,
  ].join('\n');
}

/** The runbooks' Roles with serve's own rules added to the state namespace's. */
function serveRoles(runbooks: readonly Runbook[], stateNamespace: string): Map<string, PolicyRule[]> {
  const roles = rolesByNamespace(runbooks, stateNamespace);
  for (const [ns, rules] of roles) roles.set(ns, rules.map(withEventPatch));
  roles.set(stateNamespace, [...(roles.get(stateNamespace) ?? []), ...SERVE_STATE_RULES]);
  return roles;
}

/** serve raises the count of an Event it posted (EVENT_SERIES_NEED): wherever it creates Events, it patches them too. */
function withEventPatch(rule: PolicyRule): PolicyRule {
  const { group, resource, verb } = EVENT_SERIES_NEED;
  const events = rule.apiGroups.includes(group) && rule.resources.includes(resource) && rule.verbs.includes('create') && !rule.resourceNames;
  return events && !rule.verbs.includes(verb) ? { ...rule, verbs: [...rule.verbs, verb].sort() } : rule;
}

export function exportServe(sources: readonly RunbookSource[], o: ExportServeOptions): object[] {
  if (sources.length === 0) throw new ExportServeError('no runbooks to serve');
  assertUniqueRunbookNames(sources);
  const runbooks = sources.map((s) => s.runbook);
  const name = SERVE_NAME;
  const labels = { 'app.kubernetes.io/name': 'remediator', 'app.kubernetes.io/component': 'serve' };
  const subject = { kind: 'ServiceAccount' as const, name, namespace: o.namespace };
  const grace = Math.min(MAX_GRACE_SECONDS, 30 + Math.max(...runbooks.map((r) => r.spec.verification.timeoutSeconds)));
  const secretVolume = (volume: string, secretName: string, mountPath: string) => ({
    volume: { name: volume, secret: { secretName, defaultMode: 0o440 } }, mount: { name: volume, mountPath, readOnly: true },
  });
  const secrets = [
    secretVolume('token', o.tokenSecret, '/etc/remediator/token'),
    ...(o.notifySecret ? [secretVolume('notify', o.notifySecret, '/etc/remediator/notify')] : []),
    ...(o.tlsSecret ? [secretVolume('tls', o.tlsSecret, '/etc/remediator/tls')] : []),
  ];
  const probe = (path: string) => ({ httpGet: { path, port: 'http', scheme: o.tlsSecret ? 'HTTPS' : 'HTTP' }, periodSeconds: 10, timeoutSeconds: 3 });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: o.namespace, labels } },
    ...roleDocs(name, labels, subject, serveRoles(runbooks, o.stateNamespace)),
    ...clusterRoleDocs(`${name}:${o.namespace}:namespaces`, labels, subject, namespaceObjectRules(runbooks)),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-runbooks`, namespace: o.namespace, labels }, data: configMapData(sources) },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: o.namespace, labels },
      spec: {
        replicas: 2, selector: { matchLabels: labels },
        // Never both down during a rollout: the standby keeps receiving while the new pod starts.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name, automountServiceAccountToken: true, terminationGracePeriodSeconds: grace,
            securityContext: POD_SECURITY,
            affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' } }] } },
            containers: [{
              name: 'serve', image: o.image ?? JOB_IMAGE, args: serveArgs(o),
              ports: [{ name: 'http', containerPort: SERVE_PORT }],
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                // The JavaScript heap sized to the memory limit, so the garbage collector works to stay inside
                // it instead of the kernel killing the pod (npm run bench:serve runs serve with the same).
                { name: 'NODE_OPTIONS', value: SERVE_NODE_OPTIONS },
                { name: 'MALLOC_ARENA_MAX', value: SERVE_MALLOC_ARENAS },
              ],
              readinessProbe: probe('/readyz'), livenessProbe: { ...probe('/healthz'), failureThreshold: 6 },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: SERVE_MEMORY_LIMIT } },
              securityContext: CONTAINER_SECURITY,
              volumeMounts: [
                { name: 'runbooks', mountPath: SERVE_PATHS.runbookDir, readOnly: true },
                ...secrets.map((s) => s.mount),
                { name: 'data', mountPath: SERVE_PATHS.dataDir },
              ],
            }],
            volumes: [
              { name: 'runbooks', configMap: { name: `${name}-runbooks` } },
              ...secrets.map((s) => s.volume),
              { name: 'data', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: o.namespace, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: SERVE_PORT, targetPort: 'http' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: o.namespace, labels },
      spec: {
        podSelector: { matchLabels: labels }, policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': o.alertmanagerNamespace } } }],
          ports: [{ protocol: 'TCP', port: SERVE_PORT }],
        }],
      },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: o.namespace, labels }, spec: { minAvailable: 1, selector: { matchLabels: labels } } },
  ];
}

