// Maps data paths (['spec', 'risk']) and source offsets to editor ranges, using the YAML node tree.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import { scalarMap, sourceSpan, type ScalarStyle } from './scalarOffsets';
import type { Range } from './types';

type Path = readonly (string | number)[];

interface Located {
  /** The key node of the last path segment, when it is a mapping entry. */
  key?: Node;
  /** The value node at the path, when present. */
  value?: Node;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

function hasRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

export class Locator {
  constructor(
    private readonly lineCounter: LineCounter,
    private readonly document: Document.Parsed,
    /** The file's text, to map offsets inside a string value back to the source (see valueSpanRange). */
    private readonly text?: string,
  ) {}

  rangeOf(start: number, end: number): Range {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start, end));
    return {
      start: { line: from.line - 1, character: from.col - 1 },
      end: { line: to.line - 1, character: to.col - 1 },
    };
  }

  nodeRange(node: Node | undefined): Range | undefined {
    if (!hasRange(node)) return undefined;
    return this.rangeOf(node.range[0], node.range[1]);
  }

  /** The whole document (from its first content to its end). */
  documentRange(): Range {
    const [start, , end] = this.document.range;
    return this.rangeOf(start, end);
  }

  /** Follows the path through mappings and sequences (and aliases), keeping the last key node. */
  locate(path: Path): Located {
    let node: unknown = this.document.contents;
    let key: Node | undefined;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.document);
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(item) === String(segment));
        if (!pair) return {};
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        key = undefined;
      } else {
        return {};
      }
    }
    return { key, value: hasRange(node) ? node : undefined };
  }

  /** Where to point at a value (wrong type, enum, range): the value, else its key, else the closest parent. */
  valueRange(path: Path): Range {
    const { key, value } = this.locate(path);
    if (value && value.range && value.range[1] > value.range[0]) return this.nodeRange(value)!;
    return this.nodeRange(key) ?? this.parentRange(path);
  }

  /**
   * Where [from, to) of the string value at `path` is in the file (offsets into the value, as a checker of
   * that value reports them), for every scalar style; the whole value when the mapping is not certain.
   */
  valueSpanRange(path: Path, from: number, to: number): Range {
    const { value } = this.locate(path);
    if (this.text !== undefined && isScalar(value) && typeof value.value === 'string' && hasRange(value)) {
      const [start, end] = value.range;
      const map = scalarMap(this.text.slice(start, end), value.type as ScalarStyle, value.value);
      if (map) {
        const span = sourceSpan(map, from, to);
        return this.rangeOf(start + span.start, start + span.end);
      }
    }
    return this.valueRange(path);
  }

  /** Where to point at a key (unknown field): the key, else the closest parent. */
  keyRange(path: Path): Range {
    if (path.length === 0) return this.rootRange();
    const { key, value } = this.locate(path);
    return this.nodeRange(key) ?? this.nodeRange(value) ?? this.parentRange(path);
  }

  /** The key of the closest existing ancestor (e.g. `verification:` for a missing check). */
  parentRange(path: Path): Range {
    for (let length = path.length - 1; length > 0; length--) {
      const { key, value } = this.locate(path.slice(0, length));
      const range = this.nodeRange(key) ?? this.nodeRange(value);
      if (range) return range;
    }
    return this.rootRange();
  }

  /** The first key of the document (a missing top-level field points here). */
  rootRange(): Range {
    const root = this.document.contents;
    if (isMap(root) && root.items.length > 0) {
      const range = this.nodeRange(root.items[0].key as Node);
      if (range) return range;
    }
    const start = this.document.range[0];
    return this.rangeOf(start, start);
  }
}
