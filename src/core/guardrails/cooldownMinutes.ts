import { actingWithSameApp, agoText, defineGuardrail, describeApp, historyKeyOf, plural, runbookLimit, utcClock, verdict } from './common';

const id = 'cooldownMinutes';

/**
 * After the runbook acted on an app (runbook + namespace + app), wait before acting on it again. An
 * action chosen earlier in this run counts as "just now".
 */
export const cooldownMinutes = defineGuardrail(id, (ctx) => {
  const minutes = runbookLimit(ctx, id, 0, 'the runbook sets no cooldown');
  if (typeof minutes !== 'number') return minutes;
  const { runbook, namespace, app } = historyKeyOf(ctx);
  const who = app ?? ctx.target.ref.name;
  const since = new Date(ctx.now.getTime() - minutes * 60_000);
  const actions = ctx.history.actionsSince(runbook, namespace, app, since);
  const acting = actingWithSameApp(ctx);
  const evidence: Record<string, unknown> = { runbook, namespace, app, cooldownMinutes: minutes, actionsInWindow: actions.length, actingInRun: acting.length };
  if (acting.length > 0 && minutes > 0) {
    return verdict(id, 'fail', `${who} is already being remediated earlier in this run by ${runbook}; cooldown is ${plural(minutes, 'minute')}`, evidence);
  }
  const last = actions.length > 0 ? new Date(Math.max(...actions.map((r) => Date.parse(r.time)))) : undefined;
  if (last) {
    const next = new Date(last.getTime() + minutes * 60_000);
    Object.assign(evidence, { lastActionAt: last.toISOString(), nextAllowedAt: next.toISOString() });
    return verdict(id, 'fail', `${who} was remediated ${agoText(last, ctx.now)} by ${runbook}; cooldown is ${plural(minutes, 'minute')} (next allowed at ${utcClock(next)})`, evidence);
  }
  return verdict(id, 'pass', `${runbook} has not acted on ${describeApp(ctx.target)} in the last ${plural(minutes, 'minute')}`, evidence);
});
