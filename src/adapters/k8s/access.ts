// AccessReviewer: asks the API server's authorizer (SelfSubjectAccessReview) about each permission a
// plan needs, and who we are (SelfSubjectReview), so a plan can say "you may not evict pods here"
// before it acts instead of failing half way.
import type { Permission } from '../../core/engine/plan';
import type { AccessCheck, AccessReviewer } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';

interface AccessReviewStatus { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string }
interface SelfSubjectReview { status?: { userInfo?: { username?: string } } }

export function describePermission(p: Permission): string {
  const resource = `${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`;
  return `${p.verb} ${resource} in namespace ${p.namespace}`;
}

/** A permission on the Namespace object itself (cluster-scoped): its `namespace` is the Namespace's name. */
function namespaceObject(p: Permission): boolean {
  return p.group === '' && p.resource === 'namespaces' && !p.subresource && p.namespace !== '';
}

export class KubeAccessReviewer implements AccessReviewer {
  /** `fallbackUser`: the kubeconfig user name, used when the server cannot say who we are. */
  constructor(private readonly http: KubeHttp, private readonly fallbackUser: string) {}

  check(permissions: readonly Permission[]): Promise<AccessCheck[]> {
    return Promise.all(permissions.map((p) => this.review(p)));
  }

  private async review(permission: Permission): Promise<AccessCheck> {
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          namespace: permission.namespace, verb: permission.verb, group: permission.group, resource: permission.resource,
          ...(permission.subresource ? { subresource: permission.subresource } : {}),
          // A Namespace is read by name (GET /api/v1/namespaces/NAME): the exported RBAC grants it by
          // resourceNames, so the review must carry the name, as the API server's own request attributes do.
          ...(namespaceObject(permission) ? { name: permission.namespace } : {}),
        },
      },
    };
    const answer = await this.http.request<{ status?: AccessReviewStatus }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { body });
    const status = answer.status ?? {};
    const allowed = status.allowed === true && status.denied !== true;
    const why = status.reason || status.evaluationError;
    return {
      permission,
      allowed,
      ...(allowed ? (why ? { reason: why } : {}) : { reason: `not allowed to ${describePermission(permission)}${why ? `: ${why}` : ''}` }),
    };
  }

  /** The authenticated user name; the kubeconfig user when the server has no SelfSubjectReview (old or forbidden). */
  async whoAmI(): Promise<string> {
    try {
      const review = await this.http.request<SelfSubjectReview>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      return review.status?.userInfo?.username || this.fallbackUser;
    } catch (err) {
      const status = statusOf(err);
      if (status === 403 || status === 404 || status === 405) return this.fallbackUser;
      throw err;
    }
  }
}
