// Read-only virtual documents for "Compare revisions": a Helm revision's values or rendered manifest
// under the remediator-helm scheme. A revision never changes once Helm wrote it, so its texts are kept
// (a few releases' worth) and served from memory; nothing is written anywhere.
import * as vscode from 'vscode';
import { helmDocumentPath, helmDocumentText, HELM_DOCUMENT_PARTS, parseHelmDocumentPath, type HelmDocumentPart } from '../../core/helm/documents';
import type { HelmRevision } from '../../core/helm/release';

export const HELM_DOCUMENT_SCHEME = 'remediator-helm';
/** Revisions kept; older ones are dropped first (a document of a dropped one says so). */
const MAX_REVISIONS = 16;

export class HelmRevisionDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  /** Keeps both parts of a revision; returns the URI of each. */
  add(r: HelmRevision): Record<HelmDocumentPart, vscode.Uri> {
    const uris = {} as Record<HelmDocumentPart, vscode.Uri>;
    for (const part of HELM_DOCUMENT_PARTS) {
      const path = helmDocumentPath({ namespace: r.namespace, release: r.release, revision: r.revision, part });
      this.texts.delete(path); // re-added: now the newest
      this.texts.set(path, helmDocumentText(r, part));
      uris[part] = vscode.Uri.from({ scheme: HELM_DOCUMENT_SCHEME, path });
    }
    while (this.texts.size > MAX_REVISIONS * HELM_DOCUMENT_PARTS.length) this.texts.delete(this.texts.keys().next().value as string);
    return uris;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const text = this.texts.get(uri.path);
    if (text !== undefined) return text;
    const ref = parseHelmDocumentPath(uri.path);
    return ref
      ? `# revision ${ref.revision} of Helm release ${ref.release} is no longer loaded: run "Compare revisions" again\n`
      : '# not a Remediator Helm document\n';
  }
}
