import { isPodReady } from '../k8s/pods';
import { SnapshotIndex } from '../k8s/snapshotIndex';
import type { ClusterSnapshot, Deployment } from '../k8s/types';
import type { Plan } from '../engine/plan';
import type { VerificationCheck } from '../model/runbook';

/** What the workload looked like right before the action, so verification can tell new from old. */
export interface Baseline {
  podUids: string[];
  generation?: number;
}

export interface CheckResult {
  check: VerificationCheck;
  ok: boolean;
  detail: string;
}

export interface VerificationState {
  passed: boolean;
  checks: CheckResult[];
}

function workloadName(plan: Plan): string | undefined {
  if (plan.target.kind === 'Deployment') return plan.target.name;
  return plan.workload?.kind === 'Deployment' ? plan.workload.name : undefined;
}

export function baselineFor(plan: Plan, snapshot: ClusterSnapshot): Baseline {
  const index = new SnapshotIndex(snapshot);
  const name = workloadName(plan);
  const dep = name ? index.deployment(plan.target.namespace, name) : undefined;
  const pods = dep ? index.podsOfDeployment(dep) : [];
  return { podUids: pods.map((p) => p.metadata.uid ?? p.metadata.name), generation: dep?.metadata.generation };
}

type Evaluator = (plan: Plan, dep: Deployment, index: SnapshotIndex, baseline: Baseline) => { ok: boolean; detail: string };

const desired = (plan: Plan, dep: Deployment) => plan.verification.expect.desiredReplicas ?? dep.spec?.replicas ?? 1;

const EVALUATORS: Record<VerificationCheck, Evaluator> = {
  available_replicas_equal_desired_replicas: (plan, dep) => {
    const want = desired(plan, dep);
    const spec = dep.spec?.replicas ?? 1;
    const available = dep.status?.availableReplicas ?? 0;
    const observed = (dep.status?.observedGeneration ?? 0) >= (dep.metadata.generation ?? 0);
    const ok = observed && spec === want && available === want;
    return { ok, detail: `${available} of ${spec} replicas available (expected ${want})${observed ? '' : '; controller has not observed the latest change yet'}` };
  },
  replacement_pod_ready_within_timeout: (_plan, dep, index, baseline) => {
    const before = new Set(baseline.podUids);
    const fresh = index.podsOfDeployment(dep).filter((p) => !before.has(p.metadata.uid ?? p.metadata.name));
    const ready = fresh.filter(isPodReady);
    return ready.length > 0
      ? { ok: true, detail: `replacement pod ${ready[0].metadata.name} is Ready` }
      : { ok: false, detail: fresh.length > 0 ? `replacement pod ${fresh[0].metadata.name} exists but is not Ready` : 'no replacement pod yet' };
  },
  rollout_complete: (plan, dep, _index, baseline) => {
    const spec = dep.spec?.replicas ?? 1;
    const s = dep.status ?? {};
    const generation = dep.metadata.generation ?? 0;
    // A Helm rollback past failed revisions that never reached the workload leaves its template as it
    // was: nothing new rolls out, and the check is that the workload is settled on the template it has.
    const advanced = baseline.generation === undefined || generation > baseline.generation || plan.action.helm !== undefined;
    const ok = advanced && (s.observedGeneration ?? 0) >= generation && (s.updatedReplicas ?? 0) === spec
      && (s.replicas ?? 0) === spec && (s.availableReplicas ?? 0) === spec;
    return { ok, detail: `${s.updatedReplicas ?? 0} updated, ${s.availableReplicas ?? 0} available, ${s.replicas ?? 0} total of ${spec}${advanced ? '' : '; no new rollout started'}` };
  },
  no_pods_remain: (_plan, dep, index) => {
    const left = index.podsOfDeployment(dep);
    return { ok: left.length === 0, detail: left.length === 0 ? 'no pods remain' : `${left.length} pod(s) remain, e.g. ${left[0].metadata.name}` };
  },
};

/**
 * Pure: are the plan's verification checks met in this snapshot? Called on every observed change until
 * all pass or the deadline comes. A check that cannot be evaluated (workload gone) is not met.
 */
export function evaluateVerification(plan: Plan, baseline: Baseline, snapshot: ClusterSnapshot): VerificationState {
  const index = new SnapshotIndex(snapshot);
  const name = workloadName(plan);
  const dep = name ? index.deployment(plan.target.namespace, name) : undefined;
  const checks = plan.verification.checks.map(({ check }): CheckResult => {
    if (!dep) return { check, ok: false, detail: `Deployment ${name ?? '(none)'} not found in ${plan.target.namespace}` };
    return { check, ...EVALUATORS[check](plan, dep, index, baseline) };
  });
  return { passed: checks.length > 0 && checks.every((c) => c.ok), checks };
}
