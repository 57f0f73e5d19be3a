// Small located checks for the test file reader: every problem points at the key or value it is about.
import { dottedPath } from '../runbook/diagnostics';
import type { Locator } from '../runbook/positions';
import type { Range } from '../runbook/types';
import type { SourcePosition, TestProblem } from './types';

type Path = readonly (string | number)[];

/** Problems reported per file; past this, one more says how many were left out. */
export const MAX_TEST_PROBLEMS = 100;

export function positionOf(range: Range): SourcePosition {
  return { line: range.start.line + 1, col: range.start.character + 1 };
}

/** A value for a message: quoted, shortened, control characters escaped (it may hold anything). */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const short = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return JSON.stringify(short);
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${quote(value)}`;
}

export class Checker {
  readonly problems: TestProblem[] = [];
  private dropped = 0;

  constructor(private readonly locator: Locator) {}

  valueAt(path: Path): SourcePosition {
    return positionOf(this.locator.valueRange(path));
  }

  keyAt(path: Path): SourcePosition {
    return positionOf(this.locator.keyRange(path));
  }

  add(at: SourcePosition, message: string, caseIndex?: number): void {
    if (this.problems.length >= MAX_TEST_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.problems.push(caseIndex === undefined ? { ...at, message } : { ...at, message, caseIndex });
  }

  /** A problem with a value (wrong type, bad format): pointed at the value. */
  value(path: Path, message: string, caseIndex?: number): void {
    this.add(this.valueAt(path), message, caseIndex);
  }

  /** A problem with a key (unknown, missing under its parent): pointed at the key. */
  key(path: Path, message: string, caseIndex?: number): void {
    this.add(this.keyAt(path), message, caseIndex);
  }

  /** Reports keys of `data` that are not in `allowed`; the message lists what is allowed. */
  onlyKeys(data: Record<string, unknown>, path: Path, allowed: readonly string[], where: string, caseIndex?: number): void {
    for (const key of Object.keys(data)) {
      if (!allowed.includes(key)) this.key([...path, key], `unknown field ${quote(key)} in ${where}; allowed: ${allowed.join(', ')}`, caseIndex);
    }
  }

  /** A required non-empty string; reports and returns undefined otherwise. */
  text(data: Record<string, unknown>, path: Path, field: string, required: boolean, caseIndex?: number): string | undefined {
    const value = data[field];
    if (value === undefined || value === null) {
      if (required) this.add(this.valueAt(path), `${dottedPath([...path, field])} is required`, caseIndex);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.value([...path, field], `${field} must be a non-empty string, not ${describeType(value)}`, caseIndex);
      return undefined;
    }
    return value;
  }

  finish(): TestProblem[] {
    if (this.dropped > 0) {
      const last = this.problems[this.problems.length - 1];
      this.problems.push({ line: last.line, col: last.col, message: `${this.dropped} more problems in this file are not shown` });
      this.dropped = 0;
    }
    return this.problems;
  }
}
