import { addMinutes, defineGuardrail, describeApp, historyKeyOf, plural, runbookLimit, timeRange, utcClock, verdict, windowStart } from './common';

const id = 'maxExecutionsPerHour';

/** A rate limit per runbook + namespace + app over the last 60 minutes; this run's earlier actions count. */
export const maxExecutionsPerHour = defineGuardrail(id, (ctx) => {
  const max = runbookLimit(ctx, id, 'the runbook sets no hourly rate limit');
  if (typeof max !== 'number') return max;
  const since = windowStart(id, ctx.now, 60);
  if (!(since instanceof Date)) return since;
  const { runbook, namespace, app } = historyKeyOf(ctx);
  const where = describeApp(ctx.target);
  const window = ctx.history.actionsSince(runbook, namespace, app, since);
  if (!window.ok) return verdict(id, 'error', `cannot count the actions on ${where} in the last hour: ${window.reason}`, { runbook, namespace, app, maxExecutionsPerHour: max });
  const actions = window.records;
  const acting = ctx.run.actingWithSameApp(namespace, app);
  const count = actions.length + acting;
  const evidence: Record<string, unknown> = { runbook, namespace, app, executionsLastHour: actions.length, actingInRun: acting, maxExecutionsPerHour: max };
  const inRun = acting > 0 ? ` (${acting} of them earlier in this run)` : '';
  if (count >= max) {
    const oldest = timeRange(actions)?.earliest;
    const freeAt = oldest ? addMinutes(oldest, 60) : undefined;
    if (freeAt) evidence.nextSlotAt = freeAt.toISOString();
    const freeText = freeAt ? `; the oldest stops counting at ${utcClock(freeAt)}` : '';
    return verdict(id, 'fail', `${runbook} already acted ${plural(count, 'time')} on ${where} in the last hour${inRun}; the limit is ${max}${freeText}`, evidence);
  }
  return verdict(id, 'pass', `${runbook} acted ${plural(count, 'time')} on ${where} in the last hour${inRun}; the limit is ${max}`, evidence);
});
