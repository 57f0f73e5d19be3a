// RBAC and pod hardening shared by the exported workloads (export-job's CronJob, export-serve's
// Deployment): the Roles come from the one permissions table (engine/permissions.ts), merged over every
// runbook the workload runs, so each export grants exactly the requests its runbooks' steps make.
import { grantedAt, runbookNeeds, type Rule } from '../engine/permissions';
import type { Runbook } from '../model/runbook';

export interface PolicyRule { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }

export const RBAC = 'rbac.authorization.k8s.io';

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

/** Every allowed namespace of the runbooks, sorted, each once. */
export function allowedNamespaces(runbooks: readonly Runbook[]): string[] {
  return [...new Set(runbooks.flatMap((r) => r.spec.scope.allowedNamespaces))].sort();
}

/**
 * One rule set per namespace: each runbook's target rules in its own allowed namespaces, the shared-state
 * rules in the state namespace (a namespace that is both gets both).
 */
export function rolesByNamespace(runbooks: readonly Runbook[], stateNamespace: string): Map<string, PolicyRule[]> {
  const byNamespace = new Map<string, Rule[]>();
  const add = (ns: string, rules: Rule[]) => byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), ...rules]);
  for (const runbook of runbooks) {
    const needs = runbookNeeds(runbook);
    for (const ns of new Set(runbook.spec.scope.allowedNamespaces)) add(ns, grantedAt(needs, 'target'));
    add(stateNamespace, grantedAt(needs, 'state'));
  }
  return new Map([...byNamespace].map(([ns, rules]) => [ns, rulesFor(rules)]));
}

/** Rules on the Namespace objects themselves (blockingAnnotation reads them), limited by name. */
export function namespaceObjectRules(runbooks: readonly Runbook[]): PolicyRule[] {
  const names = allowedNamespaces(runbooks);
  return rulesFor(runbooks.flatMap((r) => grantedAt(runbookNeeds(r), 'namespaceObject'))).map((r) => ({ ...r, resourceNames: names }));
}

export interface Subject { kind: 'ServiceAccount'; name: string; namespace: string }

/** A Role per namespace (from rolesByNamespace) and its RoleBinding to the subject. */
export function roleDocs(name: string, labels: Record<string, string>, subject: Subject, roles: Map<string, PolicyRule[]>): object[] {
  return [...roles].flatMap(([namespace, rules]) => [
    { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace, labels }, rules },
    { apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace, labels }, subjects: [subject], roleRef: { apiGroup: RBAC, kind: 'Role', name } },
  ]);
}

/** The ClusterRole (and binding) for the Namespace objects; none when no rule needs one. */
export function clusterRoleDocs(clusterName: string, labels: Record<string, string>, subject: Subject, rules: PolicyRule[]): object[] {
  if (rules.length === 0) return [];
  return [
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: clusterName, labels }, rules },
    { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name: clusterName, labels }, subjects: [subject], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: clusterName } },
  ];
}

/** The image's user is the distroless `nonroot` (65532); naming it here lets runAsNonRoot verify it. */
export const POD_SECURITY = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } } as const;
export const CONTAINER_SECURITY = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } as const;

/** A DNS-label name: at most 63 characters, no trailing dash. */
export function objectName(base: string): string {
  return base.slice(0, 63).replace(/-+$/, '');
}
