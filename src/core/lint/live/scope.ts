// Which live workloads a runbook's scope covers: the same test as the requiredLabels and
// allowedNamespaces guardrails (the owning workload's labels, exact values, namespace listed literally).
import { ownValue } from '../../k8s/meta';
import type { Runbook } from '../../model/runbook';
import { MAX_LIVE_NAMESPACES, type LiveClusterRecord, type LiveWorkload } from './record';

function workloadKey(w: LiveWorkload): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

/** Each workload once (a list may repeat one), in a stable order: namespace, kind, name. */
export function distinctWorkloads(workloads: readonly LiveWorkload[]): LiveWorkload[] {
  const byKey = new Map<string, LiveWorkload>();
  for (const w of workloads) if (!byKey.has(workloadKey(w))) byKey.set(workloadKey(w), w);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
}

export function carriesLabels(w: LiveWorkload, required: Readonly<Record<string, string>>): boolean {
  return Object.entries(required).every(([key, value]) => ownValue(w.labels, key) === value);
}

/** The namespaces of the runbooks to look up (each once, in order), at most MAX_LIVE_NAMESPACES. */
export function namespacesToLookUp(runbooks: readonly Runbook[]): string[] {
  const names = new Set<string>();
  for (const rb of runbooks) {
    for (const ns of rb.spec.scope.allowedNamespaces) {
      if (names.size >= MAX_LIVE_NAMESPACES) return [...names];
      names.add(ns);
    }
  }
  return [...names];
}

/** The workloads of the record in existing allowed namespaces, each once. */
export function workloadsInNamespaces(runbook: Runbook, record: LiveClusterRecord): LiveWorkload[] {
  const allowed = new Set(runbook.spec.scope.allowedNamespaces.filter((ns) => record.namespaces.get(ns) === 'exists'));
  return distinctWorkloads((record.workloads ?? []).filter((w) => allowed.has(w.namespace)));
}

/** The workloads the runbook may act on: in an allowed namespace, carrying every required label. */
export function workloadsInScope(runbook: Runbook, record: LiveClusterRecord): LiveWorkload[] {
  const required = runbook.spec.scope.requiredLabels ?? {};
  return workloadsInNamespaces(runbook, record).filter((w) => carriesLabels(w, required));
}

export interface Applies {
  workloads: number;
  namespaces: number;
  /** Allowed namespaces that were not looked up (over the limit): the counts may be low. */
  unchecked: number;
  /** The first few, `namespace/Kind/name`, for a tooltip. */
  sample: string[];
}

const SAMPLE = 10;

/** How many workloads in how many namespaces the scope covers now; undefined when workloads are unknown. */
export function appliesTo(runbook: Runbook, record: LiveClusterRecord): Applies | undefined {
  if (record.workloads === undefined) return undefined;
  const inScope = workloadsInScope(runbook, record);
  const unchecked = new Set(runbook.spec.scope.allowedNamespaces.filter((ns) => !record.namespaces.has(ns))).size;
  return {
    workloads: inScope.length,
    namespaces: new Set(inScope.map((w) => w.namespace)).size,
    unchecked,
    sample: inScope.slice(0, SAMPLE).map(workloadKey),
  };
}

/** "applies to 2 workloads in 1 namespace" (the CodeLens title). */
export function appliesTitle(a: Applies): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const title = `applies to ${plural(a.workloads, 'workload')} in ${plural(a.namespaces, 'namespace')}`;
  return a.unchecked > 0 ? `${title} (${plural(a.unchecked, 'namespace')} not checked)` : title;
}
