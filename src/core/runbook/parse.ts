// parseRunbooks: YAML text -> one RunbookDocument per `---` document, each with its diagnostics
// located on the offending key or value. Never throws: every failure becomes a diagnostic.
import type { Document, YAMLError } from 'yaml';
import { RUNBOOK_API_VERSION, RUNBOOK_KIND, type Runbook } from '../model/runbook';
import { ZERO_RANGE, diagnostic, hasErrors, sortDiagnostics } from './diagnostics';
import { lintRunbook } from './lint';
import { metricDiagnostics } from './metricChecks';
import { normalizeRunbook } from './normalize';
import { isPolicyDocument, policyDiagnostics } from './policyShape';
import { Locator } from './positions';
import { validateAgainstSchema } from './schema';
import { schemaDiagnostics } from './schemaErrors';
import type { Diagnostic, RunbookDocument, RunbookFileResult } from './types';
import { MAX_ALIAS_COUNT, MAX_DOCUMENTS, MAX_FILE_BYTES, MAX_NESTING, MAX_PROBLEMS_PER_DOCUMENT, findAliasBomb, findDuplicateKeys, findUnresolvedAlias, readYaml, type ReadProblem, type YamlRead } from './yamlRead';

export interface ParseOptions {
  /** Run the semantic lint rules on valid runbooks (default true). */
  lint?: boolean;
}

const RUNBOOK_API_GROUP = RUNBOOK_API_VERSION.split('/')[0];
/** The kind of `*.runbook-test.yaml` files (src/core/testing). */
const RUNBOOK_TEST_KIND = 'RunbookTest';

function yamlDiagnostic(error: YAMLError, severity: 'error' | 'warning', locator: Locator): Diagnostic {
  const code = `yaml-${error.code.toLowerCase().replace(/_/g, '-')}`;
  return diagnostic(severity, 'yaml', code, error.message.split('\n')[0], locator.rangeOf(error.pos[0], error.pos[1]));
}

/** A runbook by kind or apiVersion, or a spec/metadata mapping with neither (a runbook missing both). */
function looksLikeRunbook(data: Record<string, unknown>): boolean {
  const { kind, apiVersion } = data;
  if (kind === RUNBOOK_KIND) return true;
  // Runbook tests share the API group and sit beside their runbooks, but are not runbooks.
  if (kind === RUNBOOK_TEST_KIND) return false;
  if (typeof apiVersion === 'string' && apiVersion.startsWith(`${RUNBOOK_API_GROUP}/`)) return true;
  return kind === undefined && apiVersion === undefined && ('spec' in data || 'metadata' in data);
}

/** Keeps the first problems (locating each one costs a walk of the tree) and says how many were left out. */
function capped<T>(problems: readonly T[], toDiagnostics: (kept: readonly T[]) => Diagnostic[], locator: Locator): Diagnostic[] {
  const diagnostics = toDiagnostics(problems.slice(0, MAX_PROBLEMS_PER_DOCUMENT));
  if (problems.length > MAX_PROBLEMS_PER_DOCUMENT) {
    diagnostics.push(diagnostic('error', 'schema', 'too-many-problems',
      `${problems.length - MAX_PROBLEMS_PER_DOCUMENT} more problems in this document are not shown`, locator.rootRange()));
  }
  return diagnostics;
}

function validateRunbook(data: Record<string, unknown>, locator: Locator, options: ParseOptions): { runbook?: Runbook; diagnostics: Diagnostic[] } {
  const errors = validateAgainstSchema(data);
  if (errors.length > 0) return { diagnostics: capped(errors, (kept) => schemaDiagnostics(kept, data, locator), locator) };
  const normalized = normalizeRunbook(data);
  if (!normalized.ok) {
    const path = ['spec', 'action', 'command'];
    return { diagnostics: [diagnostic('error', 'action', 'action-command-rejected', normalized.message, locator.valueRange(path), path)] };
  }
  const diagnostics = [
    ...metricDiagnostics(normalized.runbook, locator, options.lint !== false),
    ...(options.lint === false ? [] : lintRunbook(normalized.runbook, locator)),
  ];
  return hasErrors(diagnostics) ? { diagnostics } : { runbook: normalized.runbook, diagnostics };
}

function toData(document: Document.Parsed, locator: Locator): { data?: unknown; problem?: Diagnostic } {
  const unresolved = findUnresolvedAlias(document);
  if (unresolved) {
    return { problem: diagnostic('error', 'yaml', 'yaml-unresolved-alias',
      `alias *${(unresolved as { source?: string }).source} has no anchor before it`, locator.nodeRange(unresolved) ?? ZERO_RANGE) };
  }
  const bomb = findAliasBomb(document);
  if (bomb) {
    return { problem: diagnostic('error', 'yaml', 'yaml-alias-limit',
      'aliases expand to too much data (an alias bomb or a cycle); runbooks do not need aliases', locator.nodeRange(bomb) ?? ZERO_RANGE) };
  }
  try {
    return { data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { problem: diagnostic('error', 'yaml', 'yaml-alias-limit', `could not expand the document: ${message}`, locator.rootRange()) };
  }
}

function readDocument(document: Document.Parsed, index: number, read: YamlRead, options: ParseOptions, text: string): RunbookDocument {
  const locator = new Locator(read.lineCounter, document, text);
  const result: RunbookDocument = { index, range: locator.documentRange(), diagnostics: [], isRunbook: false };
  result.diagnostics.push(...capped(document.errors, (kept) => kept.map((e) => yamlDiagnostic(e, 'error', locator)), locator));
  result.diagnostics.push(...capped(findDuplicateKeys(document), (kept) => kept.map((key) => diagnostic('error', 'yaml', 'yaml-duplicate-key',
    `duplicate key "${String((key as { value?: unknown }).value)}": a key may appear only once in a mapping`, locator.nodeRange(key) ?? ZERO_RANGE)), locator));
  result.diagnostics.push(...capped(document.warnings, (kept) => kept.map((e) => yamlDiagnostic(e, 'warning', locator)), locator));
  const { data, problem } = toData(document, locator);
  if (problem) return { ...result, diagnostics: [...result.diagnostics, problem] };
  if (data === null || data === undefined) return result;
  if (typeof data !== 'object' || Array.isArray(data)) {
    result.diagnostics.push(diagnostic('error', 'schema', 'not-a-mapping',
      `document ${index + 1} is ${Array.isArray(data) ? 'a list' : 'a single value'}; a RemediationRunbook is a mapping starting with apiVersion: ${RUNBOOK_API_VERSION}`,
      locator.valueRange([])));
    return result;
  }
  const record = data as Record<string, unknown>;
  const name = (record.metadata as { name?: unknown } | undefined)?.name;
  if (typeof name === 'string') result.name = name;
  if (isPolicyDocument(record)) return { ...result, diagnostics: [...result.diagnostics, ...policyDiagnostics(record, locator)] };
  if (!looksLikeRunbook(record)) return result;
  result.isRunbook = true;
  if (hasErrors(result.diagnostics)) return result; // a broken YAML tree gives misleading schema errors
  const validated = validateRunbook(record, locator, options);
  result.diagnostics.push(...validated.diagnostics);
  if (validated.runbook) result.runbook = validated.runbook;
  return result;
}

function problemDiagnostic(problem: ReadProblem, read: YamlRead): Diagnostic {
  if (problem.kind === 'tooLarge') {
    const megabytes = (problem.bytes / 1024 / 1024).toFixed(1);
    return diagnostic('error', 'yaml', 'file-too-large',
      `the file is ${megabytes} MB; runbook files larger than ${MAX_FILE_BYTES / 1024 / 1024} MB are not read`, ZERO_RANGE);
  }
  const at = read.lineCounter.linePos(problem.offset);
  const position = { line: at.line - 1, character: at.col - 1 };
  const range = { start: position, end: position };
  if (problem.kind === 'tooManyDocuments') {
    return diagnostic('error', 'yaml', 'too-many-documents',
      `the file has more than ${MAX_DOCUMENTS} documents; split it (runbook files are read whole), so it is not read`, range);
  }
  return diagnostic('error', 'yaml', 'nesting-too-deep',
    `the YAML nests deeper than ${MAX_NESTING} levels here (a runbook needs fewer than 10), so the file is not read; `
    + 'look for unbalanced brackets or "key: key: value" on one line', range);
}

function internalError(err: unknown): Diagnostic {
  const overflow = err instanceof RangeError && /call stack/i.test(err.message);
  const message = overflow
    ? 'the file is nested too deeply to read'
    : `could not read the file: ${err instanceof Error ? err.message : String(err)}`;
  return diagnostic('error', 'yaml', overflow ? 'nesting-too-deep' : 'internal-error', message, ZERO_RANGE);
}

function fileResult(documents: RunbookDocument[], extra: Diagnostic[] = []): RunbookFileResult {
  for (const document of documents) document.diagnostics = sortDiagnostics(document.diagnostics);
  return { documents, diagnostics: sortDiagnostics([...extra, ...documents.flatMap((d) => d.diagnostics)]) };
}

/** Reads every `---` document of a runbook file. Never throws. */
export function parseRunbooks(text: string, options: ParseOptions = {}): RunbookFileResult {
  try {
    const read = readYaml(text);
    if (read.problem) return fileResult([], [problemDiagnostic(read.problem, read)]);
    return fileResult(read.documents.map((document, index) => readDocument(document, index, read, options, text)));
  } catch (err) {
    return fileResult([], [internalError(err)]);
  }
}

/** Single-runbook convenience: the first runbook document of the text. */
export function parseRunbook(text: string, options: ParseOptions = {}): { runbook?: Runbook; diagnostics: Diagnostic[] } {
  const result = parseRunbooks(text, options);
  const runbooks = result.documents.filter((d) => d.isRunbook);
  if (runbooks.length === 0 && !hasErrors(result.diagnostics)) {
    const none = diagnostic('error', 'schema', 'no-runbook',
      `no RemediationRunbook found (a runbook starts with apiVersion: ${RUNBOOK_API_VERSION} and kind: ${RUNBOOK_KIND})`, ZERO_RANGE);
    return { diagnostics: sortDiagnostics([none, ...result.diagnostics]) };
  }
  const first = runbooks[0];
  return first?.runbook ? { runbook: first.runbook, diagnostics: result.diagnostics } : { diagnostics: result.diagnostics };
}
