// Reads YAML text into documents with guard rails against hostile or broken input: a size limit,
// a nesting limit enforced while parsing (the yaml composer recurses, and a stack overflow there
// can take the whole process down), and an alias-expansion budget (billion laughs).
import { Composer, Lexer, LineCounter, Parser, isAlias, isCollection, isPair, type Document, type Node } from 'yaml';
import type { CST } from 'yaml';

type Token = CST.Token;

/** Runbook files are small; anything above this is refused before parsing. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A runbook nests about 6 levels deep; the parser refuses beyond this. */
export const MAX_NESTING = 64;
/** Nodes reachable through aliases (expansion) per document. */
export const MAX_ALIAS_EXPANSION = 10_000;
/** yaml's own alias guard for toJS. */
export const MAX_ALIAS_COUNT = 100;

export type ReadProblem =
  | { kind: 'tooLarge'; bytes: number }
  | { kind: 'tooDeep'; offset: number };

export interface YamlRead {
  lineCounter: LineCounter;
  documents: Document.Parsed[];
  problem?: ReadProblem;
}

class NestingTooDeep extends Error {
  constructor(readonly offset: number) {
    super('nesting too deep');
  }
}

function parseTokens(text: string, lineCounter: LineCounter): Token[] {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: Token[] = [];
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_NESTING) throw new NestingTooDeep(parser.offset);
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

export function readYaml(text: string): YamlRead {
  const lineCounter = new LineCounter();
  if (text.length > MAX_FILE_BYTES) {
    return { lineCounter, documents: [], problem: { kind: 'tooLarge', bytes: text.length } };
  }
  let tokens: Token[];
  try {
    tokens = parseTokens(text, lineCounter);
  } catch (err) {
    if (err instanceof NestingTooDeep) return { lineCounter, documents: [], problem: { kind: 'tooDeep', offset: err.offset } };
    throw err;
  }
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  const documents = Array.from(composer.compose(tokens)) as Document.Parsed[];
  return { lineCounter, documents };
}

/**
 * Counts nodes reached through aliases, iteratively. Returns the alias node where the budget
 * ran out (an alias bomb or a cycle), or undefined when expansion is small.
 */
export function findAliasBomb(document: Document.Parsed): Node | undefined {
  if (!document.contents) return undefined;
  const anchors = new Map<string, Node>();
  const stack: { node: unknown; viaAlias: Node | undefined }[] = [{ node: document.contents, viaAlias: undefined }];
  let expanded = 0;
  while (stack.length > 0) {
    const { node, viaAlias } = stack.pop()!;
    if (viaAlias && ++expanded > MAX_ALIAS_EXPANSION) return viaAlias;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) stack.push({ node: target, viaAlias: viaAlias ?? node });
      continue;
    }
    if (isPair(node)) {
      stack.push({ node: node.value, viaAlias }, { node: node.key, viaAlias });
      continue;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor && !viaAlias) anchors.set(anchor, node as Node);
    if (isCollection(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], viaAlias });
    }
  }
  return undefined;
}
