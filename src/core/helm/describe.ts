// How a workload's Helm release is worded in the workloads tree: the release name from Helm's own
// annotations, with its namespace only when that differs from the workload's. Cluster text, so escaped
// and kept short (an annotation value can be anything).
import { escapeText } from '../text/escape';
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
