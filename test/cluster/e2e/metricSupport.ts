// Shared by the end-to-end tests of metric checks: the real cluster and a real Prometheus per file, the
// CLI's `<namespace>-state` namespace deleted with each test's namespace, and the lab's restart marking.
import type { Pod } from '../../../src/core/k8s/types';
import { PODS, objectPath } from '../../../src/adapters/k8s/resources';
import { usePrometheus, type MetricsFixture } from '../../metrics/fixture';
import { deleteNamespace, useCluster, waitFor, type TestCluster } from '../harness';

const RESTART = 'remediator.kubedojo.io/restart';

export function useMetricE2E(prefix: string): { cluster: () => TestCluster; namespace: () => string; metrics: MetricsFixture } {
  const { cluster, namespace } = useCluster(prefix);
  // The CLI keeps its shared state in `<namespace>-state`: delete it with the test's namespace.
  let stateNamespace: string | undefined;
  beforeEach(() => { stateNamespace = `${namespace()}-state`; });
  afterEach(async () => {
    if (stateNamespace) await deleteNamespace(cluster().http, stateNamespace).catch(() => undefined);
    stateNamespace = undefined;
  });
  return { cluster, namespace, metrics: usePrometheus() };
}

/** Marks `pod` for restart, as a human (or the seed's scan) would. */
export async function markForRestart(cluster: TestCluster, ns: string, pod: Pod): Promise<Pod> {
  await cluster.http.request('PATCH', objectPath(PODS, ns, pod.metadata.name), {
    body: { metadata: { labels: { [RESTART]: 'true' } } }, contentType: 'application/merge-patch+json',
  });
  return pod;
}

/** True once the pod is deleted or being deleted. */
export async function podGone(cluster: TestCluster, ns: string, name: string): Promise<true | undefined> {
  try {
    const p = await cluster.http.get<Pod>(objectPath(PODS, ns, name));
    return p.metadata.deletionTimestamp ? true : undefined;
  } catch {
    return true;
  }
}

/** Waits until Prometheus answers the instant `query` with sample values that `ok` accepts. */
export async function prometheusAnswers(url: string, query: string, what: string, ok: (values: string[]) => boolean): Promise<void> {
  await waitFor(`${query} is ${what}`, async () => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
    return ok((body.data?.result ?? []).map((r) => r.value[1])) ? true : undefined;
  }, 30_000);
}
