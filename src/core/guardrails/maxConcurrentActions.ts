import { agoText, defineGuardrail, invalidNow, plural, runbookLimit, verdict } from './common';

const id = 'maxConcurrentActions';

/**
 * Counts this runbook's actions still in flight (executed, no final record, younger than
 * settings.inFlightWindowMs) plus targets already acting in this run. The limit is per runbook: it is
 * set in the runbook and bounds that runbook; the kill switch and blastRadius bound everything else.
 */
export const maxConcurrentActions = defineGuardrail(id, (ctx) => {
  const max = runbookLimit(ctx, id, 'the runbook sets no concurrency limit');
  if (typeof max !== 'number') return max;
  const badNow = invalidNow(id, ctx.now);
  if (badNow) return badNow;
  const runbook = ctx.runbook.metadata.name;
  const inFlightNow = ctx.history.inFlight(ctx.now, ctx.settings.inFlightWindowMs);
  if (!inFlightNow.ok) return verdict(id, 'error', `cannot count the actions of ${runbook} in flight: ${inFlightNow.reason}`, { runbook, maxConcurrentActions: max });
  const inFlight = inFlightNow.view.byRunbook(runbook);
  const acting = ctx.run.acting.length;
  const count = inFlight.length + acting;
  const evidence = {
    runbook, inFlight: inFlight.length, actingInRun: acting, maxConcurrentActions: max,
    inFlightTargets: inFlight.map((r) => `${r.target.namespace}/${r.target.kind.toLowerCase()}/${r.target.name}`),
  };
  const parts: string[] = [];
  if (inFlight.length > 0) {
    const latest = inFlight[inFlight.length - 1];
    parts.push(`${plural(inFlight.length, 'action')} still in flight (latest: ${latest.target.kind.toLowerCase()} ${latest.target.name}, started ${agoText(new Date(latest.time), ctx.now)})`);
  }
  if (acting > 0) parts.push(`${plural(acting, 'target')} already acting in this run`);
  const now = parts.length > 0 ? parts.join(' and ') : 'no actions in flight';
  if (count >= max) {
    return verdict(id, 'fail', `${runbook} has ${now}; it allows ${max} at a time`, evidence);
  }
  return verdict(id, 'pass', `${runbook} has ${now}; it allows ${max} at a time`, evidence);
});
