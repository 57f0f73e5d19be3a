// A line diff for display (dry-run and approval payloads): which lines go, which come, with a little
// context. Longest common subsequence after trimming the common head and tail; inputs too large for
// that fall back to "every middle line replaced", which is still correct, only less precise.

export type DiffOp = ' ' | '-' | '+';
export interface DiffLine { op: DiffOp; text: string }

export interface TextDiff {
  /** Changed lines with up to `context` unchanged lines around each change; '…' lines mark skipped runs. */
  lines: DiffLine[];
  added: number;
  removed: number;
}

/** Beyond this many cells the LCS table costs too much memory; see the fallback above. */
const MAX_TABLE_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function middleDiff(a: string[], b: string[]): DiffLine[] {
  if (a.length * b.length > MAX_TABLE_CELLS) {
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { out.push({ op: ' ', text: a[i] }); i++; j++; }
    else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) out.push({ op: '-', text: a[i++] });
    else out.push({ op: '+', text: b[j++] });
  }
  while (i < a.length) out.push({ op: '-', text: a[i++] });
  while (j < b.length) out.push({ op: '+', text: b[j++] });
  return out;
}

/** Every line of `before` and `after`, in order, each marked kept, removed or added. */
export function fullLineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const keep = (lines: string[]): DiffLine[] => lines.map((text) => ({ op: ' ', text }));
  return [
    ...keep(a.slice(0, head)),
    ...middleDiff(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...keep(a.slice(a.length - tail)),
  ];
}

/** The changes from `before` to `after` with `context` unchanged lines around each. */
export function lineDiff(before: string, after: string, context = 3): TextDiff {
  const all = fullLineDiff(before, after);
  const changed = all.map((l) => l.op !== ' ');
  const near = (index: number): boolean => {
    for (let k = Math.max(0, index - context); k <= Math.min(all.length - 1, index + context); k++) if (changed[k]) return true;
    return false;
  };
  const lines: DiffLine[] = [];
  let skipped = false;
  all.forEach((line, index) => {
    if (near(index)) {
      if (skipped && lines.length > 0) lines.push({ op: ' ', text: '…' });
      skipped = false;
      lines.push(line);
    } else {
      skipped = true;
    }
  });
  return { lines, added: all.filter((l) => l.op === '+').length, removed: all.filter((l) => l.op === '-').length };
}

/** Unified-style text: "-old", "+new", " kept". */
export function diffText(diff: TextDiff): string {
  return diff.lines.map((l) => `${l.op}${l.text}`).join('\n');
}
