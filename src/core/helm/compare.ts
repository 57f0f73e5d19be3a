// What a Helm rollback would change, for the dry-run and approval payloads: the current and the
// proposed revision side by side, and the differences between their values and rendered manifests.
import { parseAllDocuments, stringify } from 'yaml';
import { lineDiff, type TextDiff } from '../text/lineDiff';
import type { HelmRevision } from './release';

export interface HelmRevisionSummary {
  revision: number;
  status: string;
  chart: string;
  chartVersion: string;
  appVersion?: string;
  deployedAt?: string;
  description: string;
}

export interface HelmComparison {
  current: HelmRevisionSummary;
  proposed: HelmRevisionSummary;
  /** current -> proposed: what the rollback changes. */
  valuesDiff: TextDiff;
  manifestDiff: TextDiff;
  /** The kinds (apiVersion kind) the rollback applies or removes: the proposed and the current manifest's. */
  manifestKinds: string[];
  /** The Deployments and StatefulSets of the proposed manifest: verification waits for each to roll out. */
  workloads?: ReleaseWorkload[];
}

export interface ReleaseWorkload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  /** As written in the manifest; absent means the release's namespace. */
  namespace?: string;
}

/** More workloads than this in one chart is not a release a runbook should roll back unattended. */
export const MAX_RELEASE_WORKLOADS = 200;

export function summarize(r: HelmRevision): HelmRevisionSummary {
  return {
    revision: r.revision, status: r.status, chart: r.chart, chartVersion: r.chartVersion,
    ...(r.appVersion !== undefined ? { appVersion: r.appVersion } : {}),
    ...(r.deployedAt !== undefined ? { deployedAt: r.deployedAt } : {}),
    description: r.description,
  };
}

/** Values as sorted YAML, so a diff shows changed keys rather than reordered ones. */
export function valuesText(values: Record<string, unknown>): string {
  return Object.keys(values).length === 0 ? '' : stringify(values, { sortMapEntries: true });
}

/** `apiVersion kind` of every document of a rendered manifest, each once, sorted. */
export function manifestKinds(manifest: string): string[] {
  const kinds = new Set<string>();
  for (const doc of manifest.split(/^---[ \t]*$/m)) {
    const apiVersion = /^apiVersion:[ \t]*["']?([^"'\s#]+)/m.exec(doc)?.[1];
    const kind = /^kind:[ \t]*["']?([^"'\s#]+)/m.exec(doc)?.[1];
    if (apiVersion && kind) kinds.add(`${apiVersion} ${kind}`);
  }
  return [...kinds].sort();
}

/**
 * The apps/v1 Deployments and StatefulSets a rendered manifest holds (parsed with the yaml library;
 * documents that do not parse or name no workload are left out), each once, at most MAX_RELEASE_WORKLOADS.
 */
export function releaseWorkloads(manifest: string): ReleaseWorkload[] {
  const seen = new Map<string, ReleaseWorkload>();
  for (const doc of parseAllDocuments(manifest, { uniqueKeys: false })) {
    if (seen.size >= MAX_RELEASE_WORKLOADS) break;
    if (Array.isArray(doc) || doc.errors.length > 0) continue;
    let o: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
    try {
      o = doc.toJS({ maxAliasCount: 100 }) as typeof o;
    } catch {
      continue; // an alias without its anchor, too many aliases: not a document helm applied
    }
    if (!o || o.apiVersion !== 'apps/v1' || (o.kind !== 'Deployment' && o.kind !== 'StatefulSet')) continue;
    const name = o.metadata?.name;
    if (typeof name !== 'string' || name === '') continue;
    const namespace = typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : undefined;
    const w: ReleaseWorkload = { kind: o.kind, name, ...(namespace ? { namespace } : {}) };
    seen.set(`${w.kind}/${namespace ?? ''}/${name}`, w);
  }
  return [...seen.values()];
}

export function compareRevisions(current: HelmRevision, proposed: HelmRevision): HelmComparison {
  return {
    current: summarize(current),
    proposed: summarize(proposed),
    valuesDiff: lineDiff(valuesText(current.values), valuesText(proposed.values)),
    manifestDiff: lineDiff(current.manifest, proposed.manifest),
    manifestKinds: [...new Set([...manifestKinds(proposed.manifest), ...manifestKinds(current.manifest)])].sort(),
    workloads: releaseWorkloads(proposed.manifest),
  };
}
