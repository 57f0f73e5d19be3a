// Semantic lint: runbooks that are valid but probably not what the owner meant, or not safe enough
// for their decision mode. Each rule is a small function over the typed Runbook.
import { ACTIONS, checkMismatch, descriptor, isMutating, isPodActionType } from '../actions';
import type { Runbook } from '../model/runbook';
import { ZERO_RANGE, diagnostic } from './diagnostics';
import type { Diagnostic, Range, Severity } from './types';

type Path = (string | number)[];

/** Where lint diagnostics point; the Locator of a parsed document implements it. */
export interface RangeFinder {
  keyRange(path: Path): Range;
  valueRange(path: Path): Range;
}

const NO_RANGES: RangeFinder = { keyRange: () => ZERO_RANGE, valueRange: () => ZERO_RANGE };

interface Finding { code: string; message: string; path: Path; at: 'key' | 'value'; severity?: Severity }
type Rule = (runbook: Runbook) => Finding[];

const SPEC = 'spec';
export { isMutating } from '../actions';

/** The action path to point at: the structured field, or the command string that holds it. */
function actionPath(runbook: Runbook, field: string): Path {
  return runbook.spec.actionCommand !== undefined ? [SPEC, 'action', 'command'] : [SPEC, 'action', field];
}

const autoExecuteHighRisk: Rule = ({ spec }) => spec.decisionMode === 'auto_execute' && spec.risk === 'high' && isMutating(spec.action)
  ? [{ code: 'auto-execute-high-risk', at: 'value', path: [SPEC, 'decisionMode'],
    message: 'a high-risk runbook should not auto_execute; use approval_required so a human approves each action' }]
  : [];

// Verification metrics are checks too: with one, verification can fail.
const verificationWithoutChecks: Rule = ({ spec }) => spec.verification.checks.length === 0 && (spec.verification.metrics ?? []).length === 0 && isMutating(spec.action)
  ? [{ code: 'verification-no-checks', at: 'value', path: [SPEC, 'verification', 'checks'],
    message: 'verification has no checks, so it can never fail and a broken fix goes unnoticed; add at least one check' }]
  : [];

const cooldownLimitsRate: Rule = ({ spec }) => {
  const { cooldownMinutes, maxExecutionsPerHour } = spec.guardrails;
  if (!cooldownMinutes || !maxExecutionsPerHour) return [];
  const reachable = Math.floor(60 / cooldownMinutes);
  return reachable < maxExecutionsPerHour
    ? [{ code: 'cooldown-limits-rate', at: 'value', path: [SPEC, 'guardrails', 'maxExecutionsPerHour'],
      message: `with cooldownMinutes ${cooldownMinutes}, one workload can be acted on at most ${reachable} time${reachable === 1 ? '' : 's'} an hour, `
        + `fewer than maxExecutionsPerHour ${maxExecutionsPerHour}` }]
    : [];
};

const rollbackFitsAction: Rule = ({ spec }) => {
  const fitting = ACTIONS[spec.action.type].rollbacks;
  return fitting.includes(spec.rollback.type) ? [] : [{
    code: 'rollback-mismatch', at: 'value', path: [SPEC, 'rollback', 'type'],
    message: `rollback type ${spec.rollback.type} does not undo a ${spec.action.type} action; use ${fitting.join(' or ')}`,
  }];
};

const scopeWithoutNamespaces: Rule = ({ spec }) => spec.scope.allowedNamespaces.length === 0
  ? [{ code: 'scope-no-namespaces', at: 'value', path: [SPEC, 'scope', 'allowedNamespaces'],
    message: 'allowedNamespaces is empty, so this runbook can never act anywhere; list the namespaces it may act in' }]
  : [];

const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
const scopeSystemNamespace: Rule = ({ spec }) => spec.scope.allowedNamespaces.flatMap((namespace, index) =>
  SYSTEM_NAMESPACES.includes(namespace)
    ? [{ code: 'scope-system-namespace', at: 'value' as const, path: [SPEC, 'scope', 'allowedNamespaces', index],
      message: `${namespace} holds the cluster's own components; a remediation runbook should not act there` }]
    : []);

const checksFitAction: Rule = ({ spec }) => spec.verification.checks.flatMap((check, index) => {
  const reason = checkMismatch(check, spec.action);
  return reason ? [{ code: 'verification-check-mismatch', at: 'value' as const, path: [SPEC, 'verification', 'checks', index],
    message: `verification check ${check} does not fit the action: ${reason}` }] : [];
});

const autoExecuteSafety: Rule = ({ spec }) => {
  if (spec.decisionMode !== 'auto_execute') return [];
  const findings: Finding[] = [];
  if (Object.keys(spec.scope.requiredLabels ?? {}).length === 0) {
    findings.push({ code: 'auto-execute-without-opt-in', at: 'key', path: [SPEC, 'scope', 'requiredLabels'],
      message: 'auto_execute with no requiredLabels acts on every workload in scope; require an opt-in label such as remediator.kubedojo.io/enabled: "true"' });
  }
  const { maxExecutionsPerHour, cooldownMinutes } = spec.guardrails;
  if (!maxExecutionsPerHour && !cooldownMinutes) {
    findings.push({ code: 'auto-execute-without-rate-limit', at: 'key', path: [SPEC, 'guardrails'],
      message: 'auto_execute with neither maxExecutionsPerHour nor cooldownMinutes can repeat the action without limit; set at least one' });
  }
  if (spec.triggers.minimumConfidence === 0) {
    findings.push({ code: 'auto-execute-zero-confidence', at: 'value', path: [SPEC, 'triggers', 'minimumConfidence'],
      message: 'minimumConfidence 0 with auto_execute acts on any diagnosis, however unsure; raise it (the seed uses 0.8)' });
  }
  return findings;
};

const podActionWithoutReplicaGuard: Rule = ({ spec }) => {
  const podAction = isPodActionType(spec.action.type);
  const acts = spec.decisionMode === 'auto_execute' || spec.decisionMode === 'approval_required';
  const floor = spec.guardrails.minimumReadyReplicasWithSameApp;
  if (!podAction || !acts) return [];
  if (floor === undefined) {
    return [{ code: 'pod-action-without-replica-guard', at: 'key', path: [SPEC, 'guardrails'],
      message: `nothing stops ${spec.action.type} from removing the last Ready replica; set minimumReadyReplicasWithSameApp (the seed uses 2)` }];
  }
  // 0 is valid (no floor, e.g. for scaling to zero) but on a pod action it is the same as no guard.
  return floor === 0
    ? [{ code: 'pod-action-without-replica-guard', at: 'value', path: [SPEC, 'guardrails', 'minimumReadyReplicasWithSameApp'],
      message: `minimumReadyReplicasWithSameApp 0 sets no floor, so ${spec.action.type} may remove the last Ready replica; the seed uses 2` }]
    : [];
};

/** The action's own lint rules (its descriptor's), pointed at the field or at the command that holds it. */
const actionRules: Rule = (runbook) => descriptor(runbook.spec.action.type).lint(runbook.spec.action, runbook.spec.decisionMode)
  .map((f) => ({ code: f.code, at: f.at, path: actionPath(runbook, f.field), message: f.message, ...(f.severity ? { severity: f.severity } : {}) }));

const manualModeMutating: Rule = ({ spec }) => spec.decisionMode === 'manual' && isMutating(spec.action)
  ? [{ code: 'manual-mode-mutating-action', at: 'value', path: [SPEC, 'decisionMode'], severity: 'info',
    message: `decisionMode manual only shows this runbook to a human; the engine never runs its ${spec.action.type} action` }]
  : [];

export const LINT_RULES: readonly Rule[] = [
  autoExecuteHighRisk, verificationWithoutChecks, cooldownLimitsRate, rollbackFitsAction, scopeWithoutNamespaces,
  scopeSystemNamespace, checksFitAction, autoExecuteSafety, podActionWithoutReplicaGuard, actionRules, manualModeMutating,
];

/** Lint findings as diagnostics (warnings unless a rule says otherwise), located with `ranges`. */
export function lintRunbook(runbook: Runbook, ranges: RangeFinder = NO_RANGES): Diagnostic[] {
  return LINT_RULES.flatMap((rule) => rule(runbook)).map((finding) => diagnostic(
    finding.severity ?? 'warning', 'lint', finding.code, finding.message,
    finding.at === 'key' ? ranges.keyRange(finding.path) : ranges.valueRange(finding.path), finding.path));
}
