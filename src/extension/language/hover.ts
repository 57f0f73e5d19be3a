// Hover for runbook YAML: what the key under the cursor means (the schema's description), and on
// `spec`, `metadata.name` and a runbook's first line, the runbook's decision sentence.
import * as vscode from 'vscode';
import type { RunbookDocument } from '../../core/runbook';
import { runbookSentence } from '../../core/engine/sentence';
import { durationHover } from './durationHover';
import { descriptionAt } from './schemaNav';
import { keyAt, lineShape, type PathSegment } from './yamlPath';
import { documentLines, isRunbookDocument, parsedRunbooks } from './runbookDocuments';

function runbookAtLine(document: vscode.TextDocument, line: number): RunbookDocument | undefined {
  return parsedRunbooks(document).documents.find((d) => d.isRunbook && d.range.start.line <= line && line <= d.range.end.line);
}

function showsSentence(path: PathSegment[] | undefined, line: number, runbook: RunbookDocument | undefined): boolean {
  if (!runbook) return false;
  if (line === runbook.range.start.line) return true;
  const joined = path?.join('.');
  return joined === 'spec' || joined === 'metadata.name';
}

function sentenceMarkdown(runbook: RunbookDocument): string {
  if (!runbook.runbook) return '*The decision sentence appears once this runbook has no errors.*';
  return `**Decision:** ${runbookSentence(runbook.runbook)}`;
}

export class RunbookHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!isRunbookDocument(document)) return undefined;
    const lines = documentLines(document);
    const key = keyAt(lines, position.line, position.character);
    const parts: string[] = [];
    const description = key ? descriptionAt(key.path) : undefined;
    if (key && description) parts.push(`\`${key.path.filter((s) => typeof s === 'string').join('.')}\`: ${description}`);
    const duration = key ? durationHover(key.path, lineShape(lines[position.line])?.rest) : undefined;
    if (duration) parts.push(duration);
    const runbook = runbookAtLine(document, position.line);
    if (showsSentence(key?.path, position.line, runbook)) parts.push(sentenceMarkdown(runbook!));
    if (parts.length === 0) return undefined;
    const range = key ? new vscode.Range(position.line, key.start, position.line, lines[position.line].trimEnd().length) : undefined;
    return new vscode.Hover(new vscode.MarkdownString(parts.join('\n\n---\n\n')), range);
  }
}
