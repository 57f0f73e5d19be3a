// For actions on a Helm release: add the history of the target workload's release to the snapshot,
// so the decision (pure) reads it like any other cluster state.
import { ACTIONS } from '../actions';
import { resolveTarget } from '../engine/targets';
import { releaseOfObject, type HelmReleaseRead } from '../helm/release';
import { SnapshotIndex } from '../k8s/snapshotIndex';
import type { ClusterSnapshot } from '../k8s/types';
import type { TargetRef } from '../model/audit';
import type { Runbook } from '../model/runbook';
import type { HelmReleaseReader } from '../ports';

export async function withHelmReleases(snapshot: ClusterSnapshot, runbook: Runbook, ref: TargetRef, reader: HelmReleaseReader | undefined): Promise<ClusterSnapshot> {
  const type = runbook.spec.action.type;
  if (!ACTIONS[type].readsHelmRelease) return snapshot;
  const resolution = resolveTarget(new SnapshotIndex(snapshot), ref, type);
  const workload = resolution.ok ? resolution.target.deployment : undefined;
  const release = workload ? releaseOfObject(workload.metadata) : undefined;
  // No workload or no release: the decision says so (targetExists, helmReleaseExists).
  if (!release) return snapshot;
  let read: HelmReleaseRead;
  if (!reader) {
    read = { ...release, ok: false, reason: 'no Helm release reader is configured' };
  } else {
    try {
      read = await reader.read(release.namespace, release.release);
    } catch (err) {
      read = { ...release, ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }
  return { ...snapshot, helmReleases: [...(snapshot.helmReleases ?? []), read] };
}
