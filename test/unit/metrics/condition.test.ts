import assert from 'node:assert/strict';
import { compileCondition, type CompiledCondition } from '../../../src/core/metrics/condition';
import { seededRandom as random } from '../../support/seeded';

function compiled(source: string, variables?: Array<'result' | 'baseline'>): CompiledCondition {
  const c = compileCondition(source, variables);
  assert.ok(c.ok, c.ok ? '' : `${source}: ${c.problem.message}`);
  return c.condition;
}

describe('metrics: CEL conditions', function () {
  const truths: Array<[string, number, number | undefined, boolean]> = [
    ['result > 0.05', 0.1, undefined, true],
    ['result > 0.05', 0.0, undefined, false],
    ['result > 0', 0.5, undefined, true],
    ['result < 0.01', 0.005, 1, true],
    ['result > baseline * 1.2', 1.3, 1, true],
    ['result > baseline * 1.2', 1.1, 1, false],
    ['result <= baseline && baseline > 0.0', 0.5, 1, true],
    ['!(result == 1) || result == 1.0', 1, undefined, true],
    ['(result > 1.0 ? result : -result) > 0.5', -0.7, undefined, true],
    ['double(int(result)) == 3.0', 3.9, undefined, true],
  ];
  for (const [source, result, baseline, expected] of truths) {
    it(`${source} with result=${result}${baseline === undefined ? '' : `, baseline=${baseline}`} is ${expected}`, function () {
      assert.deepEqual(compiled(source).evaluate({ result, ...(baseline === undefined ? {} : { baseline }) }), { ok: true, value: expected });
    });
  }

  it('knows which variables an expression reads', function () {
    assert.deepEqual([...compiled('result > baseline * 1.2').uses].sort(), ['baseline', 'result']);
    assert.deepEqual([...compiled('result > 0.05').uses], ['result']);
  });

  const problems: Array<[string, RegExp, [number, number], Array<'result' | 'baseline'>?]> = [
    ['result >', /CEL syntax error: found > but expecting end of input/, [7, 8]],
    ['result > > 1', /CEL syntax error: found > but expecting end of input/, [7, 8]],
    ['baseline * 2 > 1.0', /'\*' cannot combine double and int \(write .*2\.0/, [9, 10]],
    ['result + "a" > 1.0', /'\+' cannot combine double and string/, [7, 8]],
    ['result > "a"', /'>' cannot compare double with string/, [7, 8]],
    ['result == "a"', /'==' cannot compare double with string: it is never true/, [7, 9]],
    ['foo > 1.0', /unknown name 'foo': a condition can use result and baseline/, [0, 3]],
    ['baseline > 0.0', /unknown name 'baseline': a condition can use result$/, [0, 8], ['result']],
    ['result', /must be true or false, but it is a double/, [0, 6]],
    ['result * 2.0', /must be true or false/, [0, 12]],
    ['size("x") > 1', /function size is not available/, [0, 4]],
    ['result.x > 1.0', /field selection \(\.x\)/, [6, 7]],
    ['result in [1.0]', /lists are not available/, [10, 11]],
    ['result > 0.0 && 1.0', /'&&' needs two booleans, not bool and double/, [13, 15]],
    ['result % 2.0 == 0.0', /'%' cannot combine double and double/, [7, 8]],
    ['true ? 1.0 : 2 > 0', /both branches of '\? :'/, [5, 6]],
    ['', /empty/, [0, 0]],
  ];
  for (const [source, message, [from, to], variables] of problems) {
    it(`reports ${JSON.stringify(source)} at [${from}, ${to})`, function () {
      const c = compileCondition(source, variables);
      assert.ok(!c.ok, 'expected a problem');
      assert.match(c.problem.message, message);
      assert.deepEqual([c.problem.from, c.problem.to], [from, to]);
    });
  }

  it('a value it needs but does not have is an evaluation error, not false', function () {
    assert.deepEqual(compiled('result > baseline').evaluate({ result: 1 }), { ok: false, error: 'baseline is not known (it had no value)' });
  });

  it('NaN and ±Inf are never evaluated (NaN would make a negated comparison true)', function () {
    const negated = compiled('!(result > 0.01)');
    for (const result of [NaN, Infinity, -Infinity]) {
      const outcome = negated.evaluate({ result });
      assert.equal(outcome.ok, false, String(result));
      assert.match(outcome.ok ? '' : outcome.error, /no data/);
    }
    assert.equal(compiled('result > baseline').evaluate({ result: 1, baseline: NaN }).ok, false);
  });

  it('a run-time error (integer division by zero) is a typed outcome, never a throw', function () {
    const outcome = compiled('int(result) / 0 > 1').evaluate({ result: 1 });
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.error, /divide by zero/);
  });

  // Generated expressions over the allowed grammar and a few things it does not allow: whatever the type
  // check accepts must evaluate to a boolean or to an arithmetic error, never to "no matching overload".
  it('what the type check accepts never meets a missing overload at run time (seeded)', function () {
    this.timeout(20_000);
    const next = random(8);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    // Mostly well-typed shapes (so many pass the check), with wrong types and unsupported calls mixed in.
    const num = (depth: number): string => {
      const r = next();
      if (depth === 0 || r < 0.3) return pick(['result', 'baseline', '0.5', '1.2', '1e300', '0', '1', '2u', '"a"', 'null']);
      if (r < 0.7) return `(${num(depth - 1)} ${pick(['+', '-', '*', '/', '%'])} ${num(depth - 1)})`;
      if (r < 0.8) return `-${num(depth - 1)}`;
      if (r < 0.9) return `${pick(['double', 'int', 'size'])}(${num(depth - 1)})`;
      return `(${bool(depth - 1)} ? ${num(depth - 1)} : ${num(depth - 1)})`;
    };
    const bool = (depth: number): string => {
      const r = next();
      if (depth === 0 || r < 0.1) return pick(['true', 'false', 'result']);
      if (r < 0.6) return `${num(depth - 1)} ${pick(['<', '<=', '>', '>=', '==', '!='])} ${num(depth - 1)}`;
      if (r < 0.9) return `(${bool(depth - 1)} ${pick(['&&', '||'])} ${bool(depth - 1)})`;
      return `!(${bool(depth - 1)})`;
    };
    const expr = (depth: number): string => (next() < 0.9 ? bool(depth) : num(depth));
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const source = expr(3);
      const c = compileCondition(source);
      if (!c.ok) {
        assert.ok(c.problem.from >= 0 && c.problem.to <= source.length && c.problem.from <= c.problem.to, `case ${i}: range of ${source}`);
        continue;
      }
      accepted++;
      for (const values of [{ result: 0.5, baseline: 1 }, { result: -3, baseline: 0 }, { result: 1e300, baseline: -1e300 }]) {
        const outcome = c.condition.evaluate(values);
        if (!outcome.ok) assert.match(outcome.error, /divide by zero|modulus by zero|overflow|out of range|range error/i, `case ${i}: ${source}`);
      }
    }
    assert.ok(accepted > 100, `only ${accepted} generated conditions type-checked`);
  });
});
