import { ACTIONS, isMutating } from '../actions';
import type { BlastRadius } from '../model/runbook';
import { defineGuardrail, describeWorkload, invalidLimit, invalidNow, isPodAction, plural, scaleTo, targetWorkload, verdict } from './common';
import type { GuardrailContext } from './types';

const id = 'blastRadius';

type Check = { ok: true; text: string; evidence: Record<string, unknown> }
  | { ok: false; status: 'fail' | 'error'; text: string; evidence: Record<string, unknown> };

function checkTargetsPerRun(ctx: GuardrailContext, max: number): Check {
  const acting = ctx.run.acting.length;
  const evidence = { actingInRun: acting, maxTargetsPerRun: max };
  if (acting + 1 > max) {
    return { ok: false, status: 'fail', text: `this run already acts on ${plural(acting, 'target')}; the runbook allows ${max} per run`, evidence };
  }
  return { ok: true, text: `this would be target ${acting + 1} of at most ${max} in this run`, evidence };
}

/** Desired replicas of the workload the action disrupts, and its name for the reason. */
function workloadSize(ctx: GuardrailContext): { desired: number; name: string } | { problem: string } {
  const lookup = targetWorkload(ctx.target);
  if (lookup.status === 'missing') return { problem: lookup.reason };
  if (lookup.status === 'none') return { desired: 1, name: `pod ${ctx.target.ref.name} (no workload)` };
  const spec = lookup.workload.object.spec as { replicas?: number } | undefined;
  return { desired: spec?.replicas ?? 1, name: describeWorkload(lookup.workload) };
}

/** How many replicas this action disrupts at once, counting this run's and in-flight pod actions on the same app. */
function disrupted(ctx: GuardrailContext, desired: number): { count: number; what: string } | { problem: string } {
  const action = ctx.runbook.spec.action;
  if (isPodAction(action)) {
    const { namespace } = ctx.target.ref;
    const app = ctx.target.app;
    const acting = ctx.run.podTargetsWithSameApp(namespace, app);
    const inFlight = ctx.history.inFlight(ctx.now, ctx.settings.inFlightWindowMs);
    if (!inFlight.ok) return { problem: `cannot count the pod actions in flight: ${inFlight.reason}` };
    const extra = acting + inFlight.view.podActionsWithApp(namespace, app);
    return { count: 1 + extra, what: extra > 0 ? `this pod plus ${extra} already being replaced` : 'this pod' };
  }
  if (ACTIONS[action.type].setsReplicas) {
    const next = scaleTo(action, desired);
    if (next === undefined) return { problem: 'the scale action names no replica count or step' };
    return { count: Math.abs(next - desired), what: `scaling from ${desired} to ${next}` };
  }
  // A rollout restart or rollback replaces every replica before it is done.
  return { count: desired, what: `${action.type} replaces every replica` };
}

function checkPercent(ctx: GuardrailContext, max: number): Check {
  const size = workloadSize(ctx);
  if ('problem' in size) return { ok: false, status: 'error', text: `cannot size the workload: ${size.problem}`, evidence: { maxPercentOfReplicas: max } };
  const change = disrupted(ctx, size.desired);
  if ('problem' in change) return { ok: false, status: 'error', text: `cannot size the change: ${change.problem}`, evidence: { maxPercentOfReplicas: max } };
  const { count, what } = change;
  if (size.desired === 0) {
    return { ok: true, text: `${size.name} has 0 desired replicas, so no running replica is disrupted`, evidence: { desiredReplicas: 0, maxPercentOfReplicas: max } };
  }
  const percent = Math.round((count / size.desired) * 1000) / 10;
  const evidence = { desiredReplicas: size.desired, disruptedReplicas: count, percentOfReplicas: percent, maxPercentOfReplicas: max };
  const text = `${what}: ${count} of ${size.desired} replicas of ${size.name} (${percent}%); the runbook allows ${max}%`;
  return percent > max ? { ok: false, status: 'fail', text, evidence } : { ok: true, text, evidence };
}

/**
 * Bounds how much one run changes: targets per run, and the share of a workload's replicas disrupted
 * at once. For scaleDeployment the share is the size of the change (|new - current| / current); a
 * rollout restart or rollback counts as 100% because every replica is replaced.
 */
export const blastRadius = defineGuardrail(id, (ctx) => {
  const cfg: BlastRadius | undefined = ctx.runbook.spec.guardrails?.blastRadius;
  if (!cfg || (cfg.maxTargetsPerRun === undefined && cfg.maxPercentOfReplicas === undefined)) {
    return verdict(id, 'skip', 'the runbook sets no blast radius');
  }
  if (!isMutating(ctx.runbook.spec.action)) return verdict(id, 'skip', 'collecting evidence disrupts nothing');
  const invalid = (cfg.maxTargetsPerRun !== undefined ? invalidLimit(cfg.maxTargetsPerRun, 'blastRadius.maxTargetsPerRun') : undefined)
    ?? (cfg.maxPercentOfReplicas !== undefined ? invalidLimit(cfg.maxPercentOfReplicas, 'blastRadius.maxPercentOfReplicas') : undefined);
  if (invalid) return verdict(id, 'error', invalid);
  const badNow = invalidNow(id, ctx.now);
  if (badNow) return badNow;
  const checks: Check[] = [];
  if (cfg.maxTargetsPerRun !== undefined) checks.push(checkTargetsPerRun(ctx, cfg.maxTargetsPerRun));
  if (cfg.maxPercentOfReplicas !== undefined) checks.push(checkPercent(ctx, cfg.maxPercentOfReplicas));
  const evidence = Object.assign({}, ...checks.map((c) => c.evidence)) as Record<string, unknown>;
  const failed = checks.filter((c): c is Extract<Check, { ok: false }> => !c.ok);
  const status = failed.some((c) => c.status === 'fail') ? 'fail' : failed.length > 0 ? 'error' : 'pass';
  const shown = status === 'pass' ? checks : failed;
  return verdict(id, status, shown.map((c) => c.text).join('; '), evidence);
});
