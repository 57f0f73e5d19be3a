import { actionPermissions, READ_RULES } from '../engine/permissions';
import type { Permission } from '../engine/plan';
import type { Runbook } from '../model/runbook';

export interface ExportJobOptions {
  /** Where the Job runs (its ServiceAccount lives there); default: the runbook's first allowed namespace. */
  namespace?: string;
  /** Namespace holding the shared state (Leases, ConfigMaps). */
  stateNamespace: string;
  image: string;
  schedule: string;
}

interface PolicyRule { apiGroups: string[]; resources: string[]; verbs: string[] }

/** Groups permissions into RBAC rules: one rule per (group, resource), verbs sorted. */
export function rulesFor(permissions: readonly Omit<Permission, 'namespace'>[]): PolicyRule[] {
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

const STATE_RULES: PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'delete', 'get', 'update'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'update'] },
];

/**
 * The seed's CronJob, done safely: a ServiceAccount, a least-privilege Role computed from the runbook's
 * action and checks in each allowed namespace, RoleBindings, and a CronJob running `remediator scan`.
 */
export function exportJob(runbook: Runbook, runbookYaml: string, o: ExportJobOptions): object[] {
  const name = `remediator-${runbook.metadata.name}`.slice(0, 63).replace(/-+$/, '');
  const jobNamespace = o.namespace ?? runbook.spec.scope.allowedNamespaces[0] ?? 'default';
  const labels = { 'app.kubernetes.io/name': 'remediator', 'remediations.kubedojo.io/runbook': runbook.metadata.name };
  const subject = { kind: 'ServiceAccount', name, namespace: jobNamespace };
  const targetRules = rulesFor([
    ...READ_RULES,
    ...actionPermissions(runbook.spec.action.type, ''),
    { verb: 'create', group: 'events.k8s.io', resource: 'events' },
  ]);
  const roleAndBinding = (namespace: string, rules: PolicyRule[]) => [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace, labels }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace, labels },
      subjects: [subject], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    },
  ];
  const scanArgs = ['scan', '--runbook', '/etc/remediator/runbook.yaml', '--execute', '--yes', '--json',
    '--state-namespace', o.stateNamespace, ...runbook.spec.scope.allowedNamespaces.flatMap((ns) => ['--namespace', ns])];
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: jobNamespace, labels } },
    ...runbook.spec.scope.allowedNamespaces.flatMap((ns) => roleAndBinding(ns, targetRules)),
    ...roleAndBinding(o.stateNamespace, STATE_RULES),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: jobNamespace, labels }, data: { 'runbook.yaml': runbookYaml } },
    {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: jobNamespace, labels },
      spec: {
        schedule: o.schedule, concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 0,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: name, restartPolicy: 'Never', automountServiceAccountToken: true,
                securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                containers: [{
                  name: 'remediator', image: o.image, args: scanArgs,
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                  volumeMounts: [{ name: 'runbook', mountPath: '/etc/remediator', readOnly: true }],
                }],
                volumes: [{ name: 'runbook', configMap: { name } }],
              },
            },
          },
        },
      },
    },
  ];
}
