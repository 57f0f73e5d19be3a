// Where the cursor is in a block-style YAML document, read from indentation alone. It works the same
// on valid, invalid and half-typed text (a parser gives up, or moves nodes, on exactly the documents
// an author is in the middle of typing), so completion and hover never depend on the file parsing.
// Flow collections ({...}, [...]) are not followed; runbooks are written in block style.
// No `vscode` import: this is plain text logic.

/** A mapping key, or SEQUENCE_ITEM for "an element of a list" (the index never matters to the schema). */
export type PathSegment = string | typeof SEQUENCE_ITEM;
export const SEQUENCE_ITEM = 0;

export type CursorPlace =
  /** Typing a key (or nothing yet) in the mapping at `path`. */
  | { kind: 'key'; path: PathSegment[]; prefix: string; indent: number }
  /** Typing the value of `key`; `path` ends with that key. */
  | { kind: 'value'; path: PathSegment[]; prefix: string }
  /** Typing a scalar list item ("- ") of the list at `path`. */
  | { kind: 'item'; path: PathSegment[]; prefix: string }
  | { kind: 'none' };

interface LineShape {
  /** Column of the first non-blank character. */
  indent: number;
  /** Column of the key when the line holds one (after "- " for an item that is a mapping). */
  keyIndent?: number;
  key?: string;
  /** Column of the "-" when the line is a list item. */
  dashIndent?: number;
  /** Text after "key:" (trimmed), when the line holds a key. */
  rest?: string;
}

const KEY_PATTERN = /^([A-Za-z_][\w./-]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]+|$)(.*)$/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

export function lineShape(line: string): LineShape | undefined {
  const content = line.replace(/[ \t]+$/, '');
  const indent = content.length - content.trimStart().length;
  const body = content.slice(indent);
  if (body === '' || body.startsWith('#')) return undefined;
  let dashIndent: number | undefined;
  let rest = body;
  let keyIndent = indent;
  if (/^-(?:[ \t]|$)/.test(body)) {
    dashIndent = indent;
    const afterDash = body.slice(1);
    const spaces = afterDash.length - afterDash.trimStart().length;
    rest = afterDash.trimStart();
    keyIndent = indent + 1 + spaces;
  }
  const match = KEY_PATTERN.exec(rest);
  if (!match) return { indent, dashIndent };
  return { indent, dashIndent, keyIndent, key: unquote(match[1]), rest: match[2].trim() };
}

function isDocumentSeparator(line: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(line);
}

/**
 * The path of the mapping that holds a key written at column `indent` on line `lineNumber`: the
 * closest line above with a smaller indentation is its parent key or list item.
 */
export function parentPath(lines: readonly string[], lineNumber: number, indent: number): PathSegment[] {
  for (let i = lineNumber - 1; i >= 0 && indent > 0; i--) {
    if (isDocumentSeparator(lines[i])) break;
    const shape = lineShape(lines[i]);
    if (!shape) continue;
    if (shape.key !== undefined && shape.keyIndent !== undefined && shape.keyIndent < indent) {
      return [...pathOfKeyLine(lines, i, shape), shape.key];
    }
    if (shape.dashIndent !== undefined && shape.dashIndent < indent) return [...listPath(lines, i, shape.dashIndent), SEQUENCE_ITEM];
    if (shape.indent < indent) break; // a bare scalar at a smaller indentation: not a block we understand
  }
  return [];
}

/** The path of the mapping holding the key on line `i` (a "- key:" line starts a list item). */
function pathOfKeyLine(lines: readonly string[], i: number, shape: LineShape): PathSegment[] {
  return shape.dashIndent !== undefined
    ? [...listPath(lines, i, shape.dashIndent), SEQUENCE_ITEM]
    : parentPath(lines, i, shape.keyIndent ?? shape.indent);
}

/** The path of the list whose items have their "-" at column `dash`, seen from one of its items. */
export function listPath(lines: readonly string[], lineNumber: number, dash: number): PathSegment[] {
  for (let i = lineNumber - 1; i >= 0; i--) {
    if (isDocumentSeparator(lines[i])) break;
    const shape = lineShape(lines[i]);
    if (!shape || shape.dashIndent === dash || shape.indent > dash) continue; // earlier items and their content
    if (shape.key !== undefined && shape.keyIndent !== undefined && shape.keyIndent <= dash) {
      return [...pathOfKeyLine(lines, i, shape), shape.key];
    }
    if (shape.dashIndent !== undefined) return [...listPath(lines, i, shape.dashIndent), SEQUENCE_ITEM];
    break;
  }
  return [];
}

/** What the cursor at (line, character) is typing. */
export function cursorPlace(lines: readonly string[], line: number, character: number): CursorPlace {
  const before = (lines[line] ?? '').slice(0, character);
  if (/^\s*#/.test(before)) return { kind: 'none' };
  const keyTyping = /^(\s*)(-[ \t]+)?([\w./-]*)$/.exec(before);
  if (keyTyping) {
    const [, spaces, dash, prefix] = keyTyping;
    const indent = spaces.length + (dash?.length ?? 0);
    if (dash) {
      // "- wor|": either a scalar list item or the first key of a mapping item; the schema decides.
      return { kind: 'item', path: listPath(lines, line, spaces.length), prefix };
    }
    return { kind: 'key', path: parentPath(lines, line, indent), prefix, indent };
  }
  const valueTyping = /^(\s*)(-[ \t]+)?([A-Za-z_][\w./-]*)[ \t]*:[ \t]+(.*)$/.exec(before);
  if (valueTyping) {
    const [, spaces, dash, key, prefix] = valueTyping;
    const indent = spaces.length + (dash?.length ?? 0);
    const path: PathSegment[] = dash ? [...listPath(lines, line, spaces.length), SEQUENCE_ITEM] : parentPath(lines, line, indent);
    return { kind: 'value', path: [...path, key], prefix };
  }
  return { kind: 'none' };
}

/** The key under the cursor (on its name or its value) and its full path; undefined elsewhere. */
export function keyAt(lines: readonly string[], line: number, character: number): { path: PathSegment[]; start: number; end: number; onValue: boolean } | undefined {
  const shape = lineShape(lines[line] ?? '');
  if (!shape?.key || shape.keyIndent === undefined) return undefined;
  const text = lines[line];
  const start = shape.keyIndent;
  const end = text.indexOf(':', start + shape.key.length);
  if (character < start) return undefined;
  return { path: [...pathOfKeyLine(lines, line, shape), shape.key], start, end, onValue: character > end };
}

/** Keys already present in the mapping whose keys sit at column `indent` around `line`. */
export function siblingKeys(lines: readonly string[], line: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const collect = (from: number, step: 1 | -1) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      if (isDocumentSeparator(lines[i])) return;
      const shape = lineShape(lines[i]);
      if (!shape) continue;
      if (shape.keyIndent === indent && shape.key !== undefined) {
        keys.add(shape.key);
        if (shape.dashIndent !== undefined) return; // the first key of this list item: the mapping starts here
        continue;
      }
      if (shape.indent < indent) return;
    }
  };
  collect(line - 1, -1);
  collect(line + 1, 1);
  return keys;
}
