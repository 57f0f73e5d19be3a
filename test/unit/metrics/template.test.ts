import assert from 'node:assert/strict';
import { parser } from '@prometheus-io/lezer-promql';
import { checkPromQL } from '../../../src/core/metrics/promql';
import { checkTemplate, escapePromQLString, quoteRegex, substitute } from '../../../src/core/metrics/template';
import { hostileLabelValue as hostileValue, seededRandom as random } from '../../support/seeded';

const ERROR_RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}"}[5m]))';

/** The parse tree's node names in order: what the query means, whatever the label values are. */
function shape(query: string): string {
  const names: string[] = [];
  parser.parse(query).iterate({ enter: (n) => { names.push(n.name); } });
  return names.join(' ');
}

describe('metrics: query templates', function () {
  const cases: Array<[string, string, string]> = [
    ['plain', 'web', 'web'],
    ['double quote', 'a"b', 'a\\"b'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['backslash before quote', '\\"', '\\\\\\"'],
    ['newline, return, tab', 'a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['other control characters', '\x00\x1f\x7f', '\\x00\\x1f\\x7f'],
    ['single quote stays in a double-quoted string', "it's", "it's"],
    ['unicode as is', 'café 日本 😀', 'café 日本 😀'],
    ['injection attempt', 'x"} or vector(1) or {a="', 'x\\"} or vector(1) or {a=\\"'],
  ];
  for (const [name, value, escaped] of cases) {
    it(`escapes for a double-quoted string: ${name}`, function () {
      assert.equal(escapePromQLString(value, '"'), escaped);
    });
  }

  it('escapes the single quote in a single-quoted string, not the double quote', function () {
    assert.equal(escapePromQLString(`a'b"c`, "'"), `a\\'b"c`);
  });

  it('substitutes every placeholder and keeps the rest of the query', function () {
    const result = substitute(ERROR_RATIO, { NAMESPACE: 'aiops-remediation-lab', APP: 'web' });
    assert.ok(result.ok);
    assert.equal(result.query, ERROR_RATIO.replaceAll('${NAMESPACE}', 'aiops-remediation-lab').replaceAll('${APP}', 'web'));
    assert.equal(checkPromQL(result.query), undefined);
    assert.deepEqual(checkTemplate(ERROR_RATIO), { variables: ['NAMESPACE', 'APP'], problems: [] });
  });

  it('a hostile value stays one label value: same parse tree as a harmless one', function () {
    const hostile = substitute(ERROR_RATIO, { NAMESPACE: 'lab', APP: 'x"} or vector(1) or {a="' });
    const harmless = substitute(ERROR_RATIO, { NAMESPACE: 'lab', APP: 'x' });
    assert.ok(hostile.ok && harmless.ok);
    assert.equal(checkPromQL(hostile.query), undefined);
    assert.equal(shape(hostile.query), shape(harmless.query));
    assert.ok(!shape(hostile.query).includes('Or'));
  });

  it('in a regex matcher the value is matched literally', function () {
    const result = substitute('up{pod=~"${POD_NAME}", app!~\'${APP}\'}', { POD_NAME: 'web-.*', APP: "a|b'" });
    assert.ok(result.ok);
    assert.equal(result.query, "up{pod=~\"web-\\\\.\\\\*\", app!~'a\\\\|b\\''}");
    assert.equal(quoteRegex('a.b*c(d)[e]{f}^$|+?\\'), 'a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\^\\$\\|\\+\\?\\\\');
  });

  it('generated hostile values never change the query\'s parse tree (seeded)', function () {
    const next = random(8);
    const template = 'sum(rate(x{namespace="${NAMESPACE}",app=~"${APP}",pod=\'${POD_NAME}\'}[5m])) / on() label_replace(vector(1), "d", "${DEPLOYMENT}", "", "")';
    const expected = shape(template.replace(/\$\{[A-Z_]+\}/g, 'v'));
    for (let i = 0; i < 500; i++) {
      const values = { NAMESPACE: hostileValue(next), APP: hostileValue(next), POD_NAME: hostileValue(next), DEPLOYMENT: hostileValue(next) };
      const result = substitute(template, values);
      assert.ok(result.ok, `case ${i}`);
      assert.equal(checkPromQL(result.query), undefined, `case ${i}: ${JSON.stringify(values)} gave ${result.query}`);
      assert.equal(shape(result.query), expected, `case ${i}: ${JSON.stringify(values)} gave ${result.query}`);
    }
  });

  const problems: Array<[string, string, Record<string, string>, RegExp, [number, number]]> = [
    ['unknown variable', 'up{app="${SERVICE}"}', { APP: 'web' }, /unknown template variable \$\{SERVICE\}: use one of \$\{NAMESPACE\}/, [8, 18]],
    ['outside a string', 'rate(x[${APP}])', { APP: '5m' }, /must be inside a quoted label value/, [7, 13]],
    ['metric name', 'x_${APP}', { APP: 'web' }, /must be inside a quoted label value/, [2, 8]],
    ['raw string', 'up{app=`${APP}`}', { APP: 'web' }, /raw. string, which cannot escape/, [8, 14]],
    ['no value', 'up{pod="${POD_NAME}"}', { APP: 'web' }, /\$\{POD_NAME\} has no value for this target/, [8, 19]],
    ['empty value', 'up{app="${APP}"}', { APP: '' }, /\$\{APP\} is empty for this target/, [8, 14]],
    ['unclosed', 'up{app="${APP', { APP: 'web' }, /not closed/, [8, 13]],
    ['lone surrogate', 'up{app="${APP}"}', { APP: 'a\uD800' }, /not valid Unicode/, [8, 14]],
  ];
  for (const [name, template, values, message, [from, to]] of problems) {
    it(`a problem at its range: ${name}`, function () {
      const result = substitute(template, values);
      assert.ok(!result.ok, 'expected a problem');
      assert.match(result.problem.message, message);
      assert.deepEqual([result.problem.from, result.problem.to], [from, to]);
    });
  }

  it('checkTemplate reports misplaced placeholders without values', function () {
    const { variables, problems: found } = checkTemplate('rate(x{app="${APP}"}[${NAMESPACE}])');
    assert.deepEqual(variables, ['APP', 'NAMESPACE']);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /\$\{NAMESPACE\} must be inside/);
  });
});
