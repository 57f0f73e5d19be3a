// Reads YAML text into documents with guard rails against hostile or broken input: a size limit,
// a nesting limit enforced while parsing (the yaml composer recurses, and a stack overflow there
// can take the whole process down), and an alias-expansion budget (billion laughs).
import { Composer, Lexer, LineCounter, Parser, isAlias, isCollection, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { CST } from 'yaml';

type Token = CST.Token;

/** Runbook files are small (the seed's is 1.5 kB); anything above this is refused before parsing. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Problems reported per document; past this, one diagnostic says how many more there are. */
export const MAX_PROBLEMS_PER_DOCUMENT = 100;
/** A runbook nests about 6 levels deep; the parser refuses beyond this. */
export const MAX_NESTING = 64;
/** Nodes reachable through aliases (expansion) per document. */
export const MAX_ALIAS_EXPANSION = 10_000;
/** `---` separated documents per file. */
export const MAX_DOCUMENTS = 1000;
/** yaml's own alias guard for toJS. */
export const MAX_ALIAS_COUNT = 100;

export type ReadProblem =
  | { kind: 'tooLarge'; bytes: number }
  | { kind: 'tooDeep'; offset: number }
  | { kind: 'tooManyDocuments'; offset: number };

/** Limits of one read; runbooks use the defaults above, saved cluster states larger ones. */
export interface ReadLimits {
  maxBytes: number;
  maxNesting: number;
  maxDocuments: number;
}

export const RUNBOOK_LIMITS: ReadLimits = { maxBytes: MAX_FILE_BYTES, maxNesting: MAX_NESTING, maxDocuments: MAX_DOCUMENTS };

export interface YamlRead {
  lineCounter: LineCounter;
  documents: Document.Parsed[];
  problem?: ReadProblem;
}

class InputTooBig extends Error {
  constructor(readonly problem: ReadProblem) {
    super(problem.kind);
  }
}

function parseTokens(text: string, lineCounter: LineCounter, limits: ReadLimits): Token[] {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: Token[] = [];
  let documents = 0;
  const keep = (token: Token) => {
    tokens.push(token);
    if (token.type === 'document' && ++documents > limits.maxDocuments) {
      throw new InputTooBig({ kind: 'tooManyDocuments', offset: token.offset });
    }
  };
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) keep(token);
    if (parser.stack.length > limits.maxNesting) throw new InputTooBig({ kind: 'tooDeep', offset: parser.offset });
  }
  for (const token of parser.end()) keep(token);
  return tokens;
}

function compose(text: string, lineCounter: LineCounter, limits: ReadLimits): Document.Parsed[] {
  const tokens = parseTokens(text, lineCounter, limits);
  // yaml's own duplicate-key check is quadratic in the number of keys; findDuplicateKeys is linear.
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'error' });
  return Array.from(composer.compose(tokens)) as Document.Parsed[];
}

export function readYaml(text: string, limits: ReadLimits = RUNBOOK_LIMITS): YamlRead {
  const lineCounter = new LineCounter();
  if (text.length > limits.maxBytes) {
    return { lineCounter, documents: [], problem: { kind: 'tooLarge', bytes: text.length } };
  }
  // yaml reports problems as Error objects; capturing a stack for each makes broken input slow.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { lineCounter, documents: compose(text, lineCounter, limits) };
  } catch (err) {
    if (err instanceof InputTooBig) return { lineCounter, documents: [], problem: err.problem };
    throw err;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Keys that repeat within one mapping (each repeat after the first), found in one pass. */
export function findDuplicateKeys(document: Document.Parsed): Node[] {
  const duplicates: Node[] = [];
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    const seen = new Set<string>();
    for (const item of node.items) {
      if (!isPair(item)) {
        stack.push(item);
        continue;
      }
      if (isMap(node) && isScalar(item.key)) {
        const key = String(item.key.value);
        if (seen.has(key)) duplicates.push(item.key);
        seen.add(key);
      }
      stack.push(item.key, item.value);
    }
  }
  return duplicates;
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

/**
 * The first alias (in document order) whose anchor is not defined before it, e.g. `*nope`: yaml's toJS
 * throws on it, so it is found and located first.
 */
export function findUnresolvedAlias(document: Document.Parsed): Node | undefined {
  const anchors = new Set<string>();
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!anchors.has(node.source)) return node;
      continue;
    }
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.add(anchor);
    if (isCollection(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return undefined;
}
