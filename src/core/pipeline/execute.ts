import { auditRecordFor } from '../audit/record';
import { decisionContext, decideTarget } from '../engine/decide';
import { mayExecute, type Plan } from '../engine/plan';
import { permissionLabel } from '../engine/permissions';
import type { EngineSettings } from '../guardrails/types';
import type { ClusterSnapshot } from '../k8s/types';
import type { AuditRecord, AuditVerification, Outcome, TargetRef } from '../model/audit';
import type { DecisionInput } from '../model/decisionInput';
import type { Incident } from '../model/incident';
import type { Runbook } from '../model/runbook';
import type {
  AccessCheck, AccessReviewer, ActionResult, ApprovalStore, AuditSink, Clock, ClusterReader, ClusterWriter, HelmReleaseReader, Lock, MetricsReader, SnapshotScope, StateStore,
} from '../ports';
import { withHelmReleases } from './helmReleases';
import { isPodActionType } from '../actions';
import { approvalFor, planIdentity, type Approval } from '../approvals/approval';
import { hasMetricChecks, rowsWithResults, type MetricCheckRow } from '../metrics/checkRows';
import type { MetricReading } from '../metrics/readings';
import { measurePlan } from './measure';
import type { Sleep } from '../verify/metricProvider';
import type { MetricCheckState } from '../verify/metricCheck';
import { auditMetrics, decisionMetrics, prepareMetricChecks, verifyWithMetrics, type MetricCheckObserver } from './verifyMetrics';
import { baselineFor } from '../verify/checks';
import { accessNeeds, type AccessScope } from './accessNeeds';
import { rollBack } from './rollback';
import { verificationSummary, type VerificationOutcome } from './verifyLive';
import { decisionInputFor } from '../replay/slice';
import { writeAuditRecord } from './auditPath';

export interface PipelineDeps {
  reader: ClusterReader;
  writer: ClusterWriter;
  /** Helm release histories, for actions on a release; absent = such a release reads as unreadable (abort). */
  helmReleases?: HelmReleaseReader;
  access: AccessReviewer;
  lock: Lock;
  state: StateStore;
  audit: readonly AuditSink[];
  clock: Clock;
  newId(): string;
  settings?: Partial<EngineSettings>;
  /** Prometheus, for metric preconditions and verification metrics; absent = not configured (those abort or cannot verify). */
  metrics?: MetricsReader;
  /** Waits between metric samples; default a timer (tests pass a fake clock's). */
  sleep?: Sleep;
  onProgress?(text: string): void;
  /** Told of each verification metric sample as it is taken; optional. */
  onMetricSample?: MetricCheckObserver;
  /** Where the Leases, state and Events go, so their permissions are reviewed before acting too. */
  accessScope?: AccessScope;
  /** Shared pending approvals: an approval_required plan without an approval is kept there for a human. */
  approvals?: ApprovalStore;
  /**
   * A cached view the first decision may be taken on (serve: informer-backed workloads, the shared state
   * as of a moment ago). The re-check right before acting always reads `reader` and `state` afresh, so a
   * stale first look can cost a refusal ("stale: the re-check ..."), never an action.
   */
  firstLook?: FirstLook;
  /**
   * Awaited once, right before the first step that changes anything beyond the records: storing a
   * pending approval, or taking the lock to act (serve claims its incident here, so a decision that
   * changes nothing costs no claim). It may throw to stop the attempt; nothing is recorded then.
   */
  beforeChange?(): Promise<void>;
}

export interface FirstLook {
  snapshot?: ClusterReader['snapshot'];
  history?: StateStore['history'];
}

export interface ExecuteRequest {
  runbook: Runbook;
  target: TargetRef;
  incident?: Incident;
  /** false: decide and run the server-side dry run only (outcome dry_run). */
  execute: boolean;
  /** A human approved an approval_required plan (--approve, or the approval dialog). */
  approved?: boolean;
  /** Final confirmation with the fresh plan (TTY prompt, modal). Absent = already confirmed (--yes). */
  confirm?(plan: Plan): Promise<boolean>;
  /** The plan the user saw: if the target's identity changed since, the action aborts as stale. */
  expected?: Plan;
  lockTtlSeconds?: number;
  /** Shadow mode (also the runbook's spec.shadow): everything up to the action, then `shadowed`. */
  shadow?: boolean;
  /** The runbook's text, kept with a pending approval so the approver runs the same contract. */
  runbookText?: string;
  /** How long a pending approval waits (default 30 minutes). */
  approvalTtlSeconds?: number;
  /** The target's uid when the approval was asked: a different object now is stale. */
  expectedIdentity?: string;
}

/** True when this request only observes: the flag, or the runbook itself says so. */
export function isShadow(req: Pick<ExecuteRequest, 'shadow' | 'runbook'>): boolean {
  return req.shadow === true || req.runbook.spec.shadow === true;
}

export interface ExecuteResult {
  plan: Plan;
  outcome: Outcome;
  records: AuditRecord[];
  access: AccessCheck[];
  verification?: VerificationOutcome;
  /** Each verification metric's verdict and samples, when the runbook has any. */
  metricChecks?: MetricCheckState[];
  /** After verification: the plan's metric check rows with each metric's status, reason and samples. */
  metricRows?: MetricCheckRow[];
  action?: ActionResult;
  /** Sink failures (the record still reached the others). */
  warnings: string[];
  /** The pending approval stored for an approval_required plan. */
  approval?: Approval;
}

const NOT_EXECUTED: Record<string, Outcome> = { abort: 'blocked', manual: 'blocked', suggest: 'suggested' };

const identity = planIdentity;

/** Decide (with metric preconditions measured) -> check access -> lock -> re-decide and re-measure -> server dry run -> confirm -> act -> verify -> roll back -> record. */
export async function executePlan(req: ExecuteRequest, deps: PipelineDeps): Promise<ExecuteResult> {
  const startedAt = deps.clock.now();
  const id = deps.newId();
  const actor = await deps.access.whoAmI();
  const result: ExecuteResult = { plan: undefined as unknown as Plan, outcome: 'error', records: [], access: [], warnings: [] };
  // What each plan was decided on; the first record written for a plan carries it (for replay), later ones do not repeat it.
  const inputs = new Map<Plan, DecisionInput>();
  const record = async (plan: Plan, outcome: Outcome, extra: RecordOptions = {}) => {
    const { skipState, ...rest } = extra;
    const baselines = rest.verification === undefined ? decisionMetrics(plan) : undefined;
    const decisionInput = inputs.get(plan);
    inputs.delete(plan);
    const rec = auditRecordFor(plan, outcome, {
      id, actor, time: deps.clock.now(), startedAt, ...rest, ...(baselines ? { verification: { metrics: baselines } } : {}), ...(decisionInput ? { decisionInput } : {}),
    });
    result.records.push(rec);
    result.outcome = outcome;
    result.warnings.push(...await writeAuditRecord(rec, deps, { skipState }));
    return rec;
  };

  const decideNow = async (look: Look, around?: SnapshotScope['around']): Promise<Decision> => {
    const cachedSnapshot = look !== 'fresh' ? deps.firstLook?.snapshot : undefined;
    const cachedHistory = look === 'first' ? deps.firstLook?.history : undefined;
    const scope: SnapshotScope = { namespaces: [req.target.namespace], includeNamespaces: true, ...(around ? { around } : {}) };
    const [workloads, history] = await Promise.all([
      cachedSnapshot ? cachedSnapshot(scope) : deps.reader.snapshot(scope),
      cachedHistory ? cachedHistory(req.runbook.metadata.name) : deps.state.history(req.runbook.metadata.name),
    ]);
    const snapshot = await withHelmReleases(workloads, req.runbook, req.target, deps.helmReleases);
    const input = { runbook: req.runbook, snapshot, history, now: deps.clock.now(), settings: deps.settings };
    const ctx = decisionContext(input);
    const plan = decideTarget(ctx, req.target, req.incident);
    if (!hasMetricChecks(req.runbook)) {
      inputs.set(plan, decisionInputFor(ctx, plan, req.target));
      return { plan, snapshot, baselines: {} };
    }
    // The queries name the resolved target, so they are known only after a first decision; the second one
    // reads the values (the same snapshot and clock, so only the precondition verdict and the shown values
    // can differ). Verification metrics are measured here too: their values now are their baselines.
    const measured = await measurePlan(deps.metrics, req.runbook, plan);
    const measuredCtx = decisionContext({ ...input, ...measured });
    const decided = decideTarget(measuredCtx, req.target, req.incident);
    inputs.set(decided, decisionInputFor(measuredCtx, decided, req.target));
    return { plan: decided, snapshot, baselines: measured.baselines };
  };

  const { plan } = await decideNow('first');
  result.plan = plan;
  const expectedIdentity = req.expected ? identity(req.expected) : req.expectedIdentity;
  if ((req.expected || req.expectedIdentity !== undefined) && expectedIdentity !== identity(plan)) {
    await record(plan, 'blocked', { message: `stale: ${req.target.kind} ${req.target.name} changed or vanished since the plan was shown; nothing done` });
    return result;
  }
  // Everything the steps below will send, action to state write, so a refusal is named before any change.
  result.access = await deps.access.check(accessNeeds(plan, req.runbook.spec.rollback.type, deps.accessScope));
  const denied = result.access.filter((a) => !a.allowed);

  if (!mayExecute(plan.mode)) {
    await record(plan, req.execute ? NOT_EXECUTED[plan.mode] ?? 'blocked' : 'dry_run');
    return result;
  }
  if (denied.length > 0) {
    // Nothing was attempted, so this is "not executed" (blocked), like any other refusal before acting.
    await record(plan, req.execute ? 'blocked' : 'dry_run', { message: `missing permission: ${denied.map((d) => permissionLabel(d.permission)).join(', ')}` });
    return result;
  }
  if (!req.execute) {
    const dry = await deps.writer.apply(plan.action, { dryRun: true });
    result.action = dry;
    await record(plan, 'dry_run', { message: `server-side dry run accepted: ${dry.summary}` });
    return result;
  }
  // In shadow mode an approval_required plan goes on to show what would have been asked for approval.
  if (plan.mode === 'approval_required' && !req.approved && !isShadow(req)) {
    await deps.beforeChange?.();
    await record(plan, 'approval_pending', { message: await askApproval(req, deps, plan, id, actor, result) });
    return result;
  }

  const key = `${plan.runbook}|${plan.target.namespace}|${plan.app ?? plan.target.name}`;
  const locked = () => record(plan, 'blocked', { message: 'another remediation holds the lock for this workload; nothing done' });
  // Held by another attempt of this process: refused before anything is claimed or asked of the API server.
  if (deps.lock.heldHere?.(key)) {
    await locked();
    return result;
  }
  await deps.beforeChange?.();
  const lock = await deps.lock.tryAcquire(key, `${actor}/${id}`, req.lockTtlSeconds ?? plan.verification.timeoutSeconds + 120);
  if (!lock) {
    await locked();
    return result;
  }
  try {
    return await actUnderLock(req, deps, { id, actor }, result, record, decideNow, plan);
  } finally {
    await lock.release().catch((err: Error) => result.warnings.push(`lock not released: ${err.message}`));
  }
}

/** Keeps the plan as a pending approval when a store is wired; the message says how to decide it. */
async function askApproval(req: ExecuteRequest, deps: PipelineDeps, plan: Plan, id: string, actor: string, result: ExecuteResult): Promise<string> {
  if (!deps.approvals || req.runbookText === undefined) return 'waiting for a human approval; nothing done';
  const approval = approvalFor(plan, { id, runbookText: req.runbookText, requestedBy: actor, now: deps.clock.now(), ttlSeconds: req.approvalTtlSeconds });
  try {
    await deps.approvals.create(approval);
  } catch (err) {
    result.warnings.push(`pending approval not stored: ${(err as Error).message}`);
    return 'waiting for a human approval (it could not be stored: approve by running execute --approve); nothing done';
  }
  result.approval = approval;
  return `pending approval ${id} until ${approval.expiresAt}: "remediator approve ${id}" or "remediator reject ${id}"; nothing done`;
}

/** What the re-check of a pod action may read instead of the namespace: the pod and its app's peers. */
function aroundOf(plan: Plan): SnapshotScope['around'] {
  if (!isPodActionType(plan.action.type) || plan.target.kind !== 'Pod' || plan.app === undefined) return undefined;
  return { pod: plan.target.name, app: plan.app, ...(plan.workload ? { workload: { kind: plan.workload.kind, name: plan.workload.name } } : {}) };
}

interface Decision { plan: Plan; snapshot: ClusterSnapshot; baselines: Readonly<Record<string, MetricReading>> }
/** first: the first look's views; fresh-history: the shared state afresh, the first look's workloads; fresh: both afresh. */
type Look = 'first' | 'fresh-history' | 'fresh';
interface RecordOptions { message?: string; verification?: AuditVerification; details?: Record<string, unknown>; skipState?: boolean }
type Recorder = (plan: Plan, outcome: Outcome, extra?: RecordOptions) => Promise<AuditRecord>;

async function actUnderLock(req: ExecuteRequest, deps: PipelineDeps, attempt: { id: string; actor: string }, result: ExecuteResult, record: Recorder,
  decideNow: (look: Look, around?: SnapshotScope['around']) => Promise<Decision>, first: Plan): Promise<ExecuteResult> {
  const changed = (p: Plan) => !mayExecute(p.mode) || p.mode !== first.mode || identity(p) !== identity(first);
  const refuse = (p: Plan) => record(p, 'blocked', { message: `stale: the re-check right before acting decided ${p.mode} (${p.modeReason}); nothing done` });
  // With a first look (serve), most refusals come from the shared state (another action started since):
  // it is read afresh first, with the first look's workloads, so such a refusal costs no namespace list.
  // Refusing on older workloads is safe; only the full re-check below can let the action through.
  // A pod action re-reads only what a decision on that pod depends on (its app's pods and their owners;
  // see SnapshotScope.around), which is as cheap as the early check, so that one is skipped.
  const around = aroundOf(first);
  if (deps.firstLook?.snapshot && !around) {
    const early = await decideNow('fresh-history');
    if (changed(early.plan)) {
      result.plan = early.plan;
      await refuse(early.plan);
      return result;
    }
  }
  // Re-read and re-decide right before acting: fail closed on anything that changed. For a pod action the
  // server-side dry run runs meanwhile: it changes nothing, and the pod's action is the same as long as
  // the re-decided plan is about the same pod (`changed` compares the pod's uid).
  const dryRunOf = (action: Plan['action']) => deps.writer.apply(action, { dryRun: true }).then(() => undefined, (err: unknown) => err as Error);
  const [fresh, alongside] = await Promise.all([decideNow('fresh', around), around ? dryRunOf(first.action) : undefined]);
  const plan = fresh.plan;
  result.plan = plan;
  if (changed(plan)) {
    await refuse(plan);
    return result;
  }
  const dryRun = around ? alongside : await dryRunOf(plan.action);
  if (dryRun) {
    await record(plan, 'error', { message: `server-side dry run refused: ${dryRun.message}` });
    return result;
  }
  if (isShadow(req)) {
    const asked = plan.mode === 'approval_required' && !req.approved ? ' after a human approval' : '';
    await record(plan, 'shadowed', { message: `shadow mode: would have run "${plan.action.description}"${asked}; the re-check and the server-side dry run passed; nothing done` });
    return result;
  }
  if (req.confirm && !(await req.confirm(plan))) {
    await record(plan, 'blocked', { message: 'declined at the confirmation prompt; nothing done' });
    return result;
  }
  const baseline = baselineFor(plan, fresh.snapshot);
  // The metrics' values at the re-decision right before acting are their baselines (`baseline` in their
  // conditions): the values the confirmation showed.
  const metricChecks = await prepareMetricChecks(deps.metrics, req.runbook, plan, fresh.baselines);
  const withMetrics = metricChecks.length > 0 ? { metrics: auditMetrics(metricChecks) } : {};
  // An action whose recovery cannot be measured would end unverifiable: fail closed before acting.
  const unmeasurable = metricChecks.filter((c) => c.baseline?.kind === 'error');
  if (unmeasurable.length > 0) {
    const why = unmeasurable.map((c) => `${c.metric.name}: ${c.baseline?.kind === 'error' ? c.baseline.message : ''}`).join('; ');
    await record(plan, 'blocked', { message: `verification metrics cannot be measured, so the result could not be verified; nothing done (${why})` });
    return result;
  }
  // Write-ahead to the shared state: if the process or the API server dies from here on, every other
  // actor (and a re-run) already sees this attempt and its cooldown. No record, no action (fail closed).
  try {
    await deps.state.record(auditRecordFor(plan, 'executed', { ...attempt, time: deps.clock.now(), message: `acting: ${plan.action.description}` }));
  } catch (err) {
    await record(plan, 'error', { message: `shared state could not be updated, so nothing was done: ${(err as Error).message}`, skipState: true });
    return result;
  }
  try {
    result.action = await deps.writer.apply(plan.action, { dryRun: false });
  } catch (err) {
    await record(plan, 'error', { message: `action failed: ${(err as Error).message}` });
    return result;
  }
  const actedAt = deps.clock.now().getTime();
  // The executed record carries what a later `remediator verify --audit-id` needs to check again.
  await record(plan, 'executed', { message: result.action.summary, details: result.action.details, verification: { plan: plan.verification, workload: plan.workload, baseline, ...withMetrics }, skipState: true });
  deps.onProgress?.(`executed: ${result.action.summary}; verifying (up to ${plan.verification.timeoutSeconds}s)`);
  const combined = await verifyWithMetrics(deps.reader, deps.metrics, plan, baseline, metricChecks,
    { now: () => deps.clock.now().getTime(), ...(deps.sleep ? { sleep: deps.sleep } : {}), onProgress: deps.onProgress, onSample: deps.onMetricSample });
  const verification = combined.cluster;
  result.verification = verification;
  if (metricChecks.length > 0) result.metricChecks = combined.metrics;
  const summary = {
    ...verificationSummary(verification), status: combined.status,
    ...(metricChecks.length > 0 ? { metrics: auditMetrics(metricChecks, combined.metrics) } : {}),
  };
  if (summary.metrics && plan.metricChecks) result.metricRows = rowsWithResults(plan.metricChecks, summary.metrics);
  const metricText = combined.metrics.map((m) => `${m.name} ${m.status}: ${m.reason ?? ''}`).join('; ');
  const also = metricText ? `; ${metricText}` : '';
  if (combined.status === 'verified') {
    const seconds = ((deps.clock.now().getTime() - actedAt) / 1000).toFixed(1);
    await record(plan, 'verified', { message: `verified ${seconds}s after the action: ${verification.state?.checks.map((c) => c.detail).join('; ')}${also}`, verification: summary });
    return result;
  }
  if (combined.status === 'unobservable') {
    const why = verification.status === 'unobservable' ? `could not observe the cluster during verification: ${verification.error}` : `could not observe the metrics: ${metricText}`;
    await record(plan, 'error', { message: `${why}; the action was executed and is not repeated`, verification: summary });
    return result;
  }
  if (combined.status === 'inconclusive') {
    // Neither recovery nor failure was shown: no rollback, and not a breaker failure; a human decides.
    await record(plan, 'verification_inconclusive', { message: `verification inconclusive (${metricText}); not rolled back; escalate: ${plan.escalation.onVerificationFailure}`, verification: summary });
    return result;
  }
  await record(plan, 'verification_failed', { message: `verification failed within ${plan.verification.timeoutSeconds}s${also}; escalate: ${plan.escalation.onVerificationFailure}`, verification: summary });
  const rolled = await rollBack(plan, result.action, deps.writer);
  if (rolled) await record(plan, rolled.ok ? 'rolled_back' : 'error', { message: rolled.message });
  return result;
}
