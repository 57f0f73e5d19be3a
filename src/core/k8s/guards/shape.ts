// Small runtime shape checks for the Kubernetes objects the engine reads. A state file, an incident or an
// API server's answer is untrusted data: each kind's guard (./pod.ts, ./deployment.ts, ...) checks every
// field the engine relies on once, where the object enters, so the engine can trust src/core/k8s/types.ts
// instead of guarding each read. Fields the engine does not read are never looked at (extra fields are fine).

export type PathKey = string | number;

export interface ShapeProblem {
  /** Path inside the document (e.g. ['items', 3, 'status', 'conditions', 0]), for locating the problem. */
  path: PathKey[];
  message: string;
}

/** Where a check is: a linked path (allocated only when a problem is reported) under the object's base path. */
export interface Where {
  readonly up?: Where;
  readonly key?: PathKey;
}

export interface ShapeContext {
  /** How messages name the object, e.g. "Pod shop/web-1" or "Pod item 3". */
  subject: string;
  /** Path of the object inside the document. */
  base: PathKey[];
  problems: ShapeProblem[];
}

/**
 * Checks `value`, found at field `key` of the container at `up` (the root has no key); reports problems to
 * `ctx`. The path is only built when a problem is reported: a saved state can hold 50,000 pods.
 */
export type Shape = (value: unknown, up: Where, key: PathKey | undefined, ctx: ShapeContext) => void;

export const ROOT: Where = {};

function keysOf(up: Where, key: PathKey | undefined): PathKey[] {
  const keys: PathKey[] = key === undefined ? [] : [key];
  for (let w: Where | undefined = up; w && w.key !== undefined; w = w.up) keys.push(w.key);
  return keys.reverse();
}

/** `status.conditions[0].type`, the way kubectl explain and error messages spell a field. */
export function fieldName(keys: readonly PathKey[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || '(the object)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

function expect(expected: string, test: (value: unknown) => boolean): Shape {
  return (value, up, key, ctx) => {
    if (test(value)) return;
    const keys = keysOf(up, key);
    const field = fieldName(keys);
    const message = value === undefined ? `${ctx.subject} has no ${field}` : `${ctx.subject}: ${field} must be ${expected}, not ${describe(value)}`;
    ctx.problems.push({ path: [...ctx.base, ...keys], message });
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own property only: an input never reaches Object.prototype through a lookup. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export const string = expect('a string', (v) => typeof v === 'string');
export const nonEmptyString = expect('a non-empty string', (v) => typeof v === 'string' && v !== '');
export const boolean = expect('true or false', (v) => typeof v === 'boolean');
export const integer = expect('a whole number', (v) => Number.isSafeInteger(v));
export const count = expect('a whole number, 0 or more', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
/** Kubernetes IntOrString (minAvailable: 2 or "50%"). */
export const countOrPercent = expect('a whole number or a percentage like "50%"',
  (v) => (Number.isSafeInteger(v) && (v as number) >= 0) || (typeof v === 'string' && /^\d{1,3}%$/.test(v)));
export const anyMapping = expect('a mapping', isPlainObject);
/** Labels, annotations, matchLabels: string keys to string values. */
export const stringMap: Shape = (value, up, key, ctx) => {
  if (!isPlainObject(value)) { anyMapping(value, up, key, ctx); return; }
  for (const name of Object.keys(value)) {
    if (typeof value[name] !== 'string') string(value[name], { up, key }, name, ctx);
  }
};

/** Absent is fine; present must fit `shape` (null is not "absent": the engine would read it). */
export function optional(shape: Shape): Shape {
  return (value, up, key, ctx) => { if (value !== undefined) shape(value, up, key, ctx); };
}

/**
 * A mapping with these fields; other fields are ignored. Field names are ours, never the input's, and none
 * is an Object.prototype name, so a plain lookup reads own data only (and costs far less than hasOwn on
 * every field of 50,000 pods).
 */
export function object(fields: Record<string, Shape>): Shape {
  const names = Object.keys(fields);
  for (const name of names) if (name in Object.prototype) throw new Error(`shape field "${name}" is an Object.prototype name`);
  const shapes = names.map((name) => fields[name]);
  return (value, up, key, ctx) => {
    if (!isPlainObject(value)) { anyMapping(value, up, key, ctx); return; }
    const here: Where = { up, key };
    for (let i = 0; i < names.length; i++) shapes[i](value[names[i]], here, names[i], ctx);
  };
}

const notAList = expect('a list', () => false);

export function list(item: Shape): Shape {
  return (value, up, key, ctx) => {
    if (!Array.isArray(value)) { notAList(value, up, key, ctx); return; }
    const here: Where = { up, key };
    for (let i = 0; i < value.length; i++) item(value[i], here, i, ctx);
  };
}

export const optionalString = optional(string);
export const optionalCount = optional(count);
export const optionalBoolean = optional(boolean);
export const optionalStringMap = optional(stringMap);
