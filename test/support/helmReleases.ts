// Builders for Helm release histories (what the release Secrets decode to) and a helm-managed lab Deployment or StatefulSet.
import type { HelmReleaseRead, HelmRevision } from '../../src/core/helm/release';
import { RELEASE_NAME_ANNOTATION, RELEASE_NAMESPACE_ANNOTATION } from '../../src/core/helm/release';
import type { ClusterSnapshot, Deployment, StatefulSet } from '../../src/core/k8s/types';
import type { Runbook } from '../../src/core/model/runbook';
import { ENABLED_LABEL, LAB_NAMESPACE, LAB_NOW } from './lab';
import { runbook } from './model';
import { deployment, snapshot } from './objects';
import { withStatefulSet } from './statefulSets';

export const RELEASE = 'checkout';

/** Revision `n` of the release; values.image.tag is `v<n>` so every pair of revisions differs. */
export function helmRevision(n: number, status: string, o: Partial<HelmRevision> = {}): HelmRevision {
  return {
    release: RELEASE, namespace: LAB_NAMESPACE, revision: n, status,
    chart: 'checkout', chartVersion: `0.${n}.0`, appVersion: `1.${n}`,
    deployedAt: new Date(LAB_NOW.getTime() - (100 - n) * 60_000).toISOString(),
    description: n === 1 ? 'Install complete' : 'Upgrade complete',
    values: { image: { tag: `v${n}` }, replicas: 2 },
    manifest: `---\n# Source: checkout/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - image: checkout:v${n}\n`,
    ...o,
  };
}

/** The Deployment Helm manages for the release (its annotations name the release). */
export function helmDeployment(o: { release?: string; annotations?: Record<string, string> } = {}): Deployment {
  return deployment('checkout', {
    replicas: 2, labels: { [ENABLED_LABEL]: 'true' },
    annotations: o.annotations ?? { [RELEASE_NAME_ANNOTATION]: o.release ?? RELEASE, [RELEASE_NAMESPACE_ANNOTATION]: LAB_NAMESPACE },
  });
}

export function helmSnapshot(revisions: HelmRevision[] | HelmReleaseRead, o: { deployment?: Deployment } = {}): ClusterSnapshot {
  const read: HelmReleaseRead = Array.isArray(revisions) ? { namespace: LAB_NAMESPACE, release: RELEASE, ok: true, revisions } : revisions;
  return snapshot({ deployments: [o.deployment ?? helmDeployment()], helmReleases: [read] });
}

export function helmRunbook(action: Runbook['spec']['action'] = { type: 'helmRollback' }, guardrails: Runbook['spec']['guardrails'] = {}): Runbook {
  return runbook({
    name: 'helm-rollback-bad-upgrade',
    spec: {
      action,
      decisionMode: 'auto_execute',
      triggers: { symptoms: ['http_5xx'], probableCauses: ['bad_deploy'], minimumConfidence: 0.8 },
      guardrails: { maxExecutionsPerHour: 1, cooldownMinutes: 30, ...guardrails },
      verification: { checks: ['rollout_complete'], timeoutSeconds: 120 },
      rollback: { type: 'manual', notes: 'Roll forward by hand once the upgrade is fixed.' },
    },
  });
}

/** The lab plus StatefulSet checkout (`replicas` Ready pods checkout-0..), annotated for the release unless `annotations` says otherwise. */
export function helmStatefulSetSnapshot(revisions: HelmRevision[] | HelmReleaseRead, o: { annotations?: Record<string, string>; replicas?: number; edit?: (sts: StatefulSet) => void } = {}): ClusterSnapshot {
  const read: HelmReleaseRead = Array.isArray(revisions) ? { namespace: LAB_NAMESPACE, release: RELEASE, ok: true, revisions } : revisions;
  const snap = withStatefulSet(RELEASE, o.replicas ?? 2, (_s, sts) => {
    sts.metadata.annotations = o.annotations ?? { [RELEASE_NAME_ANNOTATION]: RELEASE, [RELEASE_NAMESPACE_ANNOTATION]: LAB_NAMESPACE };
    o.edit?.(sts);
  });
  return { ...snap, helmReleases: [read] };
}
