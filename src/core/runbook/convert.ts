// Converts a self-healing `remediation_policy:` (incident_type, confidence_threshold, ...) into a RemediationRunbook. Fields the policy lacks
// (owner, risk, scope, sometimes the action) become null placeholders that fail validation until
// a human fills them in; every mapping is explained in `notes` and as a comment in the YAML.
import { isMap, isScalar, type Document, type Pair } from 'yaml';
import { Document as YamlDocument } from 'yaml';
import { RUNBOOK_API_VERSION, RUNBOOK_KIND, type Runbook } from '../model/runbook';
import { ZERO_RANGE, diagnostic } from './diagnostics';
import { inferAction } from './convertInfer';
import { parseDuration } from './durations';
import { parseRunbook, parseRunbooks } from './parse';
import { POLICY_FIELD_MAPPING, POLICY_KEY, isPolicyDocument } from './policyShape';
import { Locator } from './positions';
import type { Diagnostic } from './types';
import { readYaml } from './yamlRead';

export interface ConvertResult {
  /** The RemediationRunbook YAML, with a comment on each mapped field. */
  yaml?: string;
  /** Present only if the converted runbook already validates (placeholders usually prevent it). */
  runbook?: Runbook;
  /** One line per mapping decision, for the person finishing the runbook. */
  notes: string[];
  /** Problems in the policy itself (located in the input). */
  diagnostics: Diagnostic[];
}

type Path = (string | number)[];
type Policy = Record<string, unknown>;

interface Draft {
  runbook: Record<string, unknown>;
  comments: [Path, string][];
  notes: string[];
  diagnostics: Diagnostic[];
}

const FILL_IN = 'FILL IN:';

function dnsName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 253) || 'converted-policy';
}

function durationField(policy: Policy, field: string, locator: Locator, draft: Draft): number | undefined {
  if (!(field in policy)) return undefined;
  const parsed = parseDuration(policy[field]);
  if (parsed.ok) return parsed.seconds;
  draft.diagnostics.push(diagnostic('error', 'convert', 'policy-bad-duration', `${field}: ${parsed.message}`,
    locator.valueRange([POLICY_KEY, field]), [POLICY_KEY, field]));
  return undefined;
}

function explain(draft: Draft, path: Path, comment: string, note?: string): void {
  draft.comments.push([path, comment]);
  if (note) draft.notes.push(note);
}

function buildSpec(policy: Policy, locator: Locator, draft: Draft): Record<string, unknown> {
  const incident = typeof policy.incident_type === 'string' ? policy.incident_type : undefined;
  const signal = policy.detection_signal;
  const inferred = inferAction(incident);
  const autoExecute = policy.auto_execute === true;
  const maxAttempts = typeof policy.max_attempts === 'number' && policy.max_attempts >= 1 ? Math.floor(policy.max_attempts) : undefined;
  const cooldownSeconds = durationField(policy, 'cooldown_after_action', locator, draft);
  const windowSeconds = durationField(policy, 'verification_window', locator, draft);
  const channel = typeof policy.escalation_channel === 'string' ? policy.escalation_channel : null;
  const rollbackIfFailed = policy.rollback_if_failed === true;
  const guardrails: Record<string, unknown> = {};
  if (maxAttempts !== undefined) {
    guardrails.maxExecutionsPerHour = maxAttempts;
    guardrails.circuitBreaker = { failureThreshold: maxAttempts, windowMinutes: 60 };
  }
  if (cooldownSeconds !== undefined) guardrails.cooldownMinutes = Math.ceil(cooldownSeconds / 60);
  const timeoutSeconds = windowSeconds === undefined ? 300 : Math.min(3600, Math.max(1, windowSeconds));
  draft.notes.push(inferred.note);
  return {
    intent: incident ? `Remediate ${incident} (converted from a remediation_policy; rewrite as one sentence of intent).` : null,
    owner: null,
    risk: null,
    decisionMode: autoExecute ? 'auto_execute' : 'approval_required',
    triggers: {
      symptoms: Array.isArray(signal) ? signal : signal === undefined ? null : [signal],
      probableCauses: incident ? [incident] : [],
      minimumConfidence: typeof policy.confidence_threshold === 'number' ? policy.confidence_threshold : 0.8,
    },
    scope: { allowedNamespaces: null, requiredLabels: { 'remediator.kubedojo.io/enabled': 'true' } },
    guardrails,
    action: inferred.action,
    verification: { checks: inferred.checks, timeoutSeconds, ...(windowSeconds !== undefined ? { metrics: [windowMetric(timeoutSeconds)] } : {}) },
    rollback: {
      type: rollbackIfFailed ? inferred.rollback : 'manual',
      notes: rollbackIfFailed ? 'Converted from rollback_if_failed: true.' : 'The policy did not ask for a rollback; a human decides.',
    },
    escalation: { onGuardrailFailure: channel, onVerificationFailure: channel },
  };
}

/** Samples needed in a row before the window's metric counts as recovered. */
const WINDOW_COUNT = 3;

/**
 * The policy's verification_window ("check error rate in this window") as a verification metric: the query
 * is a null placeholder (the policy names no metric), so the runbook fails validation until a human writes
 * it. The schedule fits the window: a settle delay on long windows, then samples so that WINDOW_COUNT in a
 * row, and a couple more, fit before the timeout.
 */
function windowMetric(timeoutSeconds: number): Record<string, unknown> {
  const delay = timeoutSeconds > 60 ? 30 : 0;
  const interval = Math.min(60, Math.max(1, Math.floor((timeoutSeconds - delay) / (WINDOW_COUNT + 1))));
  return {
    name: 'error-ratio', query: null,
    successCondition: 'result < 0.01', failureCondition: 'result > baseline * 1.2',
    initialDelay: `${delay}s`, interval: `${interval}s`, count: WINDOW_COUNT, failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
  };
}

const WINDOW_QUERY_EXAMPLE = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[5m]))';

const s = (path: Path): Path => ['spec', ...path];

/** Fields the policy has no equivalent for: null placeholders that fail validation. */
function explainPlaceholders(draft: Draft): void {
  explain(draft, s(['owner']), `${FILL_IN} the team that owns this runbook`, 'owner: FILL IN (the policy has no owner)');
  explain(draft, s(['risk']), `${FILL_IN} low, medium or high`, 'risk: FILL IN (the policy has no risk)');
  explain(draft, s(['scope', 'allowedNamespaces']), `${FILL_IN} the namespaces this runbook may act in`,
    'scope.allowedNamespaces: FILL IN (the policy has no scope); requiredLabels defaults to the opt-in label remediator.kubedojo.io/enabled: "true"');
}

function explainTriggers(policy: Policy, draft: Draft): void {
  const value = (field: string) => JSON.stringify(policy[field]);
  if ('incident_type' in policy) {
    explain(draft, ['metadata', 'name'], `from incident_type: ${value('incident_type')}`, `incident_type ${value('incident_type')} -> metadata.name and spec.triggers.probableCauses`);
    explain(draft, s(['triggers', 'probableCauses']), 'from incident_type');
  }
  if ('detection_signal' in policy) explain(draft, s(['triggers', 'symptoms']), 'from detection_signal', `detection_signal ${value('detection_signal')} -> spec.triggers.symptoms`);
  else explain(draft, s(['triggers', 'symptoms']), `${FILL_IN} the symptoms that trigger this runbook`, 'triggers.symptoms: FILL IN (no detection_signal)');
  explain(draft, s(['decisionMode']), `from auto_execute: ${value('auto_execute') ?? 'missing'}`,
    `auto_execute ${value('auto_execute') ?? '(missing)'} -> decisionMode ${policy.auto_execute === true ? 'auto_execute' : 'approval_required'}`);
  explain(draft, s(['triggers', 'minimumConfidence']), 'confidence_threshold' in policy ? `from confidence_threshold: ${value('confidence_threshold')}` : 'default (no confidence_threshold)',
    'confidence_threshold' in policy ? `confidence_threshold ${value('confidence_threshold')} -> spec.triggers.minimumConfidence` : undefined);
}

function explainSafety(policy: Policy, draft: Draft): void {
  const value = (field: string) => JSON.stringify(policy[field]);
  if ('max_attempts' in policy) {
    explain(draft, s(['guardrails', 'maxExecutionsPerHour']), `from max_attempts: ${value('max_attempts')}`,
      `max_attempts ${value('max_attempts')} -> guardrails.maxExecutionsPerHour and circuitBreaker.failureThreshold (window 60 minutes)`);
    explain(draft, s(['guardrails', 'circuitBreaker']), 'from max_attempts: stop after this many failed verifications within the window');
  }
  if ('cooldown_after_action' in policy) explain(draft, s(['guardrails', 'cooldownMinutes']), `from cooldown_after_action: ${value('cooldown_after_action')}`, `cooldown_after_action ${value('cooldown_after_action')} -> guardrails.cooldownMinutes`);
  explain(draft, s(['verification', 'timeoutSeconds']), 'verification_window' in policy ? `from verification_window: ${value('verification_window')}` : 'default (no verification_window)',
    'verification_window' in policy ? `verification_window ${value('verification_window')} -> verification.timeoutSeconds and verification.metrics (FILL IN its query)` : undefined);
  if ('verification_window' in policy) {
    explain(draft, s(['verification', 'metrics']), `from verification_window: ${value('verification_window')}: the error rate must recover within it`);
    explain(draft, s(['verification', 'metrics', 0, 'query']), `${FILL_IN} the PromQL of the error ratio, e.g. ${WINDOW_QUERY_EXAMPLE}`,
      'verification.metrics[0].query: FILL IN (the policy names no metric); successCondition result < 0.01 is a guess: use your alert threshold');
  }
  explain(draft, s(['rollback', 'type']), `from rollback_if_failed: ${value('rollback_if_failed') ?? 'missing'}`,
    `rollback_if_failed ${value('rollback_if_failed') ?? '(missing)'} -> rollback.type; verification failures escalate to escalation.onVerificationFailure`);
  explain(draft, s(['escalation']), 'escalation_channel' in policy ? `from escalation_channel: ${value('escalation_channel')}` : `${FILL_IN} where failures escalate`,
    'escalation_channel' in policy ? `escalation_channel ${value('escalation_channel')} -> escalation.onGuardrailFailure and onVerificationFailure` : 'escalation: FILL IN (no escalation_channel)');
  for (const field of Object.keys(policy).filter((f) => !Object.hasOwn(POLICY_FIELD_MAPPING, f))) draft.notes.push(`${field}: no RemediationRunbook equivalent; dropped`);
}

function pairAt(document: Document, path: Path): Pair | undefined {
  const parent = document.getIn(path.slice(0, -1), true);
  return isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) as Pair | undefined : undefined;
}

function emit(draft: Draft): string {
  const document = new YamlDocument(draft.runbook);
  document.commentBefore = ' Converted by "remediator convert" from a remediation_policy. Fill in every FILL IN, then run "remediator validate".';
  for (const [path, comment] of draft.comments) {
    const pair = pairAt(document, path);
    if (!pair) continue;
    if (isScalar(pair.value)) pair.value.comment = ` ${comment}`;
    else if (isScalar(pair.key)) pair.key.commentBefore = ` ${comment}`;
  }
  return document.toString({ lineWidth: 0 });
}

/** Converts the first remediation_policy in `text`. Never throws. */
export function convertPolicy(text: string): ConvertResult {
  try {
    return convert(text);
  } catch (err) {
    const message = `could not convert the policy: ${err instanceof Error ? err.message : String(err)}`;
    return { notes: [], diagnostics: [diagnostic('error', 'convert', 'internal-error', message, ZERO_RANGE)] };
  }
}

/**
 * What `remediator validate` says about reading the file (size, nesting, documents, YAML syntax, duplicate
 * keys, aliases), from the same reader: convert refuses exactly the files validate refuses.
 */
function readingErrors(text: string): Diagnostic[] {
  return parseRunbooks(text, { lint: false }).diagnostics.filter((d) => d.source === 'yaml' && d.severity === 'error');
}

function convert(text: string): ConvertResult {
  const refused = readingErrors(text);
  if (refused.length > 0) return { notes: [], diagnostics: refused };
  const read = readYaml(text);
  const document = read.documents.find((d) => isPolicyDocument(d.toJS({ maxAliasCount: 100 })));
  if (read.problem || !document) {
    return { notes: [], diagnostics: [diagnostic('error', 'convert', 'no-policy', 'no remediation_policy: mapping found to convert', ZERO_RANGE)] };
  }
  const locator = new Locator(read.lineCounter, document);
  const policy = (document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>)[POLICY_KEY];
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    return { notes: [], diagnostics: [diagnostic('error', 'convert', 'no-policy', 'remediation_policy must be a mapping', locator.valueRange([POLICY_KEY]))] };
  }
  const fields = policy as Policy;
  const draft: Draft = { runbook: {}, comments: [], notes: [], diagnostics: [] };
  const name = typeof fields.incident_type === 'string' ? dnsName(fields.incident_type) : 'converted-policy';
  draft.runbook = { apiVersion: RUNBOOK_API_VERSION, kind: RUNBOOK_KIND, metadata: { name }, spec: buildSpec(fields, locator, draft) };
  explainPlaceholders(draft);
  explainTriggers(fields, draft);
  explainSafety(fields, draft);
  const yaml = emit(draft);
  const { runbook } = parseRunbook(yaml, { lint: false });
  return { yaml, ...(runbook ? { runbook } : {}), notes: draft.notes, diagnostics: draft.diagnostics };
}
