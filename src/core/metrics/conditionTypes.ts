// Static types for condition expressions. The CEL library parses and evaluates, but its type checker does
// not cover calls yet, so this walks the library's parsed tree (no parsing here) and types the small part of
// CEL a metric condition needs: numbers, booleans, strings, comparisons, arithmetic, logic, ternary, and the
// double()/int() conversions. Everything else is reported as not available, so a condition that passes
// validation cannot fail at run time with "no matching overload".
import type { parse } from '@bufbuild/cel';

type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr['expr'];

export type CelTypeName = 'double' | 'int' | 'uint' | 'bool' | 'string' | 'bytes' | 'null';

export class ConditionTypeError extends Error {
  constructor(message: string, readonly offset: number, readonly length: number) {
    super(message);
    this.name = 'ConditionTypeError';
  }
}

const NUMERIC = new Set<CelTypeName>(['double', 'int', 'uint']);
const ARITHMETIC: Record<string, string> = { '_+_': '+', '_-_': '-', '_*_': '*', '_/_': '/', '_%_': '%' };
const ORDERING: Record<string, string> = { '_<_': '<', '_<=_': '<=', '_>_': '>', '_>=_': '>=' };
const EQUALITY: Record<string, string> = { '_==_': '==', '_!=_': '!=' };
const LOGIC: Record<string, string> = { '_&&_': '&&', '_||_': '||' };

function constType(kind: string): CelTypeName {
  switch (kind) {
    case 'doubleValue': return 'double';
    case 'int64Value': return 'int';
    case 'uint64Value': return 'uint';
    case 'boolValue': return 'bool';
    case 'stringValue': return 'string';
    case 'bytesValue': return 'bytes';
    case 'nullValue': return 'null';
    default: throw new Error(`unexpected constant kind ${kind}`);
  }
}

export class ConditionTypeChecker {
  /** Variables the expression reads. */
  readonly used = new Set<string>();

  constructor(private readonly source: string, private readonly parsed: ParsedExpr, private readonly variables: ReadonlyMap<string, CelTypeName>) {}

  private offsetOf(e: Expr): number {
    return this.parsed.sourceInfo?.positions[String(e.id)] ?? 0;
  }

  /** Where the text of `e` starts: the smallest recorded offset in its subtree (names and literals are exact). */
  private startOf(e: Expr): number {
    let start = this.offsetOf(e);
    const kind = e.exprKind;
    if (kind.case === 'callExpr') {
      for (const arg of [...(kind.value.target ? [kind.value.target] : []), ...kind.value.args]) start = Math.min(start, this.startOf(arg));
    }
    return start;
  }

  private fail(e: Expr, message: string, length = 1): never {
    throw new ConditionTypeError(message, this.offsetOf(e), length);
  }

  /**
   * An operator's own position: the library records operator calls near, not always at, their symbol, so
   * look for the symbol right before the operand that follows it.
   */
  private failAtOperator(e: Expr, symbol: string, operand: Expr, message: string): never {
    const at = this.source.lastIndexOf(symbol, this.startOf(operand) - 1);
    throw new ConditionTypeError(message, at >= 0 ? at : this.startOf(e), symbol.length);
  }

  typeOf(e: Expr): CelTypeName {
    const kind = e.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return constType(kind.value.constantKind.case ?? '');
      case 'identExpr': {
        const type = this.variables.get(kind.value.name);
        if (type === undefined) {
          const known = [...this.variables.keys()].join(' and ');
          this.fail(e, `unknown name '${kind.value.name}': a condition can use ${known}`, kind.value.name.length);
        }
        this.used.add(kind.value.name);
        return type;
      }
      case 'callExpr':
        return this.callType(e, kind.value.function, kind.value.target, kind.value.args);
      case 'selectExpr':
        return this.fail(e, `field selection (.${kind.value.field}) is not available in a condition`);
      case 'listExpr':
        return this.fail(e, 'lists are not available in a condition');
      case 'structExpr':
        return this.fail(e, 'maps and messages are not available in a condition');
      case 'comprehensionExpr':
        return this.fail(e, 'macros (all, exists, map, filter) are not available in a condition');
      default:
        return this.fail(e, 'this expression is not available in a condition');
    }
  }

  private callType(e: Expr, fn: string, target: Expr | undefined, args: Expr[]): CelTypeName {
    if (target !== undefined) this.fail(e, `method ${fn}() is not available in a condition`, fn.length);
    const types = args.map((a) => this.typeOf(a));
    const [a, b] = types;
    const hint = (): string => (a !== b && NUMERIC.has(a) && NUMERIC.has(b) ? ` (write ${a === 'double' ? 'the other number' : 'the number'} with a decimal point, e.g. 2.0, or use double(...))` : '');
    if (fn in ARITHMETIC) {
      const op = ARITHMETIC[fn];
      const ok = a === b && (NUMERIC.has(a) || (op === '+' && (a === 'string' || a === 'bytes'))) && !(op === '%' && a === 'double');
      if (!ok) this.failAtOperator(e, op, args[1], `'${op}' cannot combine ${a} and ${b}${hint()}`);
      return a;
    }
    if (fn in ORDERING) {
      const op = ORDERING[fn];
      const ok = (NUMERIC.has(a) && NUMERIC.has(b)) || (a === b && (a === 'string' || a === 'bool' || a === 'bytes'));
      if (!ok) this.failAtOperator(e, op, args[1], `'${op}' cannot compare ${a} with ${b}`);
      return 'bool';
    }
    if (fn in EQUALITY) {
      const op = EQUALITY[fn];
      if (!(a === b || (NUMERIC.has(a) && NUMERIC.has(b)))) this.failAtOperator(e, op, args[1], `'${op}' cannot compare ${a} with ${b}: it is never true`);
      return 'bool';
    }
    if (fn in LOGIC) {
      if (a !== 'bool' || b !== 'bool') this.failAtOperator(e, LOGIC[fn], args[1], `'${LOGIC[fn]}' needs two booleans, not ${a} and ${b}`);
      return 'bool';
    }
    switch (fn) {
      case '!_':
        if (a !== 'bool') this.failAtOperator(e, '!', args[0], `'!' needs a boolean, not ${a}`);
        return 'bool';
      case '-_':
        if (a !== 'double' && a !== 'int') this.failAtOperator(e, '-', args[0], `'-' needs a double or an int, not ${a}`);
        return a;
      case '_?_:_':
        if (a !== 'bool') this.failAtOperator(e, '?', args[1], `the condition of '? :' must be a boolean, not ${a}`);
        if (types[1] !== types[2]) this.failAtOperator(e, '?', args[1], `both branches of '? :' must have the same type, not ${types[1]} and ${types[2]}`);
        return types[1];
      case 'double':
      case 'int':
        if (args.length !== 1 || !NUMERIC.has(a)) this.fail(e, `${fn}() takes one number`, fn.length);
        return fn;
      default:
        return this.fail(e, `function ${fn.replace(/^@/, '')} is not available in a condition (available: comparisons, arithmetic, &&, ||, !, ? :, double(), int())`, fn.length);
    }
  }
}
