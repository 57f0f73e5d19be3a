// Reading a saved cluster state (or an incident) from text: JSON first (kubectl output, fast), YAML as a
// fallback for hand-written files, with 1-based positions for error messages. Shared by the CLI and the
// editor's Simulate, so both report the same problem at the same place. Every read is bounded (size,
// nesting, one YAML document, alias expansion) and so is locating a problem afterwards.
import { isMap, isNode, isSeq, type Document, type Node } from 'yaml';
import {
  MAX_ALIAS_COUNT, MAX_FILE_BYTES, findAliasBomb, findDuplicateKeys, findUnresolvedAlias, readYaml, type ReadLimits, type ReadProblem,
} from '../runbook/yamlRead';
import type { PathKey } from './guards/shape';
import { jsonOffsetOf, jsonSyntaxErrorAt, jsonTooDeepAt, linePosition } from './jsonScan';
import { snapshotFromList } from './list';
import type { ClusterSnapshot } from './types';

const MiB = 1024 * 1024;

/**
 * A saved state may be big (`kubectl get pods,... -A -o json` of a large cluster is tens of MB), far more
 * than a runbook; above this it is refused before parsing.
 */
export const MAX_STATE_BYTES = 64 * MiB;
/**
 * Kubernetes objects nest about 20 levels deep (managedFields included); deeper input is refused before
 * it is parsed or located.
 */
export const MAX_STATE_NESTING = 100;

/** Limits for a saved cluster state: one YAML document. */
export const STATE_LIMITS: ReadLimits = { maxBytes: MAX_STATE_BYTES, maxNesting: MAX_STATE_NESTING, maxDocuments: 1 };
/** Limits for an incident: a small mapping, read like a runbook. */
export const INCIDENT_LIMITS: ReadLimits = { maxBytes: MAX_FILE_BYTES, maxNesting: MAX_STATE_NESTING, maxDocuments: 1 };

export interface TextPosition { line: number; col: number }
export interface TextProblem extends TextPosition { message: string }

export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & TextProblem);

/** Parsed data and a way to put a problem found later at its place in the text. */
export type DataRead = { ok: true; value: unknown; locate(path: readonly PathKey[]): TextPosition } | ({ ok: false } & TextProblem);

/** "1 MiB", "64 MiB": limits are whole MiB. */
export function sizeText(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** The message for input refused by its size, the same wherever the size is found out. */
export function tooLargeMessage(limit: number, what: string): string {
  return `larger than ${sizeText(limit)} (the limit for ${what}); refused before parsing`;
}

const fail = (at: TextPosition, message: string): DataRead => ({ ok: false, ...at, message });

/** Control characters escaped: a message that quotes the input (JSON.parse's does) stays on one line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const FIRST: TextPosition = { line: 1, col: 1 };

function jsonErrorOffset(text: string, err: unknown): number | undefined {
  const scanned = jsonSyntaxErrorAt(text);
  if (scanned >= 0) return scanned;
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  return m ? Number(m[1]) : undefined;
}

function readJson(original: string, limits: ReadLimits): DataRead {
  // A byte-order mark (editors on Windows write one) is not JSON; a space in its place keeps every offset.
  const text = original.charCodeAt(0) === 0xfeff ? ` ${original.slice(1)}` : original;
  const deep = jsonTooDeepAt(text, limits.maxNesting);
  if (deep >= 0) return fail(linePosition(text, deep), `the JSON nests deeper than ${limits.maxNesting} levels here; refused`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text, err);
    return fail(offset === undefined ? FIRST : linePosition(text, offset), `invalid JSON: ${oneLine((err as Error).message)}`);
  }
  return { ok: true, value, locate: (path) => linePosition(text, jsonOffsetOf(text, path)) };
}

function readProblemMessage(problem: ReadProblem, limits: ReadLimits): string {
  if (problem.kind === 'tooManyDocuments') {
    return limits.maxDocuments === 1
      ? 'a second YAML document starts here; the file must hold exactly one (no "---" between objects)'
      : `more than ${limits.maxDocuments} YAML documents`;
  }
  if (problem.kind === 'tooDeep') return `the YAML nests deeper than ${limits.maxNesting} levels here; refused`;
  return `larger than ${sizeText(limits.maxBytes)}; refused before parsing`;
}

/** The node at `path`, or the deepest node on the way when the path stops early. */
function nodeAt(document: Document.Parsed, path: readonly PathKey[]): Node | undefined {
  let node: unknown = document.contents;
  let found = isNode(node) ? node : undefined;
  for (const key of path) {
    const next: unknown = isMap(node) ? node.get(key, true) : isSeq(node) && typeof key === 'number' ? node.items[key] : undefined;
    if (!isNode(next)) break;
    node = next;
    found = next;
  }
  return found;
}

function readYamlData(text: string, limits: ReadLimits): DataRead {
  const read = readYaml(text, limits);
  const at = (offset: number): TextPosition => read.lineCounter.linePos(offset);
  if (read.problem) return fail(read.problem.kind === 'tooLarge' ? FIRST : at(read.problem.offset), readProblemMessage(read.problem, limits));
  const [document] = read.documents;
  if (!document) return { ok: true, value: null, locate: () => FIRST };
  const place = (node: Node | undefined) => (node?.range ? at(node.range[0]) : FIRST);
  if (document.errors.length > 0) {
    const e = document.errors[0];
    return fail(at(e.pos[0]), `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const duplicate = findDuplicateKeys(document)[0];
  if (duplicate) return fail(place(duplicate), `duplicate key ${JSON.stringify(String((duplicate as { value?: unknown }).value))}: a key may appear only once in a mapping`);
  const unresolved = findUnresolvedAlias(document);
  if (unresolved) return fail(place(unresolved), `alias *${(unresolved as { source?: string }).source} has no anchor before it`);
  const bomb = findAliasBomb(document);
  if (bomb) return fail(place(bomb), 'aliases here expand to too much data (an alias bomb or a cycle)');
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return fail(place(document.contents ?? undefined), `could not expand the YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { ok: true, value, locate: (path) => place(nodeAt(document, path)) };
}

/** JSON (text starting with `{` or `[`) or else one YAML document, within `limits`. Never throws. */
export function parseDataText(text: string, limits: ReadLimits = STATE_LIMITS): DataRead {
  if (text.length > limits.maxBytes) return fail(FIRST, `larger than ${sizeText(limits.maxBytes)}; refused before parsing`);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return readJson(text, limits);
  return readYamlData(text, limits);
}

/** A Kubernetes List text (`kubectl get ... -o json`) as a snapshot, or the first problem with its place. */
export function snapshotFromText(text: string): Parsed<ClusterSnapshot> {
  const data = parseDataText(text, STATE_LIMITS);
  if (!data.ok) return data;
  const { snapshot, problems } = snapshotFromList(data.value);
  if (problems.length === 0) return { ok: true, value: snapshot };
  return { ok: false, ...data.locate(problems[0].path), message: problems[0].message };
}

