// Turns ajv errors into diagnostics a service owner can act on, located on the offending key or value.
import type { ErrorObject } from 'ajv';
import { explainActionProblems } from './actionProblems';
import { diagnostic, displayPath, dottedPath, showValue, typeName } from './diagnostics';
import type { Locator } from './positions';
import { didYouMean } from './suggest';
import type { Diagnostic } from './types';

type Path = (string | number)[];
const ACTION_PATH: Path = ['spec', 'action'];

/** JSON pointer to path; segments under arrays become numbers. */
export function pointerToPath(pointer: string, data: unknown): Path {
  const path: Path = [];
  let node: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
  }
  return path;
}

function fullPath(path: Path): string {
  return path.length === 0 ? 'the top level' : dottedPath(path);
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false',
};

function rangeWords(schema: Record<string, unknown>): string {
  const { minimum, maximum } = schema;
  if (typeof minimum === 'number' && typeof maximum === 'number') return `between ${minimum} and ${maximum}`;
  if (typeof minimum === 'number') return `at least ${minimum}`;
  return `at most ${String(maximum)}`;
}

interface Described { code: string; message: string; at: 'key' | 'value' | 'parent'; path: Path }

function describeType(error: ErrorObject, path: Path): Described {
  const expected = String(error.params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
  const value = error.data;
  const shown = value !== null && typeof value !== 'object' ? ` ${showValue(value)}` : '';
  const quoteHint = expected === 'a string' && (typeof value === 'boolean' || typeof value === 'number')
    ? ` (quote it: "${String(value)}")` : '';
  return { code: 'wrong-type', at: 'value', path, message: `${displayPath(path)} must be ${expected}; got ${typeName(value)}${shown}${quoteHint}` };
}

function describe(error: ErrorObject, path: Path): Described {
  const name = displayPath(path);
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { code: 'missing-field', at: 'parent', path: [...path, String(params.missingProperty)],
        message: `missing required field "${String(params.missingProperty)}"${path.length ? ` in ${fullPath(path)}` : ''}` };
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys((schema.properties ?? {}) as object);
      return { code: 'unknown-field', at: 'key', path: [...path, extra],
        message: `unknown field "${extra}" in ${fullPath(path)}${didYouMean(extra, allowed)}; allowed: ${allowed.join(', ')}` };
    }
    case 'type':
      return describeType(error, path);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof error.data === 'string' ? didYouMean(error.data, allowed) : '';
      return { code: 'invalid-value', at: 'value', path, message: `${name} must be one of ${allowed.join(', ')}; got ${showValue(error.data)}${hint}` };
    }
    case 'const':
      return { code: 'invalid-value', at: 'value', path, message: `${name} must be ${showValue(params.allowedValue)}; got ${showValue(error.data)}` };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { code: 'out-of-range', at: 'value', path, message: `${name} must be ${rangeWords(schema)}; got ${showValue(error.data)}` };
    case 'minLength':
      return { code: 'invalid-value', at: 'value', path, message: `${name} must not be empty` };
    case 'maxLength':
      return { code: 'invalid-value', at: 'value', path, message: `${name} must be at most ${String(params.limit)} characters long` };
    case 'pattern': {
      const explained = typeof schema.patternErrorMessage === 'string' ? schema.patternErrorMessage : `must match ${String(params.pattern)}`;
      return { code: 'invalid-format', at: 'value', path, message: `${name} ${explained}; got ${showValue(error.data)}` };
    }
    case 'minItems':
      return { code: 'too-few-items', at: 'value', path, message: `${name} must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const item = Array.isArray(error.data) ? error.data[later] : undefined;
      return { code: 'duplicate-item', at: 'value', path: [...path, later], message: `${name} lists ${showValue(item)} more than once` };
    }
    default:
      return { code: 'schema', at: 'value', path, message: `${name} ${error.message ?? 'is not valid'}` };
  }
}

function isUnderAction(path: Path): boolean {
  return path.length >= 2 && path[0] === 'spec' && path[1] === 'action';
}

function locate(locator: Locator, described: Described): Diagnostic {
  const range = described.at === 'key' ? locator.keyRange(described.path)
    : described.at === 'parent' ? locator.keyRange(described.path.slice(0, -1))
      : locator.valueRange(described.path);
  return diagnostic('error', 'schema', described.code, described.message, range, described.path);
}

function actionDiagnostics(data: unknown, locator: Locator, fallback: ErrorObject, fallbackPath: Path): Diagnostic[] {
  const action = (data as { spec?: { action?: unknown } }).spec?.action;
  const problems = explainActionProblems(action);
  if (problems.length === 0) return [locate(locator, describe(fallback, fallbackPath))];
  return problems.map((p) => {
    const path = [...ACTION_PATH, ...p.path];
    const range = p.at === 'key' ? locator.keyRange(path) : locator.valueRange(path);
    return diagnostic('error', p.source, p.code, p.message, range, path);
  });
}

export function schemaDiagnostics(errors: readonly ErrorObject[], data: unknown, locator: Locator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let actionDone = false;
  for (const error of errors) {
    const path = pointerToPath(error.instancePath, data);
    if (isUnderAction(path)) {
      if (!actionDone) diagnostics.push(...actionDiagnostics(data, locator, error, path));
      actionDone = true;
      continue;
    }
    const located = locate(locator, describe(error, path));
    const key = `${located.code}|${located.message}`;
    if (!seen.has(key)) diagnostics.push(located);
    seen.add(key);
  }
  return diagnostics;
}
