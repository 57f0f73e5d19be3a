// The release a target workload belongs to, looked up in the snapshot's release histories, and the
// revision a helmRollback action would go back to.
import type { ClusterSnapshot, ObjectMeta } from '../k8s/types';
import type { Action } from '../model/runbook';
import { currentRevision, lastKnownGood, releaseOfObject, sortedRevisions, type HelmRevision, type ReleaseRef } from './release';

export type HelmReleaseLookup =
  /** `revisions` oldest first, never empty. */
  | { status: 'found'; ref: ReleaseRef; revisions: HelmRevision[] }
  /** No release: the workload carries no Helm annotations, or the release has no revisions. */
  | { status: 'none'; ref?: ReleaseRef; reason: string }
  /** The history could not be read (or was not read): nothing is known about the release. */
  | { status: 'unreadable'; ref: ReleaseRef; reason: string };

export type RevisionChoice = 'previous-good' | number;

/** The revision a helmRollback action asks for (the last known-good one unless it names a number). */
export function revisionChoice(action: Action): RevisionChoice {
  return action.type === 'helmRollback' && typeof action.toRevision === 'number' ? action.toRevision : 'previous-good';
}

export function lookupRelease(snapshot: ClusterSnapshot, workload: { kind: string; metadata: ObjectMeta }): HelmReleaseLookup {
  const { kind, metadata } = workload;
  const ref = releaseOfObject(metadata);
  if (!ref) {
    return { status: 'none', reason: `${kind} ${metadata.name} belongs to no Helm release (it has no meta.helm.sh/release-name annotation)` };
  }
  const read = (snapshot.helmReleases ?? []).find((r) => r.namespace === ref.namespace && r.release === ref.release);
  if (!read) return { status: 'unreadable', ref, reason: `the history of Helm release ${ref.release} in ${ref.namespace} was not read` };
  if (!read.ok) return { status: 'unreadable', ref, reason: `the history of Helm release ${ref.release} in ${ref.namespace} could not be read: ${read.reason}` };
  if (read.revisions.length === 0) {
    return { status: 'none', ref, reason: `${kind} ${metadata.name} names Helm release ${ref.release} in ${ref.namespace}, which has no revisions (no release Secrets)` };
  }
  return { status: 'found', ref, revisions: sortedRevisions(read.revisions) };
}

export type TargetRevision =
  | { ok: true; current: HelmRevision; target: HelmRevision }
  | { ok: false; current?: HelmRevision; reason: string };

/** The revision to roll back to: the last known-good one, or the one the runbook names. */
export function targetRevision(revisions: readonly HelmRevision[], choice: RevisionChoice): TargetRevision {
  const current = currentRevision(revisions);
  if (!current) return { ok: false, reason: 'the release has no revisions' };
  if (choice === 'previous-good') {
    const good = lastKnownGood(revisions);
    if (!good) {
      return { ok: false, current, reason: `no revision before the current ${current.revision} is deployed or superseded: nothing known-good to roll back to` };
    }
    return { ok: true, current, target: good };
  }
  const named = revisions.find((r) => r.revision === choice);
  if (!named) return { ok: false, current, reason: `revision ${choice} is not in the release's history (revisions ${revisions.map((r) => r.revision).join(', ')})` };
  if (named.revision === current.revision) return { ok: false, current, reason: `revision ${choice} is the current revision: rolling back to it changes nothing` };
  return { ok: true, current, target: named };
}
