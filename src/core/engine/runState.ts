import type { ResolvedTarget } from '../guardrails/types';
import type { SnapshotIndex } from '../k8s/snapshotIndex';
import { selectorMatches } from '../k8s/selectors';
import type { PodDisruptionBudget } from '../k8s/types';

const appKey = (namespace: string, app: string | undefined) => `${namespace}|${app ?? ''}`;
const pdbKey = (pdb: PodDisruptionBudget) => `${pdb.metadata.namespace ?? ''}/${pdb.metadata.name}`;

/**
 * The targets already chosen to act earlier in one run (scan), with the counts later targets ask for
 * kept up to date as each is added, so a guardrail's question about the run is O(1), not a scan of
 * every earlier target (which made deciding N marked pods O(N^2)).
 */
export class RunState {
  private readonly targets: ResolvedTarget[] = [];
  private readonly byApp = new Map<string, number>();
  private readonly podTargetsByApp = new Map<string, number>();
  private readonly readyPodsByGroup = new Map<string, Set<string>>();
  private readonly coveredByPdb = new Map<string, number>();

  constructor(private readonly index: SnapshotIndex, acting: readonly ResolvedTarget[] = []) {
    for (const t of acting) this.add(t);
  }

  /** Every target acting in this run so far, in order. */
  get acting(): readonly ResolvedTarget[] { return this.targets; }

  add(target: ResolvedTarget): void {
    this.targets.push(target);
    const { namespace } = target.ref;
    bump(this.byApp, appKey(namespace, target.app));
    const pod = target.pod;
    if (!pod) return;
    bump(this.podTargetsByApp, appKey(namespace, target.app));
    const controller = this.index.controllerKeyOf(pod);
    const app = pod.metadata.labels?.app;
    if (controller !== undefined && app !== undefined && this.index.isReady(pod)) {
      const group = `${controller}|${app}`;
      let set = this.readyPodsByGroup.get(group);
      if (!set) this.readyPodsByGroup.set(group, set = new Set());
      set.add(this.index.identity(pod));
    }
    for (const pdb of this.index.pdbsInNamespace(namespace)) {
      if (selectorMatches(pdb.spec?.selector, pod.metadata.labels)) bump(this.coveredByPdb, pdbKey(pdb));
    }
  }

  /** Targets acting in this run with the history key's namespace and app (cooldown, rate limit). */
  actingWithSameApp(namespace: string, app: string | undefined): number { return this.byApp.get(appKey(namespace, app)) ?? 0; }

  /** Pod targets (a pod replaced, or a Deployment named through its pod) acting on namespace + app (blast radius). */
  podTargetsWithSameApp(namespace: string, app: string | undefined): number { return this.podTargetsByApp.get(appKey(namespace, app)) ?? 0; }

  /** Distinct Ready pods of `controller` with `app` that this run is already replacing (replica floor). */
  readyPodsTaken(controller: string, app: string): number { return this.readyPodsByGroup.get(`${controller}|${app}`)?.size ?? 0; }

  /** Pods chosen in this run that a PodDisruptionBudget covers: each uses up one allowed disruption. */
  coveredBy(pdb: PodDisruptionBudget): number { return this.coveredByPdb.get(pdbKey(pdb)) ?? 0; }
}

function bump(map: Map<string, number>, k: string): void {
  map.set(k, (map.get(k) ?? 0) + 1);
}
