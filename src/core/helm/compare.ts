// What a Helm rollback would change, for the dry-run and approval payloads: the current and the
// proposed revision side by side, and the differences between their values and rendered manifests.
import { stringify } from 'yaml';
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
}

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

export function compareRevisions(current: HelmRevision, proposed: HelmRevision): HelmComparison {
  return {
    current: summarize(current),
    proposed: summarize(proposed),
    valuesDiff: lineDiff(valuesText(current.values), valuesText(proposed.values)),
    manifestDiff: lineDiff(current.manifest, proposed.manifest),
    manifestKinds: [...new Set([...manifestKinds(proposed.manifest), ...manifestKinds(current.manifest)])].sort(),
  };
}
