// Messages between the extension host and the dry-run panel webview, both ways, with runtime guards.
// Plain serialisable data only: the webview never sees engine objects, and it validates what it gets.
import { isHelmPlanView, type HelmPlanView } from './helm';
import { isMetricCheckView, isMetricChecksDrawn, isMetricSampleView, type MetricCheckView, type MetricChecksDrawn, type MetricSampleView } from './metricChecks';

export type { MetricCheckView, MetricChecksDrawn, MetricSampleView } from './metricChecks';
export type { HelmPlanView, HelmRevisionView } from './helm';

export type VerdictStatusView = 'pass' | 'fail' | 'error' | 'skip';

export interface PlanView {
  source: 'live' | 'simulated';
  runbook: string;
  target: string;
  workload?: string;
  context?: string;
  mode: string;
  /** The decision in a few words, worded as the workloads tree words it: "auto_execute", "abort: replica floor 2". */
  decision?: string;
  modeReason: string;
  sentence: string;
  incident: { id: string; symptom: string; probableCause?: string; confidence: number };
  currentState: string;
  verdicts: { guardrail: string; status: VerdictStatusView; reason: string }[];
  action: { description: string; equivalentCommand: string; mutating: boolean };
  verification: { checks: string[]; timeoutSeconds: number };
  /** The metric preconditions and verification metrics, with their live values (absent: the runbook has none). */
  metrics?: MetricCheckView[];
  rollback: { description: string; risk: string; notes?: string };
  /** helmRollback with a chosen target revision: the release's current and proposed revisions. */
  helm?: HelmPlanView;
  escalation: string[];
  access: { permission: string; allowed: boolean; reason?: string }[];
  /** The approval payload, pretty-printed, when the mode is approval_required. */
  approval?: string;
  outcome?: string;
  outcomeMessage?: string;
  /** Whether the Execute button is offered, and if not, why. */
  execute: { enabled: boolean; reason?: string };
}

export interface HostToWebview {
  plan: { type: 'plan'; view: PlanView };
  progress: { type: 'progress'; text: string };
  /** A verification sample of the metric `metric`, as it is taken. */
  sample: { type: 'sample'; metric: string; sample: MetricSampleView };
}
export type HostMessage = HostToWebview[keyof HostToWebview];

export interface WebviewToHost {
  ready: { type: 'ready' };
  execute: { type: 'execute' };
  refresh: { type: 'refresh' };
  /** Open the values and manifests of the plan's two Helm revisions in diff editors. */
  compareRevisions: { type: 'compareRevisions' };
  /** Sent after each render, with what was drawn (tests assert on it). */
  rendered: { type: 'rendered'; mode: string; verdicts: number; checks: number; access: number; approval: boolean; metrics: MetricChecksDrawn;
    /** The Helm revisions drawn (current, proposed), when the plan is a Helm rollback. */
    helmRevisions?: [number, number] };
  /** Sent after a streamed sample is drawn, with what the metric checks now show. */
  sampled: { type: 'sampled'; metric: string; metrics: MetricChecksDrawn };
}
export type WebviewMessage = WebviewToHost[keyof WebviewToHost];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArrayOf = <T>(v: unknown, item: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every(item);
const STATUSES: readonly string[] = ['pass', 'fail', 'error', 'skip'];

/** Validates a message from the webview (never trusted: the page could be anything). */
export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isObject(v) || !isString(v.type)) return false;
  switch (v.type) {
    case 'ready': case 'execute': case 'refresh': case 'compareRevisions': return true;
    case 'rendered':
      return isString(v.mode) && isNumber(v.verdicts) && isNumber(v.checks) && isNumber(v.access) && typeof v.approval === 'boolean'
        && isMetricChecksDrawn(v.metrics)
        && (v.helmRevisions === undefined || (isArrayOf(v.helmRevisions, isNumber) && v.helmRevisions.length === 2));
    case 'sampled': return isString(v.metric) && isMetricChecksDrawn(v.metrics);
    default: return false;
  }
}

function isVerdictView(v: unknown): v is PlanView['verdicts'][number] {
  return isObject(v) && isString(v.guardrail) && isString(v.status) && STATUSES.includes(v.status) && isString(v.reason);
}

function isAccessView(v: unknown): v is PlanView['access'][number] {
  return isObject(v) && isString(v.permission) && typeof v.allowed === 'boolean';
}

export function isPlanView(v: unknown): v is PlanView {
  if (!isObject(v)) return false;
  const inc = v.incident, action = v.action, ver = v.verification, rb = v.rollback, ex = v.execute;
  return (v.source === 'live' || v.source === 'simulated') && isString(v.runbook) && isString(v.target) && isString(v.mode)
    && isString(v.modeReason) && isString(v.sentence) && isString(v.currentState)
    && isObject(inc) && isString(inc.id) && isString(inc.symptom) && isNumber(inc.confidence)
    && isArrayOf(v.verdicts, isVerdictView)
    && isObject(action) && isString(action.description) && isString(action.equivalentCommand)
    && isObject(ver) && isArrayOf(ver.checks, isString) && isNumber(ver.timeoutSeconds)
    && (v.metrics === undefined || isArrayOf(v.metrics, isMetricCheckView))
    && isObject(rb) && isString(rb.description) && isString(rb.risk)
    && (v.helm === undefined || isHelmPlanView(v.helm))
    && isArrayOf(v.escalation, isString) && isArrayOf(v.access, isAccessView)
    && (v.approval === undefined || isString(v.approval)) && (v.decision === undefined || isString(v.decision))
    && isObject(ex) && typeof ex.enabled === 'boolean';
}

/** Validates a message from the host (the webview checks before rendering). */
export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObject(v) || !isString(v.type)) return false;
  switch (v.type) {
    case 'plan': return isPlanView(v.view);
    case 'progress': return isString(v.text);
    case 'sample': return isString(v.metric) && isMetricSampleView(v.sample);
    default: return false;
  }
}
