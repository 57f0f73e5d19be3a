import { strict as assert } from 'assert';
import { parseRunbook } from '../../../src/core/runbook/parse';
import type { Diagnostic } from '../../../src/core/runbook/types';
import { SEED, edit } from './helpers';

const GUARDRAILS_END = '    maxConcurrentActions: 1\n';
const VERIFICATION_END = '    timeoutSeconds: 120\n';
const GOOD_QUERY = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[5m]))';

/** The seed with `preconditions` (YAML lines under metricPreconditions:) and `metrics` (under verification.metrics:). */
function runbook(preconditions: string, metrics = ''): string {
  let text = edit(SEED(), GUARDRAILS_END, `${GUARDRAILS_END}    metricPreconditions:\n${preconditions}`);
  if (metrics) text = edit(text, VERIFICATION_END, `${VERIFICATION_END}    metrics:\n${metrics}`);
  return text;
}

function precondition(query: string, condition = '"result > 0.05"'): string {
  return `      - name: errors-present\n        query: ${query}\n        condition: ${condition}\n`;
}

function metric(fields: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    name: 'error-ratio', query: `'${GOOD_QUERY}'`, successCondition: '"result < 0.01"', initialDelay: '30s', interval: '15s',
    count: '3', failureLimit: '0', inconclusiveLimit: '2', onNoData: 'inconclusive', ...fields,
  };
  return Object.entries(all).map(([k, v], i) => `${i === 0 ? '      - ' : '        '}${k}: ${v}\n`).join('');
}

/** 0-based line and character of the `occurrence`-th `needle` in `text`. */
function positionOf(text: string, needle: string, occurrence = 0): { line: number; character: number } {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not in the text`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function only(text: string, code: string): Diagnostic {
  const found = parseRunbook(text).diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(parseRunbook(text).diagnostics)}`);
  return found[0];
}

function assertAt(d: Diagnostic, start: { line: number; character: number }, end?: { line: number; character: number }): void {
  assert.deepEqual(d.range.start, start, d.message);
  if (end) assert.deepEqual(d.range.end, end, d.message);
}

describe('metric fields: validation at exact positions', () => {
  it('accepts the contract of the issue', () => {
    const text = runbook(precondition(`'${GOOD_QUERY} / ${GOOD_QUERY}'`), metric({ failureCondition: '"result > baseline * 1.2"' }));
    const result = parseRunbook(text);
    assert.deepEqual(result.diagnostics.filter((d) => d.severity !== 'info'), []);
    assert.equal(result.runbook?.spec.guardrails.metricPreconditions?.[0].condition, 'result > 0.05');
    assert.equal(result.runbook?.spec.verification.metrics?.[0].count, 3);
  });

  it('reports a PromQL syntax error in a plain scalar at its column', () => {
    const text = runbook(precondition('sum(rate(x[5m])) +* 2'));
    assertAt(only(text, 'promql-syntax'), positionOf(text, '* 2'));
  });

  it('reports a PromQL syntax error in a single-quoted scalar with a doubled quote before it', () => {
    const text = runbook(precondition(`'sum(x{a=''b''}) ) + 1'`));
    assertAt(only(text, 'promql-syntax'), positionOf(text, ') + 1'));
  });

  it('reports a PromQL syntax error in a double-quoted scalar after escapes', () => {
    const text = runbook(precondition('"sum(x{a=\\"b\\\\t\\"}) ) + 1"'));
    assertAt(only(text, 'promql-syntax'), positionOf(text, ') + 1'));
  });

  it('reports a problem on the second line of a folded multi-line single-quoted scalar', () => {
    const text = runbook(precondition(`'sum(rate(x{app="\${APP}"}[5m]))\n                / sum(rate(x{app="\${APPS}"}[5m]))'`));
    const d = only(text, 'metric-template');
    assertAt(d, positionOf(text, '${APPS}'), { line: positionOf(text, '${APPS}').line, character: positionOf(text, '${APPS}').character + 7 });
  });

  it('reports a problem on the third line of a double-quoted scalar with an escaped line break', () => {
    const text = runbook(precondition(`"sum(rate(x{app=\\"\${APP}\\"}[5m]))\\\n          / sum(rate(x{}[5m]))\n          / \${POD_NAME}"`));
    assertAt(only(text, 'metric-template'), positionOf(text, '${POD_NAME}'));
  });

  it('reports a problem in a literal block scalar', () => {
    const text = runbook(precondition(`|\n          sum(rate(x[5m]))\n          / sum(rate(y{app=\${APP}}[5m]))`));
    assertAt(only(text, 'metric-template'), positionOf(text, '${APP}'));
  });

  it('reports a problem in a folded block scalar', () => {
    const text = runbook(precondition(`>-\n          sum(rate(x[5m]))\n          / sum(rate(y[5m]))\n          ) extra`));
    assertAt(only(text, 'promql-syntax'), positionOf(text, ') extra'));
  });

  it('reports a CEL syntax error at its column and a type error at its operand', () => {
    const syntax = runbook(precondition(`'${GOOD_QUERY}'`, '"result >> 0.05"'));
    const d = only(syntax, 'cel-error');
    assert.equal(d.range.start.line, positionOf(syntax, 'result >>').line);
    assert.ok(d.range.start.character > positionOf(syntax, 'result >>').character, d.message);
    const type = runbook(precondition(`'${GOOD_QUERY}'`, `'result > "x"'`));
    // The library's checker points at the operator that cannot apply.
    assertAt(only(type, 'cel-error'), positionOf(type, '> "x"'));
  });

  it('does not let a precondition read baseline (it has none)', () => {
    const text = runbook(precondition(`'${GOOD_QUERY}'`, '"result > baseline"'));
    assertAt(only(text, 'cel-error'), positionOf(text, 'baseline"'));
  });

  it('checks the verification metric fields and duplicate names', () => {
    const text = runbook(precondition(`'${GOOD_QUERY}'`), metric({ successCondition: "'result <'" }) + metric());
    assert.ok(parseRunbook(text).diagnostics.some((d) => d.code === 'metric-duplicate-name'));
    assert.equal(only(text, 'cel-error').range.start.line, positionOf(text, "'result <'").line);
  });

  it('refuses durations longer than a year (and keeps the schema bounds)', () => {
    const text = runbook(precondition(`'${GOOD_QUERY}'`), metric({ initialDelay: '9999h' }));
    assertAt(only(text, 'metric-duration'), positionOf(text, '9999h'));
    const huge = runbook(precondition(`'${GOOD_QUERY}'`), metric({ count: '100000' }));
    assert.ok(parseRunbook(huge).diagnostics.some((d) => d.severity === 'error' && d.source === 'schema'));
    const extra = runbook(precondition(`'${GOOD_QUERY}'`) + '        extra: 1\n');
    assert.ok(parseRunbook(extra).diagnostics.some((d) => d.severity === 'error' && d.source === 'schema'));
  });
});

describe('metric fields: lint', () => {
  it('warns on a precondition that is always true, count 0, and an interval longer than the timeout', () => {
    const text = runbook(precondition(`'${GOOD_QUERY}'`, '"true"'), metric({ count: '0', interval: '5m', successCondition: '"1 < 2"' }));
    const result = parseRunbook(text);
    assert.ok(result.runbook, JSON.stringify(result.diagnostics));
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning' && d.source === 'metrics');
    assert.deepEqual(warnings.map((d) => d.code).sort(),
      ['metric-condition-constant', 'metric-condition-constant', 'metric-count-zero', 'metric-interval-exceeds-timeout']);
    const interval = warnings.find((d) => d.code === 'metric-interval-exceeds-timeout')!;
    const key = positionOf(text, 'interval: 5m');
    assertAt(interval, { line: key.line, character: key.character + 'interval: '.length });
  });

  it('each warning sits at the value that makes the check unable to fail', () => {
    const text = runbook(precondition(`'${GOOD_QUERY}'`, '"true"'), metric({ count: '0', successCondition: '"true"' }));
    const at = (code: string, needle: string, skip: number) => {
      const key = positionOf(text, needle);
      const d = parseRunbook(text).diagnostics.filter((x) => x.code === code && x.range.start.line === key.line);
      assert.equal(d.length, 1, `${code} on the line of ${needle}`);
      assertAt(d[0], { line: key.line, character: key.character + skip });
      return d[0];
    };
    assert.match(at('metric-condition-constant', 'condition: "true"', 'condition: '.length).message, /can never block the action/);
    assert.match(at('metric-condition-constant', 'successCondition: "true"', 'successCondition: '.length).message, /so this check cannot fail/);
    assert.match(at('metric-count-zero', 'count: 0', 'count: '.length).message, /cannot fail/);
  });

  it('an always-true successCondition next to a failureCondition is named for what it does', () => {
    const text = runbook(precondition(`'${GOOD_QUERY}'`), metric({ successCondition: '"true"', failureCondition: '"result > baseline * 1.2"' }));
    assert.match(only(text, 'metric-condition-constant').message, /every sample the failureCondition lets through passes/);
  });

  it('warns when failureLimit tolerates every sample that fits before the timeout (at failureLimit)', () => {
    // timeout 120s, delay 30s, interval 15s: samples at 30, 45, ... 120 = 7.
    const text = runbook(precondition(`'${GOOD_QUERY}'`), metric({ failureLimit: '7' }));
    const d = only(text, 'metric-failure-limit-unreachable');
    const key = positionOf(text, 'failureLimit: 7');
    assertAt(d, { line: key.line, character: key.character + 'failureLimit: '.length });
    assert.match(d.message, /at most 7\), so this check cannot fail/);
    assert.ok(!parseRunbook(runbook(precondition(`'${GOOD_QUERY}'`), metric({ failureLimit: '6' }))).diagnostics.some((x) => x.code === 'metric-failure-limit-unreachable'));
    assert.ok(!parseRunbook(text, { lint: false }).diagnostics.some((x) => x.code === 'metric-failure-limit-unreachable'), 'lint only');
  });

  it('a runbook whose only verification is a metric is not "verification with no checks"', () => {
    const checks = '    checks:\n      - "available_replicas_equal_desired_replicas"\n      - "replacement_pod_ready_within_timeout"\n';
    const text = edit(runbook(precondition(`'${GOOD_QUERY}'`), metric()), checks, '    checks: []\n');
    assert.ok(!parseRunbook(text).diagnostics.some((d) => d.code === 'verification-no-checks'));
    assert.ok(parseRunbook(edit(SEED(), checks, '    checks: []\n')).diagnostics.some((d) => d.code === 'verification-no-checks'));
  });
});
