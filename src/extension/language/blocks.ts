// Text-level helpers for edits to block-style YAML: where a key's block ends, how its children are
// indented, and a value rendered as indented YAML lines. No `vscode` import.
import { stringify } from 'yaml';
import { lineShape } from './yamlPath';

const DEFAULT_INDENT_UNIT = 2;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  return line.trim() === '' || line.trim().startsWith('#');
}

/** Last line of the block that starts at `line` (a key at column `indent`): its deeper-indented lines. */
export function blockEnd(lines: readonly string[], line: number, indent: number): number {
  // "key:\n- item": a list may sit at its key's own column.
  const compactListAllowed = !/^-(\s|$)/.test((lines[line] ?? '').trimStart());
  let end = line;
  for (let i = line + 1; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    const column = indentOf(lines[i]);
    const compactItem = compactListAllowed && column === indent && /^-(\s|$)/.test(lines[i].trimStart());
    if (column <= indent && !compactItem) break;
    end = i;
  }
  return end;
}

/** Column of the key on `line` and the column its children use (their first child, else two more). */
export function childIndent(lines: readonly string[], line: number): { keyIndent: number; childIndent: number; unit: number } {
  const shape = lineShape(lines[line] ?? '');
  const keyIndent = shape?.keyIndent ?? indentOf(lines[line] ?? '');
  for (let i = line + 1; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    const indent = indentOf(lines[i]);
    if (indent > keyIndent) return { keyIndent, childIndent: indent, unit: indent - keyIndent };
    break;
  }
  return { keyIndent, childIndent: keyIndent + DEFAULT_INDENT_UNIT, unit: DEFAULT_INDENT_UNIT };
}

/** `{ key: value }` as YAML lines at column `indent`, nested with `unit` spaces, ending in a line break. */
export function yamlLines(key: string, value: unknown, indent: number, unit: number): string {
  const text = stringify({ [key]: value }, { indent: Math.max(1, unit), lineWidth: 0 });
  const pad = ' '.repeat(indent);
  return text.split('\n').filter((l) => l.length > 0).map((l) => pad + l).join('\n') + '\n';
}
