// The would-be decision for every firing alert that a runbook answers, as the workloads tree shows it.
// The alert is read exactly as `remediator serve` reads it (alertStep: the same runbook matching and the
// same incident and target from the labels), and each matching runbook decides with the same engine a
// marked pod's decision uses, on the informer snapshot. So the tree and serve agree on what an alert
// would lead to. Alerts whose target is not in the snapshot, or that no runbook answers, show nothing.
import { alertStep } from '../alerts/intake';
import type { Alert } from '../alerts/payload';
import type { EngineSettings } from '../guardrails/types';
import { DEFAULT_SETTINGS } from '../guardrails/types';
import type { SnapshotIndex } from '../k8s/snapshotIndex';
import type { ClusterSnapshot } from '../k8s/types';
import type { AuditRecord, PlanMode, TargetRef } from '../model/audit';
import type { Runbook } from '../model/runbook';
import { decisionContext, decideTarget, type DecisionContext } from './decide';
import { decisionSummary } from './decisionSummary';
import { HistoryView } from './history';
import { podKey } from './podDecisions';

/** At most this many alerts are decided per call: Alertmanager may hold thousands; the rest are counted. */
export const MAX_DECIDED_ALERTS = 500;

export interface AlertDecision {
  /** The alert's alertname label ("(without alertname)" cannot happen: only matched alerts are decided). */
  alertname: string;
  /** serve's incident id for the alert (fingerprint@startsAt). */
  incident: string;
  runbook: string;
  /** The target the labels name, as serve would pass it to the engine. */
  target: TargetRef;
  mode: PlanMode;
  /** decisionSummary of the plan: "auto_execute", "abort: replica floor 2". */
  summary: string;
  modeReason: string;
}

export interface AlertDecisionsInput {
  snapshot: ClusterSnapshot;
  runbooks: readonly Runbook[];
  alerts: readonly Alert[];
  /** The shared history of each runbook (by metadata.name), as serve's pipeline reads it. */
  history: (runbook: string) => readonly AuditRecord[];
  now: Date;
  settings?: Partial<EngineSettings>;
  /** Only targets in these namespaces (default: every namespace). */
  namespaces?: readonly string[];
}

export interface AlertDecisions {
  /** By workloadKey (kind/namespace/name) of the Deployment or StatefulSet the target is or belongs to. */
  workloads: Map<string, AlertDecision[]>;
  /** By podKey, for alerts whose labels name a pod. */
  pods: Map<string, AlertDecision[]>;
  /** Alerts beyond MAX_DECIDED_ALERTS that were not looked at. */
  skipped: number;
}

export const workloadKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;

/** The workload row an alert's target belongs to, when the target is in the snapshot; undefined otherwise. */
function workloadOf(index: SnapshotIndex, target: TargetRef): { workload?: string; pod?: string } | undefined {
  if (target.kind === 'Pod') {
    const pod = index.pod(target.namespace, target.name);
    if (!pod) return undefined;
    const owner = index.ownerOfPod(pod);
    const w = owner.status === 'found' && owner.workload.kind !== 'ReplicaSet' ? owner.workload : undefined;
    return { pod: podKey(target.namespace, target.name), ...(w ? { workload: workloadKey(w.kind, target.namespace, w.object.metadata.name) } : {}) };
  }
  const found = target.kind === 'Deployment' ? index.deployment(target.namespace, target.name) : index.statefulSet(target.namespace, target.name);
  return found ? { workload: workloadKey(target.kind, target.namespace, target.name) } : undefined;
}

function push(map: Map<string, AlertDecision[]>, key: string | undefined, d: AlertDecision): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(d);
  else map.set(key, [d]);
}

/** Per workload and pod: one decision per (alert, matching runbook), alerts in the order given. */
export function alertDecisions(input: AlertDecisionsInput): AlertDecisions {
  const out: AlertDecisions = { workloads: new Map(), pods: new Map(), skipped: Math.max(0, input.alerts.length - MAX_DECIDED_ALERTS) };
  if (input.runbooks.length === 0 || input.alerts.length === 0) return out;
  const settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const wanted = input.namespaces && input.namespaces.length > 0 ? new Set(input.namespaces) : undefined;
  const shared = decisionContext({ runbook: input.runbooks[0], snapshot: input.snapshot, now: input.now, settings });
  const contexts = new Map<string, DecisionContext>();
  const seen = new Set<string>();
  for (const alert of input.alerts.slice(0, MAX_DECIDED_ALERTS)) {
    const step = alertStep(alert, input.runbooks);
    if (step.kind !== 'decide') continue;
    const { incident, target, alertname } = step.derived;
    // Alertmanager lists one alert once; a repeated incident id (a hostile or odd answer) is decided once.
    if (!target || alertname === undefined || seen.has(incident.id)) continue;
    seen.add(incident.id);
    if (wanted && !wanted.has(target.namespace)) continue;
    const rows = workloadOf(shared.index, target);
    if (!rows) continue;
    for (const runbook of step.runbooks) {
      let ctx = contexts.get(runbook.metadata.name);
      if (!ctx) {
        ctx = { ...shared, runbook, history: new HistoryView([...input.history(runbook.metadata.name)]) };
        contexts.set(runbook.metadata.name, ctx);
      }
      const plan = decideTarget(ctx, target, incident);
      const d: AlertDecision = { alertname, incident: incident.id, runbook: runbook.metadata.name, target, mode: plan.mode, summary: decisionSummary(plan, runbook), modeReason: plan.modeReason };
      push(out.workloads, rows.workload, d);
      push(out.pods, rows.pod, d);
    }
  }
  return out;
}

/** What a row shows: "alert KubePodCrashLooping: auto_execute", several joined with " · ". */
export function alertDecisionText(decisions: readonly AlertDecision[] | undefined): string | undefined {
  if (!decisions || decisions.length === 0) return undefined;
  // Several runbooks: each decision names its runbook, as a marked pod's list does.
  const named = new Set(decisions.map((d) => d.runbook)).size > 1;
  const texts = decisions.map((d) => `alert ${d.alertname}: ${named ? `${d.runbook}: ` : ''}${d.summary}`);
  return [...new Set(texts)].join(' · ');
}

/** A tooltip line: the alert, the runbook, the target and why the engine decided so. */
export function alertDecisionLine(d: AlertDecision): string {
  return `alert ${d.alertname} (${d.target.namespace}/${d.target.kind.toLowerCase()}/${d.target.name}), runbook ${d.runbook}: ${d.summary}: ${d.modeReason}`;
}
