import { defineGuardrail, invalidLimit, invalidNow, verdict } from './common';

const DEFAULT_MAX_STATE_AGE_SECONDS = 60;

/**
 * Acting on old state can delete the last healthy pod. Offline state (a file, no takenAt) has no age:
 * skip, since simulate and dry-run never act. A takenAt in the future means the clocks disagree: error.
 */
export const stateFreshness = defineGuardrail('stateFreshness', (ctx) => {
  const id = 'stateFreshness';
  const takenAt = ctx.index.snapshot.takenAt;
  const maxAge = ctx.runbook.spec.guardrails?.maxStateAgeSeconds ?? DEFAULT_MAX_STATE_AGE_SECONDS;
  if (takenAt === undefined) return verdict(id, 'skip', 'offline state: its age is unknown', { maxStateAgeSeconds: maxAge });
  const taken = Date.parse(takenAt);
  if (Number.isNaN(taken)) return verdict(id, 'error', `the cluster state's time "${takenAt}" is not a valid time`, { takenAt });
  const invalid = invalidLimit(maxAge, 'maxStateAgeSeconds');
  if (invalid) return verdict(id, 'error', invalid);
  const badNow = invalidNow(id, ctx.now);
  if (badNow) return badNow;
  const ageSeconds = Math.round((ctx.now.getTime() - taken) / 1000);
  const evidence = { takenAt, ageSeconds, maxStateAgeSeconds: maxAge };
  if (ctx.now.getTime() < taken) {
    return verdict(id, 'error', `the cluster state was read at ${takenAt}, ${-ageSeconds} seconds in the future: the clocks disagree`, evidence);
  }
  if (ageSeconds > maxAge) {
    return verdict(id, 'fail', `the cluster state is ${ageSeconds} seconds old; the runbook acts only on state at most ${maxAge} seconds old (read the cluster again)`, evidence);
  }
  return verdict(id, 'pass', `the cluster state was read ${ageSeconds} seconds ago (limit ${maxAge} seconds)`, evidence);
});
