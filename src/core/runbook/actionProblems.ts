// Explains what is wrong with spec.action in one or two clear sentences. The schema's oneOf
// produces a pile of branch errors for a bad action; this replaces them with what the author meant.
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

const ACTION_TYPES = ['deletePod', 'evictPod', 'scaleDeployment', 'rolloutRestart', 'rollbackDeployment', 'collectEvidence'];
const SCALE_FIELDS = ['replicas', 'by', 'minReplicas', 'maxReplicas'];
const TYPED_FIELDS = ['type', ...SCALE_FIELDS];
const NUMBER_LIMITS: Record<string, [number, number]> = {
  replicas: [0, 10000], by: [-10000, 10000], minReplicas: [0, 10000], maxReplicas: [1, 10000],
};

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

function numberProblems(action: Record<string, unknown>): ActionProblem[] {
  const problems: ActionProblem[] = [];
  for (const field of SCALE_FIELDS) {
    if (!(field in action)) continue;
    const value = action[field];
    const [min, max] = NUMBER_LIMITS[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push(problem([field], 'value', 'wrong-type', `action.${field} must be a whole number; got ${typeName(value)} ${showValue(value)}`));
    } else if (value < min || value > max) {
      problems.push(problem([field], 'value', 'out-of-range', `action.${field} must be between ${min} and ${max}; got ${value}`));
    } else if (field === 'by' && value === 0) {
      problems.push(problem([field], 'value', 'out-of-range', 'action.by must not be 0 (it would change nothing)'));
    }
  }
  return problems;
}

function scaleProblems(action: Record<string, unknown>): ActionProblem[] {
  const problems = numberProblems(action);
  const hasReplicas = 'replicas' in action;
  if (!hasReplicas && !('by' in action)) {
    problems.push(problem([], 'key', 'missing-field', 'a scaleDeployment action needs either replicas: N (set the count) or by: N (change it)'));
  }
  if (hasReplicas && 'by' in action) {
    problems.push(problem(['by'], 'key', 'conflicting-fields', 'use either replicas or by in a scaleDeployment action, not both'));
  }
  for (const bound of ['minReplicas', 'maxReplicas']) {
    if (hasReplicas && bound in action) {
      problems.push(problem([bound], 'key', 'conflicting-fields', `${bound} only applies with by: N; with replicas the count is already exact`));
    }
  }
  return problems;
}

function typedProblems(action: Record<string, unknown>): ActionProblem[] {
  const problems = unknownFields(action, TYPED_FIELDS, 'a typed action');
  const type = action.type;
  if (typeof type !== 'string' || !ACTION_TYPES.includes(type)) {
    problems.push(problem(['type'], 'value', 'invalid-value', `action.type must be one of ${ACTION_TYPES.join(', ')}; got ${showValue(type)}`));
    return problems;
  }
  if (type === 'scaleDeployment') return [...problems, ...scaleProblems(action)];
  for (const field of SCALE_FIELDS.filter((f) => f in action)) {
    problems.push(problem([field], 'key', 'conflicting-fields', `${field} only applies to type scaleDeployment; a ${type} action takes no parameters`));
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
