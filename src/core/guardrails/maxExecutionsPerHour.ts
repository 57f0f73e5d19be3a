import { actingWithSameApp, defineGuardrail, describeApp, historyKeyOf, plural, runbookLimit, utcClock, verdict } from './common';

const id = 'maxExecutionsPerHour';
const HOUR_MS = 60 * 60_000;

/** A rate limit per runbook + namespace + app over the last 60 minutes; this run's earlier actions count. */
export const maxExecutionsPerHour = defineGuardrail(id, (ctx) => {
  const max = runbookLimit(ctx, id, 0, 'the runbook sets no hourly rate limit');
  if (typeof max !== 'number') return max;
  const { runbook, namespace, app } = historyKeyOf(ctx);
  const actions = ctx.history.actionsSince(runbook, namespace, app, new Date(ctx.now.getTime() - HOUR_MS));
  const acting = actingWithSameApp(ctx).length;
  const count = actions.length + acting;
  const evidence: Record<string, unknown> = { runbook, namespace, app, executionsLastHour: actions.length, actingInRun: acting, maxExecutionsPerHour: max };
  const inRun = acting > 0 ? ` (${acting} of them earlier in this run)` : '';
  const where = describeApp(ctx.target);
  if (count >= max) {
    const oldest = actions.length > 0 ? Math.min(...actions.map((r) => Date.parse(r.time))) : undefined;
    const freeAt = oldest !== undefined ? `; the oldest stops counting at ${utcClock(new Date(oldest + HOUR_MS))}` : '';
    if (oldest !== undefined) evidence.nextSlotAt = new Date(oldest + HOUR_MS).toISOString();
    return verdict(id, 'fail', `${runbook} already acted ${plural(count, 'time')} on ${where} in the last hour${inRun}; the limit is ${max}${freeAt}`, evidence);
  }
  return verdict(id, 'pass', `${runbook} acted ${plural(count, 'time')} on ${where} in the last hour${inRun}; the limit is ${max}`, evidence);
});
