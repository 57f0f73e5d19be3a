// For actions on a Helm release: add the history of the target workloads' releases to the snapshot,
// so the decision (pure) reads it like any other cluster state. Execute reads one target's; scan reads
// every target's, each release once.
import { ACTIONS } from '../actions';
import { resolveTarget } from '../engine/targets';
import { releaseOfObject, type HelmReleaseRead, type ReleaseRef } from '../helm/release';
import { SnapshotIndex } from '../k8s/snapshotIndex';
import { replicatedWorkload } from '../k8s/workload';
import type { ClusterSnapshot } from '../k8s/types';
import type { TargetRef } from '../model/audit';
import type { Runbook } from '../model/runbook';
import type { HelmReleaseReader } from '../ports';

export function withHelmReleases(snapshot: ClusterSnapshot, runbook: Runbook, ref: TargetRef, reader: HelmReleaseReader | undefined): Promise<ClusterSnapshot> {
  return withHelmReleasesOf(snapshot, runbook, [ref], reader);
}

/** The snapshot with the history of every release the targets belong to (unchanged for other actions). */
export async function withHelmReleasesOf(snapshot: ClusterSnapshot, runbook: Runbook, refs: readonly TargetRef[], reader: HelmReleaseReader | undefined): Promise<ClusterSnapshot> {
  const type = runbook.spec.action.type;
  if (!ACTIONS[type].readsHelmRelease) return snapshot;
  const index = new SnapshotIndex(snapshot);
  const releases = new Map<string, ReleaseRef>();
  for (const ref of refs) {
    const resolution = resolveTarget(index, ref, type);
    const workload = resolution.ok ? replicatedWorkload(resolution.target) : undefined;
    const release = workload ? releaseOfObject(workload.object.metadata) : undefined;
    // No workload or no release: the decision says so (targetExists, helmReleaseExists).
    if (release) releases.set(`${release.namespace}/${release.release}`, release);
  }
  if (releases.size === 0) return snapshot;
  const reads = await Promise.all([...releases.values()].map((release) => readRelease(release, reader)));
  return { ...snapshot, helmReleases: [...(snapshot.helmReleases ?? []), ...reads] };
}

async function readRelease(release: ReleaseRef, reader: HelmReleaseReader | undefined): Promise<HelmReleaseRead> {
  if (!reader) return { ...release, ok: false, reason: 'no Helm release reader is configured' };
  try {
    return await reader.read(release.namespace, release.release);
  } catch (err) {
    return { ...release, ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
