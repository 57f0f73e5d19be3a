// The would-be decision for every pod marked for restart, as the workloads tree shows it: each runbook
// whose scope names the pod's namespace decides for the pod alone, exactly as a dry run of that pod
// would (the same engine, incident and inputs), so the tree and the dry-run panel agree.
import type { EngineSettings } from '../guardrails/types';
import type { ClusterSnapshot } from '../k8s/types';
import type { AuditRecord, PlanMode } from '../model/audit';
import type { Runbook } from '../model/runbook';
import { decisionContext, decideTarget, type DecisionContext } from './decide';
import { decisionSummary } from './decisionSummary';
import { DEFAULT_SETTINGS } from '../guardrails/types';
import { HistoryView } from './history';
import { markedPods } from './targets';

export interface PodDecision {
  runbook: string;
  mode: PlanMode;
  /** decisionSummary of the plan: "auto_execute", "abort: replica floor 2". */
  summary: string;
  modeReason: string;
}

export interface PodDecisionsInput {
  snapshot: ClusterSnapshot;
  runbooks: readonly Runbook[];
  /** The shared history of each runbook (by metadata.name), as the dry run reads it. */
  history: (runbook: string) => readonly AuditRecord[];
  now: Date;
  settings?: Partial<EngineSettings>;
  /** Only pods in these namespaces (default: every namespace of the snapshot). */
  namespaces?: readonly string[];
}

/** The runbooks a dry run of a pod in `namespace` offers (the dry-run command prefers these too). */
export function runbooksForNamespace(runbooks: readonly Runbook[], namespace: string): Runbook[] {
  return runbooks.filter((r) => r.spec.scope.allowedNamespaces.includes(namespace));
}

export const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Per marked pod (podKey): one decision per runbook of its namespace, in the runbooks' order. */
export function markedPodDecisions(input: PodDecisionsInput): Map<string, PodDecision[]> {
  if (input.runbooks.length === 0) return new Map();
  const settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const contexts = new Map<string, DecisionContext>();
  const out = new Map<string, PodDecision[]>();
  // One index for every runbook: the contexts differ only in runbook and history.
  const shared = decisionContext({ runbook: input.runbooks[0], snapshot: input.snapshot, now: input.now, settings });
  for (const pod of markedPods(shared.index, settings, input.namespaces)) {
    const namespace = pod.metadata.namespace ?? '';
    const decisions: PodDecision[] = [];
    for (const runbook of runbooksForNamespace(input.runbooks, namespace)) {
      let ctx = contexts.get(runbook.metadata.name);
      if (!ctx) {
        ctx = { ...shared, runbook, history: new HistoryView([...input.history(runbook.metadata.name)]) };
        contexts.set(runbook.metadata.name, ctx);
      }
      // No incident given: the engine's own for a marked pod (a manual restart recommendation), as the
      // dry-run command prefills it.
      const plan = decideTarget(ctx, { namespace, kind: 'Pod', name: pod.metadata.name });
      decisions.push({ runbook: runbook.metadata.name, mode: plan.mode, summary: decisionSummary(plan, runbook), modeReason: plan.modeReason });
    }
    if (decisions.length > 0) out.set(podKey(namespace, pod.metadata.name), decisions);
  }
  return out;
}

/** What a list shows: the one runbook's summary, or "name: summary · name: summary". */
export function podDecisionText(decisions: readonly PodDecision[] | undefined): string | undefined {
  if (!decisions || decisions.length === 0) return undefined;
  if (decisions.length === 1) return decisions[0].summary;
  return decisions.map((d) => `${d.runbook}: ${d.summary}`).join(' · ');
}

/** A workload row: "1 marked: auto_execute", "2 marked: auto_execute, abort: replica floor 2"; none marked: undefined. */
export function markedPodsSummary(pods: readonly (readonly PodDecision[] | undefined)[]): string | undefined {
  const decided = pods.filter((d): d is readonly PodDecision[] => d !== undefined && d.length > 0);
  if (decided.length === 0) return undefined;
  const texts = [...new Set(decided.map((d) => podDecisionText(d)))];
  return `${decided.length} marked: ${texts.join(', ')}`;
}
