// Linear scans over JSON text that JSON.parse has already accepted: the nesting depth (checked before
// anything else reads the text) and the offset of a value by path (to put a problem at its line). Both are
// iterative and allocate almost nothing, so locating a problem never costs more than reading the file.
import type { PathKey } from './guards/shape';

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_LIST = 0x5b; // [
const CLOSE_LIST = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Index just past the string starting at `start` (a quote). */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return text.length;
}

/** Offset of the first `{`/`[` that opens level `maxDepth + 1`, or -1 when the text nests no deeper. */
export function jsonTooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = skipString(text, i) - 1;
    else if (c === OPEN_OBJECT || c === OPEN_LIST) { if (++depth > maxDepth) return i; }
    else if (c === CLOSE_OBJECT || c === CLOSE_LIST) depth--;
  }
  return -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
  return i;
}

/** Index just past the value starting at `start`. */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipString(text, start);
  if (first === OPEN_OBJECT || first === OPEN_LIST) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = skipString(text, i) - 1;
      else if (c === OPEN_OBJECT || c === OPEN_LIST) depth++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_LIST) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_OBJECT || c === CLOSE_LIST || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    i++;
  }
  return i;
}

function keyText(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/** Offset of member `key` (the last one, as JSON.parse keeps the last of repeated keys) of the object at `start`. */
function memberOffset(text: string, start: number, key: string): number | undefined {
  let found: number | undefined;
  let i = skipSpace(text, start + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const name = keyText(text, i, keyEnd);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return found;
    const valueStart = skipSpace(text, i + 1);
    if (name === key) found = valueStart;
    i = skipSpace(text, skipValue(text, valueStart));
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipSpace(text, i + 1);
  }
  return found;
}

function elementOffset(text: string, start: number, index: number): number | undefined {
  let i = skipSpace(text, start + 1);
  for (let n = 0; i < text.length && text.charCodeAt(i) !== CLOSE_LIST; n++) {
    if (n === index) return i;
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/**
 * Offset of the value at `path` in valid JSON text; when the path does not exist all the way down (a
 * missing field), the offset of the deepest value that does.
 */
export function jsonOffsetOf(text: string, path: readonly PathKey[]): number {
  let at = skipSpace(text, 0);
  for (const key of path) {
    const c = text.charCodeAt(at);
    const next = typeof key === 'number'
      ? (c === OPEN_LIST ? elementOffset(text, at, key) : undefined)
      : (c === OPEN_OBJECT ? memberOffset(text, at, key) : undefined);
    if (next === undefined) return at;
    at = next;
  }
  return at;
}

/** 1-based line and column of an offset. */
export function linePosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;
const LITERAL = /true|false|null/y;

function matchAt(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Index just past a scalar or string starting at `at`, or -1 when there is none. */
function scalarEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) {
    const end = matchAt(STRING_BODY, text, at + 1);
    return text.charCodeAt(end) === QUOTE ? end + 1 : -1;
  }
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return matchAt(NUMBER, text, at);
  return matchAt(LITERAL, text, at);
}

/** Where the value of the member whose key starts at `at` starts; ~offset of the error when the key or colon is wrong. */
function memberValueAt(text: string, at: number): number {
  const keyEnd = text.charCodeAt(at) === QUOTE ? scalarEnd(text, at) : -1;
  if (keyEnd < 0) return ~at;
  const colon = skipSpace(text, keyEnd);
  if (text.charCodeAt(colon) !== COLON) return ~colon;
  return skipSpace(text, colon + 1);
}

/**
 * Offset of the first JSON syntax error, or -1 for valid JSON. JSON.parse's messages do not always say
 * where (and differ between Node versions); this scan does, iteratively, in one pass.
 */
export function jsonSyntaxErrorAt(text: string): number {
  const open: number[] = [];
  let i = skipSpace(text, 0);
  for (;;) {
    // A value is expected at i.
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_LIST) {
      open.push(c);
      i = skipSpace(text, i + 1);
      const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_LIST;
      if (text.charCodeAt(i) === close) { open.pop(); i = skipSpace(text, i + 1); }
      else if (c === OPEN_OBJECT) {
        const value = memberValueAt(text, i);
        if (value < 0) return ~value;
        i = value;
        continue;
      } else continue;
    } else {
      const end = scalarEnd(text, i);
      if (end < 0) return i;
      i = skipSpace(text, end);
    }
    // After a value: a comma, a closing bracket, or the end.
    for (;;) {
      if (open.length === 0) return i < text.length ? i : -1;
      const inObject = open[open.length - 1] === OPEN_OBJECT;
      const d = text.charCodeAt(i);
      if (d === (inObject ? CLOSE_OBJECT : CLOSE_LIST)) { open.pop(); i = skipSpace(text, i + 1); continue; }
      if (d !== COMMA) return i;
      i = skipSpace(text, i + 1);
      if (inObject) {
        const value = memberValueAt(text, i);
        if (value < 0) return ~value;
        i = value;
      }
      break;
    }
  }
}
