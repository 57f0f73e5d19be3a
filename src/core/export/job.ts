// `export-job`: the seed's CronJob, done safely. A ServiceAccount; in each allowed namespace a Role with
// exactly the requests the runbook's steps make (from the one table in engine/permissions.ts); a Role for
// the shared state; a ClusterRole that may only `get` the allowed Namespace objects by name (their
// annotations feed blockingAnnotation; the API server happens to authorize a read of Namespace X as a
// request in namespace X, so a Role there would work too, but a ClusterRole limited by resourceNames says
// what is granted without relying on that); and a CronJob running `remediator scan` on a read-only root.
import { grantedAt, runbookNeeds, type Rule } from '../engine/permissions';
import type { Runbook } from '../model/runbook';
import { JOB_IMAGE } from './image';

export { JOB_IMAGE } from './image';

export interface ExportJobOptions {
  /** Where the Job runs (its ServiceAccount lives there); default: the runbook's first allowed namespace. */
  namespace?: string;
  /** Namespace holding the shared state (Leases, ConfigMaps). */
  stateNamespace: string;
  /** Default: JOB_IMAGE, the image `npm run image` builds. */
  image?: string;
  schedule: string;
}

export interface PolicyRule { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }

/** Where the Job's volumes are mounted: the runbook (ConfigMap, read-only) and the audit log (emptyDir). */
export const JOB_PATHS = {
  runbookDir: '/etc/remediator',
  runbook: '/etc/remediator/runbook.yaml',
  /** The only writable place: the root filesystem is read-only and HOME is not writable. */
  auditDir: '/var/lib/remediator',
  auditFile: '/var/lib/remediator/audit.jsonl',
} as const;

const RBAC = 'rbac.authorization.k8s.io';

/** Groups permissions into RBAC rules: one rule per (group, resource), verbs sorted. */
export function rulesFor(permissions: readonly Rule[]): PolicyRule[] {
  const byResource = new Map<string, { group: string; resource: string; verbs: Set<string> }>();
  for (const p of permissions) {
    const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    const key = `${p.group}|${resource}`;
    const entry = byResource.get(key) ?? { group: p.group, resource, verbs: new Set<string>() };
    entry.verbs.add(p.verb);
    byResource.set(key, entry);
  }
  return [...byResource.values()]
    .sort((a, b) => a.group.localeCompare(b.group) || a.resource.localeCompare(b.resource))
    .map((e) => ({ apiGroups: [e.group], resources: [e.resource], verbs: [...e.verbs].sort() }));
}

/** The RBAC a runbook's Job needs, by where it applies. */
export function jobRules(runbook: Runbook): { target: PolicyRule[]; state: PolicyRule[]; namespaces: PolicyRule[] } {
  const needs = runbookNeeds(runbook);
  const allowed = [...new Set(runbook.spec.scope.allowedNamespaces)].sort();
  const namespaces = rulesFor(grantedAt(needs, 'namespaceObject')).map((r) => ({ ...r, resourceNames: allowed }));
  return { target: rulesFor(grantedAt(needs, 'target')), state: rulesFor(grantedAt(needs, 'state')), namespaces };
}

/** One Role per namespace: an allowed namespace that also holds the shared state gets both sets of rules. */
function rolesByNamespace(runbook: Runbook, stateNamespace: string): Map<string, PolicyRule[]> {
  const needs = runbookNeeds(runbook);
  const byNamespace = new Map<string, Rule[]>();
  const add = (ns: string, rules: Rule[]) => byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), ...rules]);
  for (const ns of new Set(runbook.spec.scope.allowedNamespaces)) add(ns, grantedAt(needs, 'target'));
  add(stateNamespace, grantedAt(needs, 'state'));
  return new Map([...byNamespace].map(([ns, rules]) => [ns, rulesFor(rules)]));
}

/** The container's arguments: scan with --execute, audit into the emptyDir (the Job's stdout has the decisions). */
export function jobArgs(runbook: Runbook, stateNamespace: string): string[] {
  return ['scan', '--runbook', JOB_PATHS.runbook, '--execute', '--yes', '--json',
    '--state-namespace', stateNamespace, '--audit-file', JOB_PATHS.auditFile,
    ...runbook.spec.scope.allowedNamespaces.flatMap((ns) => ['--namespace', ns])];
}

export function exportJob(runbook: Runbook, runbookYaml: string, o: ExportJobOptions): object[] {
  const name = `remediator-${runbook.metadata.name}`.slice(0, 63).replace(/-+$/, '');
  const jobNamespace = o.namespace ?? runbook.spec.scope.allowedNamespaces[0] ?? 'default';
  const labels = { 'app.kubernetes.io/name': 'remediator', 'remediations.kubedojo.io/runbook': runbook.metadata.name };
  const subject = { kind: 'ServiceAccount', name, namespace: jobNamespace };
  const rules = jobRules(runbook);
  const roleAndBinding = (namespace: string, roleRules: PolicyRule[]) => [
    { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace, labels }, rules: roleRules },
    { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace, labels }, subjects: [subject], roleRef: { apiGroup: RBAC, kind: 'Role', name } },
  ];
  // Cluster-wide names: the Job's namespace is part of it, so two exports of one runbook do not collide.
  const clusterName = `${name}:${jobNamespace}:namespaces`;
  const clusterRole = rules.namespaces.length === 0 ? [] : [
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: clusterName, labels }, rules: rules.namespaces },
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: clusterName, labels }, subjects: [subject], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: clusterName } },
  ];
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: jobNamespace, labels } },
    ...[...rolesByNamespace(runbook, o.stateNamespace)].flatMap(([ns, roleRules]) => roleAndBinding(ns, roleRules)),
    ...clusterRole,
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: jobNamespace, labels }, data: { 'runbook.yaml': runbookYaml } },
    {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: jobNamespace, labels },
      spec: {
        schedule: o.schedule, concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
        jobTemplate: { spec: { backoffLimit: 0, template: { metadata: { labels }, spec: podSpec(name, jobArgs(runbook, o.stateNamespace), o.image ?? JOB_IMAGE) } } },
      },
    },
  ];
}

function podSpec(name: string, args: string[], image: string): object {
  return {
    serviceAccountName: name, restartPolicy: 'Never', automountServiceAccountToken: true,
    // The image's user is the distroless `nonroot` (65532); naming it here lets runAsNonRoot verify it.
    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'remediator', image, args,
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      volumeMounts: [
        { name: 'runbook', mountPath: JOB_PATHS.runbookDir, readOnly: true },
        { name: 'audit', mountPath: JOB_PATHS.auditDir },
      ],
    }],
    volumes: [{ name: 'runbook', configMap: { name } }, { name: 'audit', emptyDir: { sizeLimit: '64Mi' } }],
  };
}
