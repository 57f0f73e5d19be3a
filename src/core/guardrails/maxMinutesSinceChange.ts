import { currentRevision } from '../helm/release';
import { defineGuardrail, invalidNow, runbookLimit, verdict } from './common';
import { helmLookup } from './helmCommon';

const id = 'maxMinutesSinceChange';

/**
 * Act only while the release's current revision is recent: a rollback answers a change that just
 * went wrong ("the upgrade was 8 minutes ago"), not a revision that has run fine for days. An unknown
 * deploy time or clock is an error, never a pass.
 */
export const maxMinutesSinceChange = defineGuardrail(id, (ctx) => {
  const minutes = runbookLimit(ctx, id, 'the runbook sets no maxMinutesSinceChange');
  if (typeof minutes !== 'number') return minutes;
  const lookup = helmLookup(ctx);
  if (lookup?.status !== 'found') return verdict(id, 'skip', 'no release history to date the change (see helmReleaseExists)');
  const badClock = invalidNow(id, ctx.now);
  if (badClock) return badClock;
  const current = currentRevision(lookup.revisions)!;
  const deployed = current.deployedAt ? Date.parse(current.deployedAt) : NaN;
  const evidence = { release: lookup.ref.release, currentRevision: current.revision, deployedAt: current.deployedAt ?? null, maxMinutesSinceChange: minutes };
  if (!Number.isFinite(deployed)) return verdict(id, 'error', `revision ${current.revision} of release ${lookup.ref.release} has no deploy time, so its age is unknown`, evidence);
  const ageMinutes = Math.max(0, (ctx.now.getTime() - deployed) / 60_000);
  const shown = ageMinutes < 1 ? 'less than a minute' : `${Math.floor(ageMinutes)} minute${Math.floor(ageMinutes) === 1 ? '' : 's'}`;
  if (ageMinutes > minutes) {
    return verdict(id, 'fail', `revision ${current.revision} of release ${lookup.ref.release} was deployed ${shown} ago; this runbook rolls back only within ${minutes} minutes of a change`, { ...evidence, ageMinutes });
  }
  return verdict(id, 'pass', `revision ${current.revision} of release ${lookup.ref.release} was deployed ${shown} ago (within ${minutes} minutes)`, { ...evidence, ageMinutes });
});
