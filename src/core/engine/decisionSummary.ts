// A plan's decision in a few words, for lists (the workloads tree) and the dry-run panel alike:
// "auto_execute", "approval", "suggest", "manual", "abort: replica floor 2". One function, so the tree
// and the panel can never word the same plan differently.
import type { PlanMode } from '../model/audit';
import type { GuardrailId, Verdict } from '../model/verdict';
import { blocks } from '../model/verdict';
import type { Runbook } from '../model/runbook';
import type { Plan } from './plan';

const MODE_WORDS: Record<PlanMode, string> = {
  auto_execute: 'auto_execute',
  approval_required: 'approval',
  suggest: 'suggest',
  manual: 'manual',
  abort: 'abort',
};

const num = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** "cooldown 10m", or "cooldown" when the runbook sets no number. */
function withLimit(words: string, limit: unknown, unit = ''): string {
  const n = num(limit);
  return n === undefined ? words : `${words} ${n}${unit}`;
}

/** The blocking guardrail in a few words, with the runbook's limit where it has one. */
const BLOCKER_WORDS: Partial<Record<GuardrailId, (v: Verdict, limits: Runbook['spec']['guardrails']) => string>> = {
  targetExists: () => 'target gone',
  killSwitch: () => 'kill switch',
  allowedNamespaces: () => 'namespace not allowed',
  requiredLabels: () => 'required labels missing',
  controllerOwner: () => 'no controller',
  blockingAnnotation: () => 'blocking annotation',
  stateFreshness: () => 'stale state',
  rolloutInProgress: () => 'rollout in progress',
  minimumReadyReplicasWithSameApp: (v, g) => withLimit('replica floor', v.evidence?.required ?? g.minimumReadyReplicasWithSameApp),
  podDisruptionBudget: () => 'disruption budget',
  cooldownMinutes: (_v, g) => withLimit('cooldown', g.cooldownMinutes, 'm'),
  maxExecutionsPerHour: (_v, g) => withLimit('rate limit', g.maxExecutionsPerHour, '/h'),
  maxConcurrentActions: (_v, g) => withLimit('concurrency', g.maxConcurrentActions),
  blastRadius: () => 'blast radius',
  circuitBreaker: () => 'circuit breaker open',
  metricPreconditions: () => 'metric precondition',
};

function blockerWords(v: Verdict, runbook: Runbook | undefined): string {
  const words = BLOCKER_WORDS[v.guardrail]?.(v, runbook?.spec.guardrails ?? {}) ?? v.guardrail;
  // "error" is "could not evaluate", never "unsafe": say which one it is.
  return v.status === 'error' ? `${words} (cannot evaluate)` : words;
}

/**
 * "auto_execute", "approval", "suggest", "manual", or "abort: <first blocking guardrail>[ +N more]".
 * An abort without a blocking verdict (a target that cannot be resolved) says "abort: target gone".
 */
export function decisionSummary(plan: Pick<Plan, 'mode' | 'verdicts'>, runbook?: Runbook): string {
  if (plan.mode !== 'abort') return MODE_WORDS[plan.mode];
  const blocking = plan.verdicts.filter(blocks);
  if (blocking.length === 0) return 'abort: target gone';
  const more = blocking.length > 1 ? ` +${blocking.length - 1} more` : '';
  return `abort: ${blockerWords(blocking[0], runbook)}${more}`;
}
