// The texts "Compare revisions" shows: one revision's user-supplied values (sorted YAML, as the dry-run
// diff compares them) or its rendered manifest, and the path that names such a document. Pure, so the
// editor's read-only virtual documents and their tests share it.
import { valuesText } from './compare';
import type { HelmRevision } from './release';

export type HelmDocumentPart = 'values' | 'manifest';
export const HELM_DOCUMENT_PARTS: readonly HelmDocumentPart[] = ['values', 'manifest'];

export interface HelmDocumentRef {
  namespace: string;
  release: string;
  revision: number;
  part: HelmDocumentPart;
}

/** The text of one part of a revision; a trailing newline so the last line diffs like the others. */
export function helmDocumentText(r: HelmRevision, part: HelmDocumentPart): string {
  const text = part === 'values' ? valuesText(r.values) : r.manifest;
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** `/NAMESPACE/RELEASE/REVISION/PART.yaml`, each segment encoded (the names come from the cluster). */
export function helmDocumentPath(ref: HelmDocumentRef): string {
  return `/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.release)}/${ref.revision}/${ref.part}.yaml`;
}

/** The reference a path names, or undefined for anything helmDocumentPath would not have written. */
export function parseHelmDocumentPath(path: string): HelmDocumentRef | undefined {
  const m = /^\/([^/]+)\/([^/]+)\/([1-9][0-9]{0,8})\/(values|manifest)\.yaml$/.exec(path);
  if (!m) return undefined;
  try {
    const namespace = decodeURIComponent(m[1]);
    const release = decodeURIComponent(m[2]);
    if (namespace === '' || release === '' || /[/\p{Cc}]/u.test(namespace + release)) return undefined;
    return { namespace, release, revision: Number(m[3]), part: m[4] as HelmDocumentPart };
  } catch {
    return undefined; // a malformed %-escape
  }
}
