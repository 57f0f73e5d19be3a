import { isPodReady } from '../k8s/pods';
import { SnapshotIndex } from '../k8s/snapshotIndex';
import type { ClusterSnapshot, Deployment, Pod, StatefulSet } from '../k8s/types';
import { desiredReplicasOf, isWorkloadKind, type ReplicatedWorkload } from '../k8s/workload';
import type { Plan } from '../engine/plan';
import type { TargetRef } from '../model/audit';
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

/** The workload the checks watch: the target itself, or the pod target's owning Deployment or StatefulSet. */
function workloadRef(plan: Plan): TargetRef | undefined {
  if (isWorkloadKind(plan.target.kind)) return plan.target;
  return plan.workload && isWorkloadKind(plan.workload.kind) ? plan.workload : undefined;
}

function lookUp(index: SnapshotIndex, ref: TargetRef | undefined): ReplicatedWorkload | undefined {
  if (!ref) return undefined;
  if (ref.kind === 'StatefulSet') {
    const sts = index.statefulSet(ref.namespace, ref.name);
    return sts ? { kind: 'StatefulSet', object: sts } : undefined;
  }
  const dep = index.deployment(ref.namespace, ref.name);
  return dep ? { kind: 'Deployment', object: dep } : undefined;
}

function podsOf(index: SnapshotIndex, w: ReplicatedWorkload): Pod[] {
  return w.kind === 'Deployment' ? index.podsOfDeployment(w.object) : index.podsOfStatefulSet(w.object);
}

const uidOf = (p: Pod) => p.metadata.uid ?? p.metadata.name;

export function baselineFor(plan: Plan, snapshot: ClusterSnapshot): Baseline {
  const index = new SnapshotIndex(snapshot);
  const w = lookUp(index, workloadRef(plan));
  const pods = w ? podsOf(index, w) : [];
  return { podUids: pods.map(uidOf), generation: w?.object.metadata.generation };
}

type Result = { ok: boolean; detail: string };
type Evaluator = (plan: Plan, w: ReplicatedWorkload, index: SnapshotIndex, baseline: Baseline) => Result;

const desired = (plan: Plan, w: ReplicatedWorkload) => plan.verification.expect.desiredReplicas ?? desiredReplicasOf(w);
const observedLatest = (o: Deployment | StatefulSet) => (o.status?.observedGeneration ?? 0) >= (o.metadata.generation ?? 0);
const NOT_OBSERVED = '; controller has not observed the latest change yet';

/** A StatefulSet reports availableReplicas since Kubernetes 1.25; before that, Ready is the closest it says. */
const available = (w: ReplicatedWorkload) => (w.kind === 'Deployment'
  ? w.object.status?.availableReplicas : w.object.status?.availableReplicas ?? w.object.status?.readyReplicas) ?? 0;

/** Any Ready pod of the workload that was not there before the action (a Deployment's replacement has a new name). */
function freshPodReady(w: ReplicatedWorkload, index: SnapshotIndex, baseline: Baseline): Result {
  const before = new Set(baseline.podUids);
  const fresh = podsOf(index, w).filter((p) => !before.has(uidOf(p)));
  const ready = fresh.filter(isPodReady);
  return ready.length > 0
    ? { ok: true, detail: `replacement pod ${ready[0].metadata.name} is Ready` }
    : { ok: false, detail: fresh.length > 0 ? `replacement pod ${fresh[0].metadata.name} exists but is not Ready` : 'no replacement pod yet' };
}

/**
 * A StatefulSet recreates a replaced pod under the same name (its ordinal identity), so "new" means a new
 * uid on that name; and the StatefulSet itself must report every replica Ready again.
 */
function sameNameRecreated(plan: Plan, sts: StatefulSet, index: SnapshotIndex, baseline: Baseline): Result {
  const name = plan.target.name;
  const oldUid = plan.verification.expect.replacedPodUid;
  const pod = index.pod(plan.target.namespace, name);
  const spec = sts.spec?.replicas ?? 1;
  const ready = sts.status?.readyReplicas ?? 0;
  const replicas = `StatefulSet ${sts.metadata.name} has ${ready} of ${spec} replicas Ready`;
  const isOld = (p: Pod) => (oldUid !== undefined ? p.metadata.uid === oldUid : baseline.podUids.includes(uidOf(p)));
  if (!pod) return { ok: false, detail: `pod ${name} is not recreated yet; ${replicas}` };
  if (isOld(pod)) return { ok: false, detail: `pod ${name} is still the one acted on (uid ${pod.metadata.uid ?? '?'}); ${replicas}` };
  if (!isPodReady(pod)) return { ok: false, detail: `pod ${name} is recreated (uid ${pod.metadata.uid ?? '?'}) but not Ready; ${replicas}` };
  const settled = ready === spec && observedLatest(sts);
  return { ok: settled, detail: `pod ${name} is recreated (new uid ${pod.metadata.uid ?? '?'}) and Ready; ${replicas}${observedLatest(sts) ? '' : NOT_OBSERVED}` };
}

function deploymentRolloutComplete(dep: Deployment, baseline: Baseline, settledIsEnough = false): Result {
  const spec = dep.spec?.replicas ?? 1;
  const s = dep.status ?? {};
  const generation = dep.metadata.generation ?? 0;
  const advanced = settledIsEnough || baseline.generation === undefined || generation > baseline.generation;
  const ok = advanced && (s.observedGeneration ?? 0) >= generation && (s.updatedReplicas ?? 0) === spec
    && (s.replicas ?? 0) === spec && (s.availableReplicas ?? 0) === spec;
  return { ok, detail: `${s.updatedReplicas ?? 0} updated, ${s.availableReplicas ?? 0} available, ${s.replicas ?? 0} total of ${spec}${advanced ? '' : '; no new rollout started'}` };
}

/** A StatefulSet's rollout is done when every replica runs the update revision and is Ready. */
function statefulSetRolloutComplete(sts: StatefulSet, baseline: Baseline, settledIsEnough = false): Result {
  const spec = sts.spec?.replicas ?? 1;
  const s = sts.status ?? {};
  const generation = sts.metadata.generation ?? 0;
  const advanced = settledIsEnough || baseline.generation === undefined || generation > baseline.generation;
  const onUpdate = s.updateRevision !== undefined && s.currentRevision === s.updateRevision;
  const ok = advanced && observedLatest(sts) && onUpdate && (s.updatedReplicas ?? 0) === spec
    && (s.replicas ?? 0) === spec && (s.readyReplicas ?? 0) === spec;
  const revision = onUpdate ? `, all on revision ${s.updateRevision}` : `, revision ${s.currentRevision ?? '?'} moving to ${s.updateRevision ?? '?'}`;
  return { ok, detail: `${s.updatedReplicas ?? 0} updated, ${s.readyReplicas ?? 0} Ready, ${s.replicas ?? 0} total of ${spec}${revision}${advanced ? '' : '; no new rollout started'}` };
}

function rolloutComplete(w: ReplicatedWorkload, baseline: Baseline, settledIsEnough: boolean): Result {
  return w.kind === 'Deployment' ? deploymentRolloutComplete(w.object, baseline, settledIsEnough) : statefulSetRolloutComplete(w.object, baseline, settledIsEnough);
}

/**
 * The release's other Deployments and StatefulSets (from the proposed manifest), each settled on its
 * template. Verification watches the target's namespace only, so a workload in another namespace is
 * reported as not observed and the check is not met: nothing is called verified that was not seen.
 */
function releaseWorkloadsSettled(plan: Plan, target: ReplicatedWorkload, index: SnapshotIndex): Result | undefined {
  const helm = plan.action.helm;
  const listed = helm?.comparison?.workloads ?? [];
  const others = listed.filter((r) => !(r.kind === target.kind && r.name === target.object.metadata.name && (r.namespace ?? helm!.namespace) === plan.target.namespace));
  if (others.length === 0) return undefined;
  const waiting: string[] = [];
  for (const r of others) {
    const namespace = r.namespace ?? helm!.namespace;
    if (namespace !== plan.target.namespace) { waiting.push(`${r.kind} ${r.name} is in ${namespace}, not observed`); continue; }
    const w = lookUp(index, { namespace, kind: r.kind, name: r.name });
    if (!w) { waiting.push(`${r.kind} ${r.name} not found`); continue; }
    const result = rolloutComplete(w, { podUids: [] }, true);
    if (!result.ok) waiting.push(`${r.kind} ${r.name}: ${result.detail}`);
  }
  const n = others.length;
  return waiting.length === 0
    ? { ok: true, detail: `the release's other ${n === 1 ? 'workload has' : `${n} workloads have`} rolled out` }
    : { ok: false, detail: `release workloads waiting: ${waiting.slice(0, 5).join('; ')}${waiting.length > 5 ? `; and ${waiting.length - 5} more` : ''}` };
}

const EVALUATORS: Record<VerificationCheck, Evaluator> = {
  available_replicas_equal_desired_replicas: (plan, w) => {
    const want = desired(plan, w);
    const spec = desiredReplicasOf(w);
    const count = available(w);
    const observed = observedLatest(w.object);
    const ok = observed && spec === want && count === want;
    return { ok, detail: `${count} of ${spec} replicas available (expected ${want})${observed ? '' : NOT_OBSERVED}` };
  },
  replacement_pod_ready_within_timeout: (plan, w, index, baseline) => (w.kind === 'StatefulSet' && plan.target.kind === 'Pod'
    ? sameNameRecreated(plan, w.object, index, baseline) : freshPodReady(w, index, baseline)),
  // A Helm rollback past failed revisions that never reached the workload leaves its template as it
  // was: nothing new rolls out, and the check is that the workload is settled on the template it has.
  // A rollback changes the whole release, so every workload of its proposed manifest must settle too.
  rollout_complete: (plan, w, index, baseline) => {
    const own = rolloutComplete(w, baseline, plan.action.helm !== undefined);
    const others = plan.action.helm ? releaseWorkloadsSettled(plan, w, index) : undefined;
    return others ? { ok: own.ok && others.ok, detail: `${own.detail}; ${others.detail}` } : own;
  },
  no_pods_remain: (_plan, w, index) => {
    const left = podsOf(index, w);
    return { ok: left.length === 0, detail: left.length === 0 ? 'no pods remain' : `${left.length} pod(s) remain, e.g. ${left[0].metadata.name}` };
  },
};

/**
 * Pure: are the plan's verification checks met in this snapshot? Called on every observed change until
 * all pass or the deadline comes. A check that cannot be evaluated (workload gone) is not met.
 */
export function evaluateVerification(plan: Plan, baseline: Baseline, snapshot: ClusterSnapshot): VerificationState {
  const index = new SnapshotIndex(snapshot);
  const ref = workloadRef(plan);
  const w = lookUp(index, ref);
  const checks = plan.verification.checks.map(({ check }): CheckResult => {
    if (!w) return { check, ok: false, detail: `${ref?.kind ?? 'Deployment'} ${ref?.name ?? '(none)'} not found in ${plan.target.namespace}` };
    return { check, ...EVALUATORS[check](plan, w, index, baseline) };
  });
  return { passed: checks.length > 0 && checks.every((c) => c.ok), checks };
}
