// How a workload's Helm release is worded in the workloads tree: the release name from Helm's own
// annotations, with its namespace only when that differs from the workload's. Cluster text, so escaped
// and kept short (an annotation value can be anything).
import { escapeText } from '../text/escape';
import type { HelmRevisionSummary } from './compare';
import { releaseOfObject } from './release';

/** Kubernetes caps a release name at 53 characters; anything longer is not Helm's and is cut. */
const MAX_SHOWN = 60;

function short(text: string): string {
  const escaped = escapeText(text);
  return escaped.length > MAX_SHOWN ? `${escaped.slice(0, MAX_SHOWN - 1)}…` : escaped;
}

/** "helm payment-api" (or "helm other-ns/payment-api"), or undefined for a workload of no release. */
export function helmReleaseText(meta: { namespace?: string; annotations?: Record<string, string> }): string | undefined {
  const ref = releaseOfObject(meta);
  if (!ref) return undefined;
  return ref.namespace && ref.namespace !== meta.namespace ? `helm ${short(ref.namespace)}/${short(ref.release)}` : `helm ${short(ref.release)}`;
}

/** What is known of the release's current revision, as the workloads tree shows it. */
export type CurrentRevisionView =
  | { ok: true; current: HelmRevisionSummary | undefined }
  | { ok: false; reason: string };

/** " r3 (checkout-0.1.0, deployed)" after the release name; nothing until the release was read. */
export function helmRevisionText(read: CurrentRevisionView | undefined): string {
  if (!read) return '';
  if (!read.ok) return ' (history unreadable)';
  if (!read.current) return ' (no revisions)';
  const c = read.current;
  return ` r${c.revision} (${short(`${c.chart}-${c.chartVersion}`)}, ${short(c.status)})`;
}

/** The tooltip's lines about the release: revision, chart and app version, status, when, and Helm's description. */
export function helmRevisionFacts(read: CurrentRevisionView | undefined): string[] {
  if (!read) return ['Reading the release history…'];
  if (!read.ok) return [`Release history not readable: ${escapeText(read.reason)}`];
  if (!read.current) return ['The release has no revisions (no release Secrets)'];
  const c = read.current;
  return [
    `Revision ${c.revision}, ${c.status}`,
    `Chart ${c.chart}-${c.chartVersion}${c.appVersion ? `, app version ${c.appVersion}` : ''}`,
    ...(c.deployedAt ? [`Deployed ${c.deployedAt}`] : []),
    ...(c.description ? [`“${c.description}”`] : []),
  ].map(escapeText);
}
