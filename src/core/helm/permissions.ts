// The RBAC a Helm rollback needs for the objects in its manifests: helm reads each object, then
// creates, patches or deletes it. Kinds map to resources by the usual lower-case plural; the common
// irregular ones are listed.
import type { Rule } from '../actions/types';

const IRREGULAR: Record<string, string> = {
  Ingress: 'ingresses', NetworkPolicy: 'networkpolicies', PodSecurityPolicy: 'podsecuritypolicies', Endpoints: 'endpoints',
  PriorityClass: 'priorityclasses', StorageClass: 'storageclasses', IngressClass: 'ingressclasses',
};

/** "apps/v1 Deployment" -> { group: 'apps', resource: 'deployments' }; the core group is ''. */
export function resourceOfKind(apiVersionKind: string): { group: string; resource: string } | undefined {
  const [apiVersion, kind] = apiVersionKind.split(' ');
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const lower = kind.toLowerCase();
  const resource = IRREGULAR[kind] ?? (lower.endsWith('s') ? `${lower}es` : lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`);
  return { group, resource };
}

export const MANIFEST_VERBS = ['get', 'create', 'patch', 'delete'] as const;

/** get, create, patch and delete for every kind of the manifests. */
export function manifestRules(kinds: readonly string[]): Rule[] {
  return kinds.flatMap((k) => {
    const r = resourceOfKind(k);
    return r ? MANIFEST_VERBS.map((verb) => ({ verb, group: r.group, resource: r.resource })) : [];
  });
}
