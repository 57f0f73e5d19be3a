import { targetRevision } from '../helm/lookup';
import { defineGuardrail, verdict } from './common';
import { helmLookup, revisionChoice } from './helmCommon';

const id = 'helmTargetRevision';

/** The revision to go back to exists and is not the current one (the last known-good one by default). */
export const helmTargetRevision = defineGuardrail(id, (ctx) => {
  const lookup = helmLookup(ctx);
  if (lookup?.status !== 'found') return verdict(id, 'skip', 'no release history to choose from (see helmReleaseExists)');
  const choice = revisionChoice(ctx.runbook.spec.action);
  const chosen = targetRevision(lookup.revisions, choice);
  const evidence = { release: lookup.ref.release, requested: choice, currentRevision: chosen.current?.revision, ...(chosen.ok ? { targetRevision: chosen.target.revision } : {}) };
  if (!chosen.ok) return verdict(id, 'fail', chosen.reason, evidence);
  const why = choice === 'previous-good' ? `the last known-good revision (${chosen.target.status})` : `the revision the runbook names (${chosen.target.status})`;
  return verdict(id, 'pass', `roll release ${lookup.ref.release} back from revision ${chosen.current.revision} (${chosen.current.status}) to ${chosen.target.revision}, ${why}`, evidence);
});
