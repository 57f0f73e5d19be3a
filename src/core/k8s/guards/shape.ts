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

/** Checks `value` found at `where`; reports problems to `ctx`. */
export type Shape = (value: unknown, where: Where, ctx: ShapeContext) => void;

export const ROOT: Where = {};

function keysOf(where: Where): PathKey[] {
  const keys: PathKey[] = [];
  for (let w: Where | undefined = where; w && w.key !== undefined; w = w.up) keys.push(w.key);
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

export function report(ctx: ShapeContext, where: Where, message: string): void {
  ctx.problems.push({ path: [...ctx.base, ...keysOf(where)], message });
}

function expect(expected: string, test: (value: unknown) => boolean): Shape {
  return (value, where, ctx) => {
    if (test(value)) return;
    const field = fieldName(keysOf(where));
    report(ctx, where, value === undefined ? `${ctx.subject} has no ${field}` : `${ctx.subject}: ${field} must be ${expected}, not ${describe(value)}`);
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
export const stringMap: Shape = (value, where, ctx) => {
  if (!isPlainObject(value)) { anyMapping(value, where, ctx); return; }
  for (const key of Object.keys(value)) {
    if (typeof value[key] !== 'string') string(value[key], { up: where, key }, ctx);
  }
};

/** Absent is fine; present must fit `shape` (null is not "absent": the engine would read it). */
export function optional(shape: Shape): Shape {
  return (value, where, ctx) => { if (value !== undefined) shape(value, where, ctx); };
}

/** A mapping with these fields; other fields are ignored. */
export function object(fields: Record<string, Shape>): Shape {
  const entries = Object.entries(fields);
  return (value, where, ctx) => {
    if (!isPlainObject(value)) { anyMapping(value, where, ctx); return; }
    for (const [key, shape] of entries) shape(own(value, key), { up: where, key }, ctx);
  };
}

export function list(item: Shape): Shape {
  return (value, where, ctx) => {
    if (!Array.isArray(value)) { expect('a list', () => false)(value, where, ctx); return; }
    for (let i = 0; i < value.length; i++) item(value[i], { up: where, key: i }, ctx);
  };
}

export const optionalString = optional(string);
export const optionalCount = optional(count);
export const optionalBoolean = optional(boolean);
export const optionalStringMap = optional(stringMap);
