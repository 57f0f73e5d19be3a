import {
  addMinutes, agoText, defineGuardrail, describeApp, historyKeyOf, plural, runbookLimit, timeRange, utcClock, verdict, windowStart,
} from './common';

const id = 'cooldownMinutes';

/**
 * After the runbook acted on an app (runbook + namespace + app), wait before acting on it again. An
 * action chosen earlier in this run counts as "just now". Any time that is not a valid date (the
 * clock, the window start, a record) makes this an error, never a pass.
 */
export const cooldownMinutes = defineGuardrail(id, (ctx) => {
  const minutes = runbookLimit(ctx, id, 'the runbook sets no cooldown');
  if (typeof minutes !== 'number') return minutes;
  const since = windowStart(id, ctx.now, minutes);
  if (!(since instanceof Date)) return since;
  const { runbook, namespace, app } = historyKeyOf(ctx);
  const who = app ?? ctx.target.ref.name;
  const window = ctx.history.actionsSince(runbook, namespace, app, since);
  if (!window.ok) return verdict(id, 'error', `cannot tell whether ${who} is in its cooldown: ${window.reason}`, { runbook, namespace, app, cooldownMinutes: minutes });
  const actions = window.records;
  const acting = ctx.run.actingWithSameApp(namespace, app);
  const evidence: Record<string, unknown> = { runbook, namespace, app, cooldownMinutes: minutes, actionsInWindow: actions.length, actingInRun: acting };
  if (acting > 0 && minutes > 0) {
    return verdict(id, 'fail', `${who} is already being remediated earlier in this run by ${runbook}; cooldown is ${plural(minutes, 'minute')}`, evidence);
  }
  const last = timeRange(actions)?.latest;
  if (last) {
    const next = addMinutes(last, minutes);
    Object.assign(evidence, { lastActionAt: last.toISOString(), nextAllowedAt: next?.toISOString() ?? null });
    const nextText = next ? ` (next allowed at ${utcClock(next)})` : ' (the next allowed time is past any valid date)';
    return verdict(id, 'fail', `${who} was remediated ${agoText(last, ctx.now)} by ${runbook}; cooldown is ${plural(minutes, 'minute')}${nextText}`, evidence);
  }
  return verdict(id, 'pass', `${runbook} has not acted on ${describeApp(ctx.target)} in the last ${plural(minutes, 'minute')}`, evidence);
});
