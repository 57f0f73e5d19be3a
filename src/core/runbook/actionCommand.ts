// The seed's `action.command` strings, accepted only in the exact kubectl shapes the action descriptors
// declare (src/core/actions) and parsed into typed actions. Nothing is ever run through a shell, so
// shell syntax is rejected with a reason.
import {
  DEPLOYMENT_PLACEHOLDER, MAX_HELM_REVISION, MAX_REPLICAS, NAMESPACE_PLACEHOLDER, POD_PLACEHOLDER, RELEASE_PLACEHOLDER, REPLICAS_TOKEN as REPLICAS,
  REVISION_PLACEHOLDER, REVISION_TOKEN as REVISION, STATEFULSET_PLACEHOLDER, commandShapes, type CommandShape,
} from '../actions';
import type { Action } from '../model/runbook';

export { DEPLOYMENT_PLACEHOLDER, NAMESPACE_PLACEHOLDER, POD_PLACEHOLDER, STATEFULSET_PLACEHOLDER } from '../actions';

const SHAPES: readonly CommandShape[] = commandShapes();

/** The accepted command shapes, for messages and documentation. */
export const ACCEPTED_COMMANDS: readonly string[] = SHAPES.map((shape) => shape.tokens.join(' '));

export type ActionCommandResult =
  | { ok: true; action: Action }
  | { ok: false; reason: string; message: string };

const SHELL_SYNTAX: readonly [RegExp, string][] = [
  [/\$\(/, '"$(" (command substitution)'],
  [/`/, 'a backtick (command substitution)'],
  [/&&|\|\|/, '"&&" or "||" (command chaining)'],
  [/;/, '";" (command chaining)'],
  [/\|/, '"|" (a pipe)'],
  [/&/, '"&" (background job)'],
  [/[<>]/, 'a redirection'],
  [/["'\\]/, 'quotes or escapes'],
  [/[\r\n]/, 'a line break'],
];

const REPLICAS_PATTERN = /^--replicas=(0|[1-9][0-9]*)$/;
const REVISION_PATTERN = /^[1-9][0-9]*$/;

function rejected(reason: string): ActionCommandResult {
  const message = `action command is not accepted: ${reason}. Accepted shapes: ${ACCEPTED_COMMANDS.map((c) => `"${c}"`).join(', ')} `
    + `(--replicas=N: 0-${MAX_REPLICAS}; a helm revision N: 1-${MAX_HELM_REVISION}). The command is parsed into a typed action and never run through a shell.`;
  return { ok: false, reason, message };
}

function shellSyntax(command: string): string | undefined {
  for (const [pattern, what] of SHELL_SYNTAX) {
    if (pattern.test(command)) return what;
  }
  return undefined;
}

/** The resource word of a "word/NAME" token ("statefulset" in "statefulset/${STATEFULSET}"). */
const resourceWord = (token: string | undefined) => (token?.includes('/') ? token.slice(0, token.indexOf('/')) : undefined);

/**
 * The shapes whose leading words match the most tokens (at least the verb), in rank order. A "KIND/NAME"
 * token whose kind matches counts half, so "kubectl scale statefulset/web" is held against the StatefulSet shape.
 */
function closestShapes(tokens: readonly string[]): CommandShape[] {
  let best: CommandShape[] = [];
  let bestLength = 1;
  for (const shape of SHAPES) {
    let length = 0;
    while (length < tokens.length && length < 3 && tokens[length] === shape.tokens[length]) length++;
    if (length < tokens.length && resourceWord(tokens[length]) !== undefined && resourceWord(tokens[length]) === resourceWord(shape.tokens[length])) length += 0.5;
    if (length > bestLength) {
      best = [shape];
      bestLength = length;
    } else if (length === bestLength && best.length > 0) {
      best.push(shape);
    }
  }
  return best;
}

function mismatchReason(expected: string, got: string): string {
  if (expected === REPLICAS) {
    return got.startsWith('--replicas=')
      ? `replicas must be a whole number from 0 to ${MAX_REPLICAS} in --replicas=N; got "${got}"`
      : `expected --replicas=N; got "${got}"`;
  }
  if (expected === REVISION || expected === REVISION_PLACEHOLDER) {
    return `expected a revision number from 1 to ${MAX_HELM_REVISION} or "${REVISION_PLACEHOLDER}" (the last known-good revision); got "${got}"`;
  }
  if (expected === POD_PLACEHOLDER || expected === NAMESPACE_PLACEHOLDER || expected === RELEASE_PLACEHOLDER || expected.endsWith(DEPLOYMENT_PLACEHOLDER)
    || expected.endsWith(STATEFULSET_PLACEHOLDER)) {
    return `expected "${expected}" (the engine fills in the target it decided on; names are never written into a runbook); got "${got}"`;
  }
  if (expected === '-n' && (got === '--namespace' || got.startsWith('--namespace='))) {
    return `write "-n ${NAMESPACE_PLACEHOLDER}", not "${got}" (only the exact shapes are accepted)`;
  }
  return `expected "${expected}"; got "${got}"`;
}

/** The action, or how far the tokens matched and why they stop matching there. */
function matchShape(shape: CommandShape, tokens: readonly string[]): ActionCommandResult & { matched: number } {
  let value = 0;
  const stop = (matched: number, reason: string) => ({ ...rejected(reason), matched });
  for (let i = 0; i < shape.tokens.length; i++) {
    const expected = shape.tokens[i];
    const got = tokens[i];
    if (got === undefined) return stop(i, `missing "${expected}" after "${tokens.join(' ')}"`);
    if (expected === REPLICAS) {
      const match = REPLICAS_PATTERN.exec(got);
      if (!match || Number(match[1]) > MAX_REPLICAS) return stop(i, mismatchReason(expected, got));
      value = Number(match[1]);
    } else if (expected === REVISION) {
      if (!REVISION_PATTERN.test(got) || Number(got) > MAX_HELM_REVISION) return stop(i, mismatchReason(expected, got));
      value = Number(got);
    } else if (got !== expected) {
      return stop(i, mismatchReason(expected, got));
    }
  }
  if (tokens.length > shape.tokens.length) {
    return stop(shape.tokens.length, `unexpected extra argument "${tokens[shape.tokens.length]}"`);
  }
  return { ok: true, action: shape.action(value), matched: tokens.length };
}

/** The first shape that matches; else the rejection of the one that matched furthest. */
function matchShapes(shapes: readonly CommandShape[], tokens: readonly string[]): ActionCommandResult {
  let best: (ActionCommandResult & { matched: number }) | undefined;
  for (const shape of shapes) {
    const result = matchShape(shape, tokens);
    if (result.ok) return { ok: true, action: result.action };
    // On a tie, a number where one shape wants a revision is a revision that is out of range.
    const wantsRevision = shape.tokens[result.matched] === REVISION && /^[0-9]+$/.test(tokens[result.matched] ?? '');
    if (!best || result.matched > best.matched || (result.matched === best.matched && wantsRevision)) best = result;
  }
  const { ok, reason, message } = best as { ok: false; reason: string; message: string };
  return { ok, reason, message };
}

/** Parses one of the accepted kubectl shapes into a typed Action; never throws. */
export function parseActionCommand(command: string): ActionCommandResult {
  const shell = shellSyntax(command);
  if (shell) return rejected(`it contains ${shell}, which only a shell understands`);
  const tokens = command.split(/[ \t]+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return rejected('it is empty');
  if (tokens[0] !== 'kubectl' && tokens[0] !== 'helm') return rejected(`only kubectl and helm rollback commands are accepted; got "${tokens[0]}"`);
  const shapes = closestShapes(tokens);
  if (shapes.length === 0) {
    return rejected(tokens.length === 1 ? `a bare "${tokens[0]}" does nothing` : `"${tokens[0]} ${tokens[1]}" is not one of the accepted commands`);
  }
  return matchShapes(shapes, tokens);
}

// A command that chains or substitutes other commands does more than one action could; no guess.
const MORE_THAN_ONE_COMMAND = /\$\(|`|;|&|\||[<>]|[\r\n]/;
const POD_WORDS = new Set(['pod', 'pods', 'po']);
/** kubectl's names for the workload kinds, as the shapes spell them. */
const RESOURCE_WORDS: Record<string, string> = {
  deployment: 'deployment', deployments: 'deployment', deploy: 'deployment',
  statefulset: 'statefulset', statefulsets: 'statefulset', sts: 'statefulset',
};

/** The words of a shape before its first placeholder or parameter ("kubectl delete pod", "kubectl scale statefulset"). */
function commandWords(shape: CommandShape): readonly string[] {
  const end = shape.tokens.findIndex((t) => t.includes('${') || t === REPLICAS || t === REVISION);
  if (end < 0) return shape.tokens;
  const kind = resourceWord(shape.tokens[end]);
  return kind !== undefined ? [...shape.tokens.slice(0, end), kind] : shape.tokens.slice(0, end);
}

/** "pod/NAME", "deploy/NAME", "sts/NAME": the resource word (as the shapes spell it) and the name. */
function splitResource(word: string): string[] {
  const slash = word.indexOf('/');
  if (slash < 0) return [POD_WORDS.has(word) ? 'pod' : RESOURCE_WORDS[word] ?? word];
  const kind = word.slice(0, slash);
  const spelled = POD_WORDS.has(kind) ? 'pod' : RESOURCE_WORDS[kind];
  return spelled !== undefined ? [spelled, word.slice(slash + 1)] : [word];
}

/**
 * The typed action a command that is not in an accepted shape most likely meant, read with the same
 * shapes: "kubectl delete pod web-1 -n prod" -> deletePod, "kubectl scale deploy/web --replicas=3" ->
 * scaleDeployment with 3 replicas. Undefined when the command chains others or names no shape clearly.
 */
export function closestAction(command: string): Action | undefined {
  if (MORE_THAN_ONE_COMMAND.test(command)) return undefined;
  const words = command.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''))
    // "pod/NAME" and "pods" name the same resource as the shape's "pod"; "deploy/NAME" as its "deployment".
    .flatMap(splitResource);
  // "helm rollback NAME [N]": the release comes from the workload's annotations; a number is the revision.
  if (words[0] === 'helm' && words[1] === 'rollback') {
    const revision = words.slice(3).find((w) => REVISION_PATTERN.test(w) && Number(w) <= MAX_HELM_REVISION);
    return revision !== undefined ? { type: 'helmRollback', toRevision: Number(revision) } : { type: 'helmRollback' };
  }
  for (const shape of SHAPES) {
    const wanted = commandWords(shape);
    if (!wanted.every((w, i) => words[i] === w)) continue;
    if (!shape.tokens.includes(REPLICAS)) return shape.action(0);
    const replicas = words.map((w) => /^--replicas=(\d{1,5})$/.exec(w)).find((m) => m)?.[1];
    return replicas !== undefined && Number(replicas) <= MAX_REPLICAS ? shape.action(Number(replicas)) : undefined;
  }
  return undefined;
}
