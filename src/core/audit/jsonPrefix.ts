// Tells a record cut short by an interrupted write from any other broken line: a cut-short record is a
// proper prefix of a JSON object (every byte so far fits the grammar, the input just ends too early).

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const LITERALS = ['true', 'false', 'null'];
/** A complete JSON number, and a number that may still become one. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER_START = /^-?(0|[1-9]\d*)?(\.\d*)?([eE][+-]?\d*)?$/;

type Expect = 'value' | 'key' | 'keyOrEnd' | 'valueOrEnd' | 'colon' | 'commaOrEnd';

/** Index after the string starting at `i` (a quote), or 'end' when the input ends inside it, or -1 when invalid. */
function skipString(s: string, i: number): number | 'end' {
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '"') return j + 1;
    if (c < ' ') return -1;
    if (c === '\\') {
      const e = s[j + 1];
      if (e === undefined) return 'end';
      if (e === 'u') {
        const hex = s.slice(j + 2, j + 6);
        if (!/^[0-9a-fA-F]*$/.test(hex)) return -1;
        if (hex.length < 4) return 'end';
        j += 5;
      } else if (ESCAPES.has(e)) j += 1;
      else return -1;
    }
  }
  return 'end';
}

/** Index after the number or literal starting at `i`, 'end' when the input ends inside it, -1 when invalid. */
function skipScalar(s: string, i: number): number | 'end' {
  let j = i;
  while (j < s.length && /[0-9a-zA-Z+\-.]/.test(s[j])) j++;
  const token = s.slice(i, j);
  const atEnd = j === s.length;
  if (/^[-0-9]/.test(token)) return NUMBER.test(token) ? (atEnd ? 'end' : j) : atEnd && NUMBER_START.test(token) ? 'end' : -1;
  if (LITERALS.includes(token)) return atEnd ? 'end' : j;
  return atEnd && LITERALS.some((l) => l.startsWith(token)) && token !== '' ? 'end' : -1;
}

/**
 * True when `text` is a proper prefix of a JSON object: it starts one, breaks no rule of the grammar,
 * and ends before the object is closed. False for anything else (garbage, a complete object, a closed
 * object followed by more text, a top-level value that is not an object).
 */
export function isCutShortJsonObject(text: string): boolean {
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (WHITESPACE.has(c)) { i++; continue; }
    if (stack.length === 0 && (expect !== 'value' || c !== '{')) return false; // closed, or not an object
    switch (expect) {
      case 'key': case 'keyOrEnd': {
        if (c === '}' && expect === 'keyOrEnd') { stack.pop(); expect = 'commaOrEnd'; i++; break; }
        if (c !== '"') return false;
        const next = skipString(text, i);
        if (next === 'end') return true;
        if (next < 0) return false;
        i = next; expect = 'colon';
        break;
      }
      case 'colon':
        if (c !== ':') return false;
        i++; expect = 'value';
        break;
      case 'commaOrEnd': {
        const top = stack[stack.length - 1];
        if (c === ',') { i++; expect = top === '{' ? 'key' : 'value'; break; }
        if ((c === '}' && top === '{') || (c === ']' && top === '[')) { stack.pop(); i++; break; }
        return false;
      }
      case 'value': case 'valueOrEnd': {
        if (c === ']' && expect === 'valueOrEnd') { stack.pop(); expect = 'commaOrEnd'; i++; break; }
        if (c === '{') { stack.push('{'); expect = 'keyOrEnd'; i++; break; }
        if (c === '[') { stack.push('['); expect = 'valueOrEnd'; i++; break; }
        const next = c === '"' ? skipString(text, i) : skipScalar(text, i);
        if (next === 'end') return true;
        if (next < 0) return false;
        i = next; expect = 'commaOrEnd';
        break;
      }
    }
    if (stack.length === 0 && expect === 'commaOrEnd') {
      // The object closed: only whitespace may follow, and then it is complete, not cut short.
      return false;
    }
  }
  return stack.length > 0;
}
