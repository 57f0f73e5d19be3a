import { isPending } from '../helm/release';
import { defineGuardrail, verdict } from './common';
import { helmLookup } from './helmCommon';

const id = 'helmReleaseNotPending';

/** A pending-* status means another Helm operation is in flight: a rollback now would race it. */
export const helmReleaseNotPending = defineGuardrail(id, (ctx) => {
  const lookup = helmLookup(ctx);
  if (lookup?.status !== 'found') return verdict(id, 'skip', 'no release history to check (see helmReleaseExists)');
  const pending = lookup.revisions.filter((r) => isPending(r.status));
  const evidence = { release: lookup.ref.release, namespace: lookup.ref.namespace, pending: pending.map((r) => ({ revision: r.revision, status: r.status })) };
  if (pending.length > 0) {
    const shown = pending.map((r) => `revision ${r.revision} is ${r.status}`).join(', ');
    return verdict(id, 'fail', `another Helm operation is in flight on release ${lookup.ref.release} (${shown}); act after it finishes`, evidence);
  }
  return verdict(id, 'pass', `no Helm operation is in flight on release ${lookup.ref.release}`, evidence);
});
