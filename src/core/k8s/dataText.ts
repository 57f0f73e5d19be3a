// Reading a saved cluster state (or an incident) from text: JSON first (kubectl output, fast), YAML as a
// fallback for hand-written files, with 1-based positions for error messages. Shared by the CLI and the
// editor's Simulate, so both report the same problem at the same place.
import { LineCounter, isNode, parseDocument } from 'yaml';
import { snapshotFromList } from './list';
import type { ClusterSnapshot } from './types';

export interface TextProblem { line: number; col: number; message: string }

export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & TextProblem);

/** Position of a path inside a JSON/YAML text; undefined when it cannot be found. */
export function locatePath(text: string, at: readonly (string | number)[]): { line: number; col: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const node = at.length === 0 ? doc.contents : doc.getIn(at, true);
  if (!isNode(node) || !node.range) return undefined;
  return lineCounter.linePos(node.range[0]);
}

function jsonErrorPosition(text: string, err: unknown): { line: number; col: number } {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return { line: 1, col: 1 };
  const offset = Number(m[1]);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

export function parseDataText(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (jsonErr) {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      return { ok: false, ...jsonErrorPosition(text, jsonErr), message: `invalid JSON: ${(jsonErr as Error).message}` };
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      return { ok: false, ...lineCounter.linePos(e.pos[0]), message: `invalid YAML: ${e.message.split('\n')[0]}` };
    }
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  }
}

/** A Kubernetes List text (`kubectl get ... -o json`) as a snapshot, or the first problem with its place. */
export function snapshotFromText(text: string): Parsed<ClusterSnapshot> {
  const data = parseDataText(text);
  if (!data.ok) return data;
  const { snapshot, problems } = snapshotFromList(data.value);
  if (problems.length === 0) return { ok: true, value: snapshot };
  const where = locatePath(text, problems[0].path) ?? { line: 1, col: 1 };
  return { ok: false, ...where, message: problems[0].message };
}
