// Explains what is wrong with spec.action in one or two clear sentences. The schema's oneOf
// produces a pile of branch errors for a bad action; this replaces them with what the author meant.
import { ACTION_TYPES, descriptor, isActionType } from '../actions';
import { parseActionCommand } from './actionCommand';
import { showValue, typeName } from './diagnostics';

export interface ActionProblem {
  /** Path below spec.action ([] = the action itself). */
  path: (string | number)[];
  /** Point at the key (unknown/misplaced field) or the value (wrong value). */
  at: 'key' | 'value';
  code: string;
  message: string;
  source: 'schema' | 'action';
}

/** Every field some action type takes, in registry order (a field belongs to the first type naming it). */
const ACTION_FIELDS = [...new Set(ACTION_TYPES.flatMap((type) => Object.keys(descriptor(type).fields)))];
const TYPED_FIELDS = ['type', ...ACTION_FIELDS];
/** The types that take a field, for "replicas only applies to type scaleDeployment". */
const typesTaking = (field: string): string => ACTION_TYPES.filter((t) => field in descriptor(t).fields).join(' or ');

function problem(path: (string | number)[], at: 'key' | 'value', code: string, message: string): ActionProblem {
  return { path, at, code, message, source: 'schema' };
}

function unknownFields(action: Record<string, unknown>, allowed: string[], what: string): ActionProblem[] {
  return Object.keys(action)
    .filter((key) => !allowed.includes(key))
    .map((key) => problem([key], 'key', 'unknown-field',
      `unknown field "${key}" in spec.action; ${what} has only: ${allowed.join(', ')}`));
}

function commandProblems(action: Record<string, unknown>): ActionProblem[] {
  const problems = unknownFields(action, ['command'], 'a command action');
  const command = action.command;
  if (typeof command !== 'string') {
    problems.push(problem(['command'], 'value', 'wrong-type', `action.command must be a string; got ${typeName(command)}`));
    return problems;
  }
  const parsed = parseActionCommand(command);
  if (!parsed.ok) problems.push({ ...problem(['command'], 'value', 'action-command-rejected', parsed.message), source: 'action' });
  return problems;
}

function numberProblems(action: Record<string, unknown>, limits: Readonly<Record<string, readonly [number, number]>>,
  words: Readonly<Record<string, readonly string[]>> = {}): ActionProblem[] {
  const problems: ActionProblem[] = [];
  for (const [field, [min, max]] of Object.entries(limits)) {
    if (!(field in action)) continue;
    const value = action[field];
    const accepted = Object.prototype.hasOwnProperty.call(words, field) ? words[field] : [];
    if (typeof value === 'string' && accepted.includes(value)) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      if (accepted.length > 0) {
        problems.push(problem([field], 'value', 'wrong-type', `action.${field} must be ${accepted.join(' or ')} or a whole number from ${min} to ${max}; got ${typeName(value)} ${showValue(value)}`));
        continue;
      }
      problems.push(problem([field], 'value', 'wrong-type', `action.${field} must be a whole number; got ${typeName(value)} ${showValue(value)}`));
    } else if (value < min || value > max) {
      problems.push(problem([field], 'value', 'out-of-range', `action.${field} must be between ${min} and ${max}; got ${value}`));
    } else if (field === 'by' && value === 0) {
      problems.push(problem([field], 'value', 'out-of-range', 'action.by must not be 0 (it would change nothing)'));
    }
  }
  return problems;
}

function typedProblems(action: Record<string, unknown>): ActionProblem[] {
  const problems = unknownFields(action, TYPED_FIELDS, 'a typed action');
  const type = action.type;
  if (!isActionType(type)) {
    problems.push(problem(['type'], 'value', 'invalid-value', `action.type must be one of ${ACTION_TYPES.join(', ')}; got ${showValue(type)}`));
    return problems;
  }
  const own = descriptor(type);
  problems.push(...numberProblems(action, own.fields, own.fieldWords));
  problems.push(...own.fieldProblems(action).map((p) => problem(p.path, p.at, p.code, p.message)));
  for (const field of ACTION_FIELDS.filter((f) => f in action && !(f in own.fields))) {
    problems.push(problem([field], 'key', 'conflicting-fields', `${field} only applies to type ${typesTaking(field)}; a ${type} action takes no parameters`));
  }
  return problems;
}

/** Problems with the value of spec.action; empty when it is a valid action. */
export function explainActionProblems(action: unknown): ActionProblem[] {
  if (typeof action !== 'object' || action === null || Array.isArray(action)) {
    return [problem([], 'value', 'wrong-type',
      `action must be a mapping with either command: (a kubectl command) or type: (${ACTION_TYPES.join(', ')}); got ${typeName(action)}`)];
  }
  const fields = action as Record<string, unknown>;
  if ('command' in fields && 'type' in fields) {
    return [problem(['type'], 'key', 'conflicting-fields', 'action has both command and type; use one of them')];
  }
  if ('command' in fields) return commandProblems(fields);
  if ('type' in fields) return typedProblems(fields);
  return [problem([], 'key', 'missing-field',
    `action needs either command: (a kubectl command) or type: (${ACTION_TYPES.join(', ')})`)];
}
