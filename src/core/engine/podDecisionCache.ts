// markedPodDecisions, recomputed incrementally: after one change only the marked pods whose inputs
// changed are decided again. A pod's decision reads (see the guardrails) the pod, its controller chain
// (ReplicaSets, Deployment or StatefulSet), the pods of its top-level controller (replica floor, duplicates),
// the PodDisruptionBudgets covering it, the Namespace object, and, shared by all, the runbooks, settings,
// history, the state's age and the clock. So pods are grouped by top-level controller, each group gets a
// fingerprint of exactly those inputs, and a group whose fingerprint is unchanged keeps its decisions.
// Same results as markedPodDecisions on the whole snapshot (a generated test compares the two).
import { DEFAULT_SETTINGS } from '../guardrails/types';
import { ownValue } from '../k8s/meta';
import { selectorMatches } from '../k8s/selectors';
import type { ClusterSnapshot, PodDisruptionBudget } from '../k8s/types';
import type { AuditRecord } from '../model/audit';
import { markedPodDecisions, type PodDecision, type PodDecisionsInput } from './podDecisions';

interface Versioned { metadata: { resourceVersion?: string; uid?: string; name: string } }
type Snap = ClusterSnapshot;

/** An object's version: its resourceVersion, or (objects built without one) its whole content. */
function version(o: Versioned): string {
  return o.metadata.resourceVersion !== undefined ? `${o.metadata.uid ?? o.metadata.name}@${o.metadata.resourceVersion}` : JSON.stringify(o);
}

interface Group {
  pods: Snap['pods'];
  replicaSets: Snap['replicaSets'];
  deployments: Snap['deployments'];
  statefulSets: NonNullable<Snap['statefulSets']>;
  namespace: string;
}

function historyVersion(records: readonly AuditRecord[]): string {
  const last = records.at(-1);
  return last ? `${records.length}:${records[0].time}:${last.id}:${last.time}:${last.outcome}` : '0';
}

/** Groups the snapshot's pods by top-level controller (a bare or orphaned pod is its own group). */
function groupsOf(snapshot: ClusterSnapshot): Map<string, Group> {
  const ns = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? '';
  const controllerOf = (o: { metadata: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] } }) =>
    o.metadata.ownerReferences?.find((r) => r.controller === true);
  const rsTop = new Map<string, string>();
  for (const rs of snapshot.replicaSets) {
    const o = controllerOf(rs);
    rsTop.set(`${ns(rs)}/${rs.metadata.name}`, o ? `${o.kind}/${ns(rs)}/${o.name}` : `ReplicaSet/${ns(rs)}/${rs.metadata.name}`);
  }
  const groups = new Map<string, Group>();
  const group = (key: string, namespace: string): Group => {
    let g = groups.get(key);
    if (!g) groups.set(key, g = { pods: [], replicaSets: [], deployments: [], statefulSets: [], namespace });
    return g;
  };
  for (const pod of snapshot.pods) {
    const o = controllerOf(pod);
    const key = !o ? `Pod/${ns(pod)}/${pod.metadata.name}`
      : o.kind === 'ReplicaSet' ? rsTop.get(`${ns(pod)}/${o.name}`) ?? `ReplicaSet/${ns(pod)}/${o.name}` : `${o.kind}/${ns(pod)}/${o.name}`;
    group(key, ns(pod)).pods.push(pod);
  }
  // The controller objects join the group of their pods (a group without pods decides nothing).
  for (const rs of snapshot.replicaSets) groups.get(rsTop.get(`${ns(rs)}/${rs.metadata.name}`) ?? '')?.replicaSets.push(rs);
  for (const d of snapshot.deployments) groups.get(`Deployment/${ns(d)}/${d.metadata.name}`)?.deployments.push(d);
  for (const s of snapshot.statefulSets ?? []) groups.get(`StatefulSet/${ns(s)}/${s.metadata.name}`)?.statefulSets.push(s);
  return groups;
}

export class PodDecisionCache {
  private readonly groups = new Map<string, { fingerprint: string; decisions: Map<string, PodDecision[]> }>();
  /** Of the last decide(): groups with marked pods, and how many of them were decided again. */
  readonly last = { groups: 0, decided: 0 };

  decide(input: PodDecisionsInput): Map<string, PodDecision[]> {
    const { snapshot } = input;
    const restart = { ...DEFAULT_SETTINGS, ...input.settings }.restartLabel;
    const wanted = input.namespaces && input.namespaces.length > 0 ? new Set(input.namespaces) : undefined;
    const histories = input.runbooks.map((r) => historyVersion(input.history(r.metadata.name)));
    const taken = snapshot.takenAt === undefined ? 'offline' : String(Math.floor((input.now.getTime() - Date.parse(snapshot.takenAt)) / 1000));
    // Time matters to cooldown, rate limit, breaker and in-flight windows only through history: with none, the clock is not an input.
    const clock = histories.some((h) => h !== '0') ? String(Math.floor(input.now.getTime() / 60_000)) : '';
    const shared = JSON.stringify([input.runbooks, input.settings ?? {}, histories, taken, clock, snapshot.unreadableNamespaces ?? {}]);
    const pdbsByNamespace = new Map<string, PodDisruptionBudget[]>();
    for (const pdb of snapshot.podDisruptionBudgets) {
      const ns = pdb.metadata.namespace ?? '';
      let list = pdbsByNamespace.get(ns);
      if (!list) pdbsByNamespace.set(ns, list = []);
      list.push(pdb);
    }
    const out = new Map<string, PodDecision[]>();
    const seen = new Set<string>();
    this.last.groups = this.last.decided = 0;
    for (const [key, g] of groupsOf(snapshot)) {
      if (wanted && !wanted.has(g.namespace)) continue;
      if (!g.pods.some((p) => ownValue(p.metadata.labels, restart.key) === restart.value)) continue;
      seen.add(key);
      this.last.groups++;
      const pdbs = pdbsByNamespace.get(g.namespace) ?? [];
      const labelSets = new Map(g.pods.map((p) => [JSON.stringify(p.metadata.labels ?? {}), p.metadata.labels]));
      const covering = pdbs.filter((b) => [...labelSets.values()].some((labels) => selectorMatches(b.spec?.selector, labels)));
      const namespace = snapshot.namespaces?.find((n) => n.metadata.name === g.namespace);
      const fingerprint = [shared, namespace ? version(namespace) : '-', ...[...g.deployments, ...g.statefulSets, ...g.replicaSets, ...covering, ...g.pods].map(version)].join('\n');
      let entry = this.groups.get(key);
      if (!entry || entry.fingerprint !== fingerprint) {
        this.last.decided++;
        const part: ClusterSnapshot = {
          ...(snapshot.takenAt !== undefined ? { takenAt: snapshot.takenAt } : {}),
          ...(snapshot.unreadableNamespaces ? { unreadableNamespaces: snapshot.unreadableNamespaces } : {}),
          ...(snapshot.namespaces ? { namespaces: namespace ? [namespace] : [] } : {}),
          pods: g.pods, replicaSets: g.replicaSets, deployments: g.deployments, statefulSets: g.statefulSets, podDisruptionBudgets: pdbs,
        };
        entry = { fingerprint, decisions: markedPodDecisions({ ...input, snapshot: part, namespaces: [g.namespace] }) };
        this.groups.set(key, entry);
      }
      for (const [pod, decisions] of entry.decisions) out.set(pod, decisions);
    }
    for (const key of this.groups.keys()) if (!seen.has(key)) this.groups.delete(key);
    // By podKey; unlike markedPodDecisions the order is by group, not by name.
    return out;
  }
}
