// Conditions are CEL expressions over the measured value (`result`) and, for verification, the value at
// decision time (`baseline`), both doubles. Compiled once (parse, type check, plan) when the runbook is
// validated; evaluated per sample without ever throwing.
import { celEnv, CelScalar, isCelError, parse, plan } from '@bufbuild/cel';
import { ConditionTypeChecker, ConditionTypeError, type CelTypeName } from './conditionTypes';

export type ConditionVariable = 'result' | 'baseline';

/** A problem at [from, to) of the expression text (UTF-16 offsets). */
export interface ConditionProblem {
  message: string;
  from: number;
  to: number;
}

export type ConditionValues = { result: number; baseline?: number };

export type ConditionOutcome = { ok: true; value: boolean } | { ok: false; error: string };

export interface CompiledCondition {
  readonly source: string;
  /** The declared variables the expression reads (e.g. to know a baseline must be measured first). */
  readonly uses: ReadonlySet<ConditionVariable>;
  evaluate(values: ConditionValues): ConditionOutcome;
}

export type Compilation = { ok: true; condition: CompiledCondition } | { ok: false; problem: ConditionProblem };

interface ParseSyntaxErrorShape {
  name: string;
  rawMessage?: string;
  message: string;
  location?: { start: { offset: number }; end: { offset: number } };
}

function syntaxProblem(err: unknown, source: string): ConditionProblem {
  const e = err as ParseSyntaxErrorShape;
  // The library throws a peggy-style ParseSyntaxError (its `name` is "syntax error") carrying `location`.
  if (e && typeof e.location?.start?.offset === 'number') {
    const from = e.location.start.offset;
    const to = Math.max(from, e.location.end.offset);
    // The library's message starts with "<input>:line:col: "; the position is carried separately.
    const text = (e.rawMessage ?? e.message).replace(/^<input>:\d+:\d+: /, '');
    return { message: `CEL syntax error: ${text}`, from, to: to === from && from < source.length ? from + 1 : to };
  }
  return { message: `CEL syntax error: ${(err as Error)?.message ?? String(err)}`, from: 0, to: source.length };
}

/** Compiles `source` with `variables` declared as doubles; a syntax or type error comes with its range. */
export function compileCondition(source: string, variables: readonly ConditionVariable[] = ['result', 'baseline']): Compilation {
  if (source.trim() === '') return { ok: false, problem: { message: 'the condition is empty', from: 0, to: source.length } };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (err) {
    return { ok: false, problem: syntaxProblem(err, source) };
  }
  const checker = new ConditionTypeChecker(source, parsed, new Map<string, CelTypeName>(variables.map((v) => [v, 'double'])));
  try {
    const type = checker.typeOf(parsed.expr);
    if (type !== 'bool') {
      return { ok: false, problem: { message: `the condition must be true or false, but it is a ${type} (compare it, e.g. result > 0.05)`, from: 0, to: source.length } };
    }
  } catch (err) {
    if (!(err instanceof ConditionTypeError)) throw err;
    return { ok: false, problem: { message: err.message, from: err.offset, to: Math.min(source.length, err.offset + err.length) } };
  }
  const env = celEnv({ variables: Object.fromEntries(variables.map((v) => [v, CelScalar.DOUBLE])) });
  const run = plan(env, parsed);
  const uses = new Set([...checker.used] as ConditionVariable[]);
  return {
    ok: true,
    condition: {
      source,
      uses,
      evaluate(values: ConditionValues): ConditionOutcome {
        for (const name of uses) {
          const value = values[name];
          if (typeof value !== 'number') return { ok: false, error: `${name} is not known (it had no value)` };
          // NaN compares false both ways, so "!(result > x)" would hold on no data: never evaluate it.
          if (!Number.isFinite(value)) return { ok: false, error: `${name} is ${value}, which is no data, not a value` };
        }
        let value: unknown;
        try {
          value = run(Object.fromEntries([...uses].map((name) => [name, values[name] as number])));
        } catch (err) {
          return { ok: false, error: `cannot evaluate "${source}": ${(err as Error).message}` };
        }
        if (isCelError(value)) return { ok: false, error: `cannot evaluate "${source}": ${value.message}` };
        if (typeof value !== 'boolean') return { ok: false, error: `"${source}" gave ${String(value)}, not true or false` };
        return { ok: true, value };
      },
    },
  };
}
