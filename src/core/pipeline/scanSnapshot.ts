import type { EngineSettings } from '../guardrails/types';
import type { ClusterSnapshot, Pod } from '../k8s/types';
import type { ClusterReader } from '../ports';

/** Label values safe to put in a set-based selector without quoting. */
const SELECTOR_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * What a scan needs, read with few and small lists: the pods carrying the restart mark, then only the
 * pods that share an `app` with a marked pod (the replica floor's peers), plus every workload, ReplicaSet,
 * PDB and Namespace of the namespaces that have a marked pod. A cluster with 5,000 pods and a few marks
 * then parses a few dozen pods, not 5,000. (Executing re-reads each target's whole namespace anyway.)
 */
export async function scanSnapshot(reader: ClusterReader, namespaces: readonly string[], settings: EngineSettings): Promise<ClusterSnapshot> {
  const { key, value } = settings.restartLabel;
  const marked = await reader.listPods(namespaces, `${key}=${value}`);
  const markedNamespaces = [...new Set(marked.map((p) => p.metadata.namespace ?? ''))].sort();
  if (markedNamespaces.length === 0) {
    return { pods: [], replicaSets: [], deployments: [], statefulSets: [], podDisruptionBudgets: [], namespaces: [] };
  }
  const apps = [...new Set(marked.map((p) => p.metadata.labels?.app).filter((a): a is string => a !== undefined))].sort();
  const simple = apps.every((a) => SELECTOR_VALUE.test(a));
  const [rest, peers] = await Promise.all([
    reader.snapshot({ namespaces: markedNamespaces, includeNamespaces: true, withoutPods: simple }),
    simple && apps.length > 0 ? reader.listPods(markedNamespaces, `app in (${apps.join(',')})`) : Promise.resolve([] as Pod[]),
  ]);
  if (!simple) return rest; // unusual app values: fall back to every pod of those namespaces
  const byUid = new Map<string, Pod>();
  for (const pod of [...marked, ...peers]) byUid.set(pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`, pod);
  return { ...rest, pods: [...byUid.values()] };
}
