import { strict as assert } from 'assert';
import { damagedLines, parseAuditJsonl, skippedLineText } from '../../../src/core/audit/jsonl';
import { isCutShortJsonObject } from '../../../src/core/audit/jsonPrefix';
import { auditRecord } from '../../support/k8s';

const rec = (id: string) => JSON.stringify(auditRecord({ id }));

describe('audit JSONL reader: one policy', () => {
  it('uses complete records, ignores blank lines and CRLF, reports the rest by line number', () => {
    const text = [rec('a'), '', '   ', 'garbage', `${rec('b')}\r`, '{"id":"c","time":"2026-04-', rec('d')].join('\n');
    const { records, skipped } = parseAuditJsonl(text);
    assert.deepEqual(records.map((r) => r.id), ['a', 'b', 'd']);
    assert.deepEqual(skipped, [
      { line: 4, reason: 'invalid JSON', torn: false },
      { line: 6, reason: 'a record cut short by an interrupted write', torn: true },
    ]);
    assert.deepEqual(damagedLines({ records, skipped }).map((s) => s.line), [4]);
    assert.equal(skippedLineText('audit.jsonl', skipped[1]), 'audit.jsonl:6: skipped torn line (a record cut short by an interrupted write)');
  });

  it('a complete last record without its newline is used', () => {
    assert.deepEqual(parseAuditJsonl(`${rec('a')}\n${rec('b')}`).records.map((r) => r.id), ['a', 'b']);
  });

  it('a byte-order mark on the first line is not a broken line', () => {
    assert.deepEqual(parseAuditJsonl(`\uFEFF${rec('a')}\n`).records.map((r) => r.id), ['a']);
  });

  it('NUL padding left by a crash counts as torn, with or without a fragment before it', () => {
    const { records, skipped } = parseAuditJsonl(`${rec('a')}\n\0\0\0\0\n{"id":"b","ti\0\0\n${rec('c')}\n`);
    assert.deepEqual(records.map((r) => r.id), ['a', 'c']);
    assert.deepEqual(skipped.map((s) => [s.line, s.torn]), [[2, true], [3, true]]);
  });

  it('a record glued onto a fragment is damage, not a torn line', () => {
    const { skipped } = parseAuditJsonl(`{"id":"a","time":"20${rec('b')}\n`);
    assert.deepEqual(skipped.map((s) => [s.line, s.torn]), [[1, false]]);
  });
});

describe('isCutShortJsonObject', () => {
  const cutShort = ['{', ' {', '{"', '{"a', '{"a"', '{"a":', '{"a":1', '{"a":-', '{"a":1.', '{"a":1e', '{"a":1e+', '{"a":t', '{"a":nul',
    '{"a":"x\\', '{"a":"\\u00', '{"a":[', '{"a":[1,', '{"a":{"b":{}', '{"a":"\uFFFD', '{"a":[{}, {"b":[]}'];
  const not = ['', 'x', '[', '"a"', '{}', '{"a":1}', '{"a":1} x', '{"a":1}}', '{a', '{"a" 1', '{"a":01', '{"a":[1 2', '{"a":"\\x', '{"a":"\\u0g',
    '{"a":tx', '{"a":"b\u0001', '{]', '{"a":1,}', '{"a":-x'];
  for (const t of cutShort) it(`cut short: ${JSON.stringify(t)}`, () => assert.equal(isCutShortJsonObject(t), true));
  for (const t of not) it(`not cut short: ${JSON.stringify(t)}`, () => assert.equal(isCutShortJsonObject(t), false));
});
