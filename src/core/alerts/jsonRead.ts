// Located reading of parsed JSON that crossed a boundary (a webhook body, a config file): every check
// looks at own properties only and names the offending place as a JSON path (`$.alerts[2].startsAt`).
// Reasons name the place and what was expected, never the value (a body may hold anything).

export interface LocatedReason {
  /** JSON path of the offending value, `$` being the whole document. */
  path: string;
  /** What was expected there, in words. */
  message: string;
}

export type JsonObject = Record<string, unknown>;

/** More reasons than this are summarised in one last reason, so a hostile body cannot grow the answer. */
export const MAX_REASONS = 20;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function own(o: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

export function hasOwn(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Collects located reasons; each reading method returns undefined (and records why) when the shape is wrong. */
export class JsonReader {
  private readonly found: LocatedReason[] = [];
  private dropped = 0;

  get reasons(): LocatedReason[] {
    if (this.dropped === 0) return [...this.found];
    return [...this.found, { path: '$', message: `${this.dropped} more problems are not shown` }];
  }

  get failed(): boolean {
    return this.found.length > 0;
  }

  fail(path: string, message: string): undefined {
    if (this.found.length < MAX_REASONS) this.found.push({ path, message });
    else this.dropped++;
    return undefined;
  }

  object(v: unknown, path: string): JsonObject | undefined {
    return isJsonObject(v) ? v : this.fail(path, 'must be an object');
  }

  string(o: JsonObject, key: string, path: string, options: { optional?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const at = childPath(path, key);
    if (!hasOwn(o, key)) return options.optional ? undefined : this.fail(at, 'is required');
    const v = own(o, key);
    if (typeof v !== 'string') return this.fail(at, 'must be a string');
    if (options.nonEmpty && v === '') return this.fail(at, 'must not be empty');
    return v;
  }

  oneOf<T extends string>(o: JsonObject, key: string, allowed: readonly T[], path: string, options: { optional?: boolean } = {}): T | undefined {
    const at = childPath(path, key);
    if (!hasOwn(o, key)) return options.optional ? undefined : this.fail(at, 'is required');
    const v = own(o, key);
    const hit = allowed.find((a) => a === v);
    return hit ?? this.fail(at, `must be one of ${allowed.join(', ')}`);
  }

  /** A non-negative whole number. */
  count(o: JsonObject, key: string, path: string): number | undefined {
    const at = childPath(path, key);
    if (!hasOwn(o, key)) return this.fail(at, 'is required');
    const v = own(o, key);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return this.fail(at, 'must be a whole number, 0 or more');
    return v + 0; // -0 reads as 0
  }

  /** An RFC 3339 time (Alertmanager writes nanoseconds; Date.parse reads them). */
  time(o: JsonObject, key: string, path: string): string | undefined {
    const v = this.string(o, key, path);
    if (v === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v))) return this.fail(childPath(path, key), 'must be an RFC 3339 time');
    return v;
  }

  /** A mapping of strings to strings (labels, annotations), copied into a fresh object of own properties. */
  stringMap(o: JsonObject, key: string, path: string, options: { optional?: boolean } = {}): Record<string, string> | undefined {
    const at = childPath(path, key);
    if (!hasOwn(o, key)) return options.optional ? {} : this.fail(at, 'is required');
    const m = this.object(own(o, key), at);
    if (m === undefined) return undefined;
    const entries: [string, string][] = [];
    let ok = true;
    for (const k of Object.keys(m)) {
      const v = own(m, k);
      if (typeof v === 'string') entries.push([k, v]);
      else {
        this.fail(childPath(at, k), 'must be a string');
        ok = false;
      }
    }
    // fromEntries defines own data properties, so a `__proto__` key stays a plain entry.
    return ok ? Object.fromEntries(entries) : undefined;
  }

  list(o: JsonObject, key: string, path: string): unknown[] | undefined {
    const at = childPath(path, key);
    if (!hasOwn(o, key)) return this.fail(at, 'is required');
    const v = own(o, key);
    return Array.isArray(v) ? v : this.fail(at, 'must be a list');
  }
}

/** Reads one own entry of a string map (labels, annotations) without looking at the prototype. */
export function entry(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
