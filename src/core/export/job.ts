// `export-job`: the seed's CronJob, done safely. A ServiceAccount; in each allowed namespace a Role with
// exactly the requests the runbook's steps make (from the one table in engine/permissions.ts); a Role for
// the shared state; a ClusterRole that may only `get` the allowed Namespace objects by name (their
// annotations feed blockingAnnotation; the API server happens to authorize a read of Namespace X as a
// request in namespace X, so a Role there would work too, but a ClusterRole limited by resourceNames says
// what is granted without relying on that); and a CronJob running `remediator scan` on a read-only root.
import { grantedAt, runbookNeeds } from '../engine/permissions';
import type { Runbook } from '../model/runbook';
import { CONTAINER_SECURITY, POD_SECURITY, clusterRoleDocs, namespaceObjectRules, objectName, roleDocs, rolesByNamespace, rulesFor, type PolicyRule } from './rbac';
import { JOB_IMAGE } from './image';

export { JOB_IMAGE } from './image';
export { rulesFor, type PolicyRule } from './rbac';

export interface ExportJobOptions {
  /** Where the Job runs (its ServiceAccount lives there); default: the runbook's first allowed namespace. */
  namespace?: string;
  /** Namespace holding the shared state (Leases, ConfigMaps). */
  stateNamespace: string;
  /** Default: JOB_IMAGE, the image `npm run image` builds. */
  image?: string;
  schedule: string;
}

/** Where the Job's volumes are mounted: the runbook (ConfigMap, read-only) and the audit log (emptyDir). */
export const JOB_PATHS = {
  runbookDir: '/etc/remediator',
  runbook: '/etc/remediator/runbook.yaml',
  /** The only writable place: the root filesystem is read-only and HOME is not writable. */
  auditDir: '/var/lib/remediator',
  auditFile: '/var/lib/remediator/audit.jsonl',
} as const;

/** The RBAC a runbook's Job needs, by where it applies. */
export function jobRules(runbook: Runbook): { target: PolicyRule[]; state: PolicyRule[]; namespaces: PolicyRule[] } {
  const needs = runbookNeeds(runbook);
  return { target: rulesFor(grantedAt(needs, 'target')), state: rulesFor(grantedAt(needs, 'state')), namespaces: namespaceObjectRules([runbook]) };
}

/** The container's arguments: scan with --execute, audit into the emptyDir (the Job's stdout has the decisions). */
export function jobArgs(runbook: Runbook, stateNamespace: string): string[] {
  return ['scan', '--runbook', JOB_PATHS.runbook, '--execute', '--yes', '--json',
    '--state-namespace', stateNamespace, '--audit-file', JOB_PATHS.auditFile,
    ...runbook.spec.scope.allowedNamespaces.flatMap((ns) => ['--namespace', ns])];
}

export function exportJob(runbook: Runbook, runbookYaml: string, o: ExportJobOptions): object[] {
  const name = objectName(`remediator-${runbook.metadata.name}`);
  const jobNamespace = o.namespace ?? runbook.spec.scope.allowedNamespaces[0] ?? 'default';
  const labels = { 'app.kubernetes.io/name': 'remediator', 'remediations.kubedojo.io/runbook': runbook.metadata.name };
  const subject = { kind: 'ServiceAccount' as const, name, namespace: jobNamespace };
  // Cluster-wide names: the Job's namespace is part of it, so two exports of one runbook do not collide.
  const clusterName = `${name}:${jobNamespace}:namespaces`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: jobNamespace, labels } },
    ...roleDocs(name, labels, subject, rolesByNamespace([runbook], o.stateNamespace)),
    ...clusterRoleDocs(clusterName, labels, subject, namespaceObjectRules([runbook])),
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
    securityContext: POD_SECURITY,
    containers: [{
      name: 'remediator', image, args,
      securityContext: CONTAINER_SECURITY,
      volumeMounts: [
        { name: 'runbook', mountPath: JOB_PATHS.runbookDir, readOnly: true },
        { name: 'audit', mountPath: JOB_PATHS.auditDir },
      ],
    }],
    volumes: [{ name: 'runbook', configMap: { name } }, { name: 'audit', emptyDir: { sizeLimit: '64Mi' } }],
  };
}
