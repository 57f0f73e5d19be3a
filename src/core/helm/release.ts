// A Helm 3 release as its history: one revision per release Secret (`sh.helm.release.v1.NAME.vN`).
// The adapter decodes a Secret's payload to JSON; everything here reads that JSON and reasons about it.

/** The Secret type and name prefix Helm 3's default storage driver writes. */
export const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
export const HELM_RELEASE_SECRET_PREFIX = 'sh.helm.release.v1.';
/** The annotations Helm 3 writes on every object it manages. */
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';

/** Helm's release statuses (helm.sh/helm/v3/pkg/release/status.go). */
export type HelmStatus =
  | 'unknown' | 'deployed' | 'uninstalled' | 'superseded' | 'failed' | 'uninstalling'
  | 'pending-install' | 'pending-upgrade' | 'pending-rollback';

export interface HelmRevision {
  release: string;
  namespace: string;
  revision: number;
  /** As Helm wrote it; unknown words are kept (and never count as good). */
  status: HelmStatus | string;
  chart: string;
  chartVersion: string;
  appVersion?: string;
  /** ISO time of this revision's install, upgrade or rollback (Helm's info.last_deployed). */
  deployedAt?: string;
  description: string;
  /** The values the user supplied for this revision (Helm's `config`; `helm get values`). */
  values: Record<string, unknown>;
  /** The rendered manifest Helm applied. */
  manifest: string;
}

/** A release's history as read from the cluster: revisions oldest first, or why it could not be read. */
export type HelmReleaseRead =
  | { namespace: string; release: string; ok: true; revisions: HelmRevision[] }
  | { namespace: string; release: string; ok: false; reason: string };

export class HelmReleaseFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmReleaseFormatError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads one decoded release JSON (Helm's release.Release); throws HelmReleaseFormatError naming what is wrong. */
export function revisionFromJson(json: unknown, where: string): HelmRevision {
  if (!isObject(json)) throw new HelmReleaseFormatError(`${where}: the release is not a JSON object`);
  const revision = json.version;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) {
    throw new HelmReleaseFormatError(`${where}: the release has no revision number (version)`);
  }
  const info = isObject(json.info) ? json.info : {};
  const chart = isObject(json.chart) && isObject(json.chart.metadata) ? json.chart.metadata : {};
  const deployedAt = validTime(text(info.last_deployed));
  return {
    release: text(json.name) ?? '',
    namespace: text(json.namespace) ?? '',
    revision,
    status: text(info.status) ?? 'unknown',
    chart: text(chart.name) ?? '',
    chartVersion: text(chart.version) ?? '',
    ...(text(chart.appVersion) ? { appVersion: text(chart.appVersion) } : {}),
    ...(deployedAt ? { deployedAt } : {}),
    description: text(info.description) ?? '',
    values: isObject(json.config) ? json.config : {},
    manifest: text(json.manifest) ?? '',
  };
}

/** Go writes RFC 3339 with nanoseconds; Date keeps milliseconds. Unparsable times are dropped, never guessed. */
function validTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && !value.startsWith('0001-') ? new Date(ms).toISOString() : undefined;
}

export const isPending = (status: string): boolean => status.startsWith('pending-');
const isGood = (status: string): boolean => status === 'deployed' || status === 'superseded';

/** Revisions oldest first, each revision once (the newest Secret of a duplicated revision wins). */
export function sortedRevisions(revisions: readonly HelmRevision[]): HelmRevision[] {
  const byNumber = new Map<number, HelmRevision>();
  for (const r of revisions) byNumber.set(r.revision, r);
  return [...byNumber.values()].sort((a, b) => a.revision - b.revision);
}

/** The revision the release is at: the newest one (Helm's `helm status` reads the last revision too). */
export function currentRevision(revisions: readonly HelmRevision[]): HelmRevision | undefined {
  const sorted = sortedRevisions(revisions);
  return sorted[sorted.length - 1];
}

/**
 * The last known-good revision: the newest revision older than the current one whose status is
 * deployed or superseded. A failed or pending revision never counts, whatever it replaced.
 */
export function lastKnownGood(revisions: readonly HelmRevision[]): HelmRevision | undefined {
  const current = currentRevision(revisions);
  if (!current) return undefined;
  return sortedRevisions(revisions).filter((r) => r.revision < current.revision && isGood(r.status)).pop();
}

export type ReleaseRef = { namespace: string; release: string };

/**
 * The release a workload belongs to, from the annotations Helm 3 writes. Without a namespace
 * annotation the release is in the workload's own namespace (Helm always writes both).
 */
export function releaseOfObject(meta: { namespace?: string; annotations?: Record<string, string> }): ReleaseRef | undefined {
  const annotations = meta.annotations ?? {};
  const release = Object.prototype.hasOwnProperty.call(annotations, RELEASE_NAME_ANNOTATION) ? annotations[RELEASE_NAME_ANNOTATION] : undefined;
  if (!release) return undefined;
  const namespace = Object.prototype.hasOwnProperty.call(annotations, RELEASE_NAMESPACE_ANNOTATION) ? annotations[RELEASE_NAMESPACE_ANNOTATION] : undefined;
  return { release, namespace: namespace || meta.namespace || '' };
}
