// Offsets into a scalar's VALUE (what a query or condition checker sees) mapped back to offsets in the YAML
// source, for each scalar style: plain and quoted scalars fold line breaks and (double-quoted) decode
// escapes; block scalars drop their indentation and (folded) join lines. The mapping is rebuilt by decoding
// the source text again, and is only used when that decoding gives exactly the value the yaml library read:
// otherwise the caller points at the whole value rather than at a wrong column.

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** For each UTF-16 unit of the value, where it came from in the source: [start, end) relative to the scalar. */
export interface ScalarMap {
  value: string;
  starts: number[];
  ends: number[];
}

class Builder {
  value = '';
  starts: number[] = [];
  ends: number[] = [];
  emit(text: string, start: number, end: number): void {
    for (let k = 0; k < text.length; k++) {
      this.starts.push(start);
      this.ends.push(end);
    }
    this.value += text;
  }
  done(): ScalarMap {
    return { value: this.value, starts: this.starts, ends: this.ends };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}
function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

/** A double-quoted escape at `i` (the backslash): its text and length; undefined for an escaped line break. */
function escapeAt(src: string, i: number): { text: string; length: number } | undefined {
  const next = src[i + 1];
  if (next !== undefined && SIMPLE_ESCAPES[next] !== undefined) return { text: SIMPLE_ESCAPES[next], length: 2 };
  const digits = next === undefined ? undefined : HEX_ESCAPES[next];
  if (digits !== undefined) {
    const hex = src.slice(i + 2, i + 2 + digits);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : NaN;
    if (!Number.isFinite(code) || code > 0x10ffff) throw new Error('bad escape');
    return { text: String.fromCodePoint(code), length: 2 + digits };
  }
  if (isBreak(next)) return undefined;
  throw new Error('bad escape');
}

/** Plain, single- and double-quoted scalars: `src` is the scalar's source text, quotes included. */
function decodeFlow(src: string, quote: '' | "'" | '"'): ScalarMap {
  const out = new Builder();
  const end = quote ? src.length - 1 : src.length;
  let pending: number[] = []; // literal blanks not yet emitted: dropped when a line break follows
  const flush = () => {
    for (const p of pending) out.emit(src[p], p, p + 1);
    pending = [];
  };
  let i = quote ? 1 : 0;
  while (i < end) {
    const c = src[i];
    if (isBlank(c)) {
      pending.push(i++);
      continue;
    }
    if (isBreak(c)) {
      pending = [];
      let breaks = 0;
      let j = i;
      while (j < end && (isBlank(src[j]) || isBreak(src[j]))) {
        if (src[j] === '\n' || (src[j] === '\r' && src[j + 1] !== '\n')) breaks++;
        j++;
      }
      if (breaks <= 1) out.emit(' ', i, j);
      else for (let k = 1; k < breaks; k++) out.emit('\n', i, j);
      i = j;
      continue;
    }
    flush();
    if (quote === "'" && c === "'") {
      out.emit("'", i, i + 2);
      i += 2;
      continue;
    }
    if (quote === '"' && c === '\\') {
      const escape = escapeAt(src, i);
      if (escape) {
        out.emit(escape.text, i, i + escape.length);
        i += escape.length;
        continue;
      }
      // An escaped line break joins the lines without a space; the next line's indentation is dropped.
      let j = i + 1;
      if (src[j] === '\r' && src[j + 1] === '\n') j++;
      j++;
      while (j < end && isBlank(src[j])) j++;
      i = j;
      continue;
    }
    out.emit(c, i, i + 1);
    i++;
  }
  flush();
  return out.done();
}

interface Line { start: number; text: string }

/** Block scalars: `src` starts at the `|` or `>` header. Indentation is detected from the first content line. */
function decodeBlock(src: string, folded: boolean): ScalarMap {
  const out = new Builder();
  const headerEnd = src.search(/\r?\n/);
  if (headerEnd < 0) return out.done();
  const lines: Line[] = [];
  let at = headerEnd + (src[headerEnd] === '\r' ? 2 : 1);
  while (at <= src.length) {
    const nl = src.indexOf('\n', at);
    const stop = nl < 0 ? src.length : nl;
    lines.push({ start: at, text: src.slice(at, stop).replace(/\r$/, '') });
    if (nl < 0) break;
    at = nl + 1;
  }
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) return out.done();
  const indent = first.text.length - first.text.trimStart().length;
  const content = (l: Line) => ({ start: l.start + Math.min(indent, l.text.length), text: l.text.slice(indent) });
  let previous: Line | undefined;
  let empties = 0;
  for (const raw of lines) {
    const line = content(raw);
    if (line.text.trim() === '' && raw.text.length <= indent) {
      empties++;
      continue;
    }
    if (previous) {
      const breakAt = previous.start + previous.text.length;
      const normal = (l: Line) => !isBlank(l.text[0]);
      if (folded && normal(previous) && normal(line)) {
        if (empties === 0) out.emit(' ', breakAt, line.start);
        else for (let k = 0; k < empties; k++) out.emit('\n', breakAt, line.start);
      } else {
        for (let k = 0; k <= empties; k++) out.emit('\n', breakAt, line.start);
      }
    } else {
      for (let k = 0; k < empties; k++) out.emit('\n', line.start, line.start);
    }
    empties = 0;
    for (let k = 0; k < line.text.length; k++) out.emit(line.text[k], line.start + k, line.start + k + 1);
    previous = line;
  }
  return out.done();
}

/** The value-to-source map of a scalar, or undefined when decoding does not reproduce `value` exactly. */
export function scalarMap(source: string, style: ScalarStyle, value: string): ScalarMap | undefined {
  let map: ScalarMap;
  try {
    if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') map = decodeBlock(source, style === 'BLOCK_FOLDED');
    else map = decodeFlow(source, style === 'QUOTE_SINGLE' ? "'" : style === 'QUOTE_DOUBLE' ? '"' : '');
  } catch {
    return undefined;
  }
  // Block scalars end with chomped line breaks the map does not cover; compare the content before them.
  const block = style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED';
  const expected = block ? value.replace(/\n+$/, '') : value;
  return map.value === expected ? map : undefined;
}

/** [from, to) of the value as [start, end) of the scalar's source (relative to its first character). */
export function sourceSpan(map: ScalarMap, from: number, to: number): { start: number; end: number } {
  const n = map.starts.length;
  const last = n > 0 ? map.ends[n - 1] : 0;
  const start = from < n ? map.starts[from] : last;
  const end = to > from ? (to - 1 < n ? map.ends[to - 1] : last) : start;
  return { start, end: Math.max(start, end) };
}
