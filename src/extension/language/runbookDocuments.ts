// Which editor documents are runbooks, and their parse results, computed lazily once per version
// and shared by diagnostics, hover, quick fixes and CodeLens.
import * as vscode from 'vscode';
import { parseRunbooks, type RunbookFileResult } from '../../core/runbook';
import { RUNBOOK_KIND } from '../../core/model/runbook';

/** Files that are runbooks by name; Red Hat YAML applies our schema to these (manifest yamlValidation). */
export const RUNBOOK_FILES: vscode.DocumentFilter[] = [
  { language: 'yaml', pattern: '**/*.runbook.{yaml,yml}' },
  { language: 'yaml', pattern: '**/runbooks/**/*.{yaml,yml}' },
];

/** Every YAML document: a runbook may be recognized by its `kind:` alone (checked in the providers). */
export const YAML_DOCUMENTS: vscode.DocumentSelector = [{ language: 'yaml' }];

const KIND_LINE = new RegExp(`^kind:[ \\t]*["']?${RUNBOOK_KIND}["']?[ \\t]*(#.*)?$`, 'm');

export function isRunbookByName(document: vscode.TextDocument): boolean {
  // Runbook tests (`*.runbook-test.yaml`) live beside their runbooks but have their own schema.
  if (/\.runbook-test\.ya?ml$/.test(document.uri.path)) return false;
  return vscode.languages.match(RUNBOOK_FILES, document) > 0;
}

/** A runbook by file name, or any YAML document with a top-level `kind: RemediationRunbook` line. */
export function isRunbookDocument(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'yaml') return false;
  return isRunbookByName(document) || KIND_LINE.test(document.getText());
}

interface Cached { version: number; result: RunbookFileResult }
// Keyed by the document object, not its URI: a closed untitled document's URI (Untitled-1) is reused
// by the next one, which starts again at version 1.
const cache = new WeakMap<vscode.TextDocument, Cached>();

/** The parse of the document's current text; parsed at most once per document version. */
export function parsedRunbooks(document: vscode.TextDocument): RunbookFileResult {
  const cached = cache.get(document);
  if (cached && cached.version === document.version) return cached.result;
  const result = parseRunbooks(document.getText());
  cache.set(document, { version: document.version, result });
  return result;
}

export function documentLines(document: vscode.TextDocument): string[] {
  return document.getText().split(/\r?\n/);
}
