// The seed's `action.command` strings, accepted only in the exact kubectl shapes the action descriptors
// declare (src/core/actions) and parsed into typed actions. Nothing is ever run through a shell, so
// shell syntax is rejected with a reason.
import {
  DEPLOYMENT_PLACEHOLDER, MAX_REPLICAS, NAMESPACE_PLACEHOLDER, POD_PLACEHOLDER, REPLICAS_TOKEN as REPLICAS, STATEFULSET_PLACEHOLDER,
  commandShapes, type CommandShape,
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

function rejected(reason: string): ActionCommandResult {
  const message = `action command is not accepted: ${reason}. Accepted shapes: ${ACCEPTED_COMMANDS.map((c) => `"${c}"`).join(', ')} `
    + `(N is 0-${MAX_REPLICAS}). The command is parsed into a typed action and never run through a shell.`;
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
 * The shape whose leading words match the most tokens (at least the verb). A "KIND/NAME" token whose kind
 * matches counts half, so "kubectl scale statefulset/web" is held against the StatefulSet shape.
 */
function closestShape(tokens: readonly string[]): CommandShape | undefined {
  let best: CommandShape | undefined;
  let bestLength = 1;
  for (const shape of SHAPES) {
    let length = 0;
    while (length < tokens.length && length < 3 && tokens[length] === shape.tokens[length]) length++;
    if (length < tokens.length && resourceWord(tokens[length]) !== undefined && resourceWord(tokens[length]) === resourceWord(shape.tokens[length])) length += 0.5;
    if (length > bestLength) {
      best = shape;
      bestLength = length;
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
  if (expected === POD_PLACEHOLDER || expected === NAMESPACE_PLACEHOLDER || expected.endsWith(DEPLOYMENT_PLACEHOLDER)
    || expected.endsWith(STATEFULSET_PLACEHOLDER)) {
    return `expected "${expected}" (the engine fills in the target it decided on; names are never written into a runbook); got "${got}"`;
  }
  if (expected === '-n' && (got === '--namespace' || got.startsWith('--namespace='))) {
    return `write "-n ${NAMESPACE_PLACEHOLDER}", not "${got}" (only the exact shapes are accepted)`;
  }
  return `expected "${expected}"; got "${got}"`;
}

function matchShape(shape: CommandShape, tokens: readonly string[]): ActionCommandResult {
  let replicas = 0;
  for (let i = 0; i < shape.tokens.length; i++) {
    const expected = shape.tokens[i];
    const got = tokens[i];
    if (got === undefined) return rejected(`missing "${expected}" after "${tokens.join(' ')}"`);
    if (expected === REPLICAS) {
      const match = REPLICAS_PATTERN.exec(got);
      if (!match || Number(match[1]) > MAX_REPLICAS) return rejected(mismatchReason(expected, got));
      replicas = Number(match[1]);
    } else if (got !== expected) {
      return rejected(mismatchReason(expected, got));
    }
  }
  if (tokens.length > shape.tokens.length) {
    return rejected(`unexpected extra argument "${tokens[shape.tokens.length]}"`);
  }
  return { ok: true, action: shape.action(replicas) };
}

/** Parses one of the accepted kubectl shapes into a typed Action; never throws. */
export function parseActionCommand(command: string): ActionCommandResult {
  const shell = shellSyntax(command);
  if (shell) return rejected(`it contains ${shell}, which only a shell understands`);
  const tokens = command.split(/[ \t]+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return rejected('it is empty');
  if (tokens[0] === 'helm') {
    return rejected('helm is not supported (to roll a Deployment back, use "kubectl rollout undo" or type: rollbackDeployment)');
  }
  if (tokens[0] !== 'kubectl') return rejected(`only kubectl commands are accepted; got "${tokens[0]}"`);
  const shape = closestShape(tokens);
  if (!shape) {
    return rejected(tokens.length === 1 ? 'a bare "kubectl" does nothing' : `"kubectl ${tokens[1]}" is not one of the accepted commands`);
  }
  return matchShape(shape, tokens);
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
  const end = shape.tokens.findIndex((t) => t.includes('${') || t === REPLICAS);
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
  // The rejection of helm points to rollbackDeployment; the guess follows it.
  if (words[0] === 'helm' && words.includes('rollback')) return { type: 'rollbackDeployment' };
  for (const shape of SHAPES) {
    const wanted = commandWords(shape);
    if (!wanted.every((w, i) => words[i] === w)) continue;
    if (!shape.tokens.includes(REPLICAS)) return shape.action(0);
    const replicas = words.map((w) => /^--replicas=(\d{1,5})$/.exec(w)).find((m) => m)?.[1];
    return replicas !== undefined && Number(replicas) <= MAX_REPLICAS ? shape.action(Number(replicas)) : undefined;
  }
  return undefined;
}
