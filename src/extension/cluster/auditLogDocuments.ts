// Read-only virtual documents for "Show Audit Log" under the remediator-audit scheme: the listing's lines,
// and a hover on a notification attempt's row with every field of that attempt. The rows are built in core
// (auditListingRows, already redacted and escaped); this only keeps a few listings in memory and serves them.
import * as vscode from 'vscode';
import type { ListingRow } from '../../core/audit/attemptListing';
import { safeLine } from '../../core/text/safe';

export const AUDIT_LOG_SCHEME = 'remediator-audit';
/** Listings kept; older ones are dropped first (a document of a dropped one says so). */
const MAX_LISTINGS = 8;

export class AuditLogDocuments implements vscode.TextDocumentContentProvider, vscode.HoverProvider {
  private readonly listings = new Map<string, { text: string; details: (string[] | undefined)[] }>();
  private counter = 0;

  /** Keeps a listing (a header line, then the rows); returns the URI of its document. */
  add(header: string, rows: readonly ListingRow[]): vscode.Uri {
    const path = `/audit-${++this.counter}.log`;
    // One line per row, whatever a field holds: the hover finds a row by its line number.
    const lines = [header, ...rows.map((r) => r.line)].map(safeLine);
    this.listings.set(path, { text: lines.join('\n') + '\n', details: [undefined, ...rows.map((r) => r.details)] });
    while (this.listings.size > MAX_LISTINGS) this.listings.delete(this.listings.keys().next().value as string);
    return vscode.Uri.from({ scheme: AUDIT_LOG_SCHEME, path });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.listings.get(uri.path)?.text ?? '# this audit listing is no longer loaded: run "Show Audit Log" again\n';
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const details = this.listings.get(document.uri.path)?.details[position.line];
    if (!details) return undefined;
    // appendText: the details are plain text (markdown in a receiver's error must not render); a hard
    // line break between them.
    const markdown = new vscode.MarkdownString();
    details.forEach((d, i) => { if (i > 0) markdown.appendMarkdown('  \n'); markdown.appendText(d); });
    return new vscode.Hover(markdown, document.lineAt(position.line).range);
  }
}
