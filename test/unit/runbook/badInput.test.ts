// Hostile and broken input: every case yields diagnostics, never an exception, and stays fast.
// Time is MEASURED and logged (machines differ), never asserted.
import { strict as assert } from 'assert';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import type { RunbookFileResult } from '../../../src/core/runbook/types';
import { MAX_FILE_BYTES } from '../../../src/core/runbook/yamlRead';
import { SEED, assertWellFormed, codes, edit } from './helpers';

const timings: string[] = [];

function measured(label: string, text: string): RunbookFileResult {
  const started = performance.now();
  const result = parseRunbooks(text);
  const elapsed = performance.now() - started;
  timings.push(`${label.padEnd(36)} ${(text.length / 1024).toFixed(0).padStart(6)} KiB ${elapsed.toFixed(1).padStart(8)} ms`);
  assertWellFormed(result.diagnostics);
  return result;
}

function billionLaughs(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let level = 0; level < 9; level++) {
    const name = String.fromCharCode(98 + level);
    const previous = String.fromCharCode(97 + level);
    text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
  }
  return text;
}

function manyRunbooks(totalChars: number): string {
  const seed = SEED();
  const count = Math.floor(totalChars / (seed.length + 4));
  return Array.from({ length: count }, (_, i) => edit(seed, 'name: replace-redundant-pod', `name: runbook-${i}`)).join('---\n');
}

describe('runbook parse: bad input', () => {
  after(() => {
    console.log(`      parseRunbooks timings (measured, not asserted):\n${timings.map((t) => `        ${t}`).join('\n')}`);
  });

  it('times a typical runbook (warm)', () => {
    parseRunbooks(SEED());
    for (let i = 0; i < 5; i++) assert.deepEqual(measured(`seed runbook, run ${i + 1}`, SEED()).diagnostics, []);
  });

  it('reads a file of ~1 MB of runbooks', () => {
    const result = measured('~1 MB of runbooks', manyRunbooks(MAX_FILE_BYTES - 10_000));
    assert.ok(result.documents.length > 600);
    assert.deepEqual(result.diagnostics, []);
  });

  it('refuses a 5 MB file before parsing', () => {
    const result = measured('5 MB of runbooks', manyRunbooks(5 * 1024 * 1024));
    assert.deepEqual(codes(result.diagnostics), ['file-too-large']);
    assert.match(result.diagnostics[0].message, /^the file is 5\.0 MB; runbook files larger than 1 MB are not read$/);
  });

  it('stops a billion-laughs alias bomb', () => {
    const result = measured('billion laughs', billionLaughs());
    assert.deepEqual(codes(result.diagnostics), ['yaml-alias-limit']);
    assert.ok(result.diagnostics[0].range.start.line >= 1, 'points at an alias that expands too far');
  });

  it('stops an alias cycle', () => {
    const result = measured('alias cycle', 'a: &a\n  b: *a\n');
    assert.ok(result.diagnostics.length > 0);
  });

  for (const [label, text] of [
    ['10,000 nested [', '['.repeat(10_000)],
    ['10,000 nested [ ] balanced', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['10,000 nested {a:', '{a: '.repeat(10_000)],
    ['10,000 nested "- "', '- '.repeat(10_000) + 'x'],
    ['300 indented mapping levels', Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
    ['2,000 x "a: b: c"', 'a: b: c\n'.repeat(2000)],
  ] as const) {
    it(`refuses deep nesting: ${label}`, () => {
      const result = measured(label, text);
      assert.deepEqual(codes(result.diagnostics), ['nesting-too-deep']);
    });
  }

  it('accepts nesting just under the limit', () => {
    const result = measured('60 nested [', `a: ${'['.repeat(60)}${']'.repeat(60)}\n`);
    assert.ok(!codes(result.diagnostics).includes('nesting-too-deep'));
  });

  it('refuses more than 1000 documents', () => {
    assert.deepEqual(codes(measured('250,000 empty documents', '---\n'.repeat(250_000)).diagnostics), ['too-many-documents']);
  });

  it('caps the problems reported per document', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const result = measured('50,000 unknown top-level keys', `kind: RemediationRunbook\n${keys}`);
    assert.equal(result.diagnostics.length, 101);
    assert.ok(codes(result.diagnostics).includes('too-many-problems'));
  });

  it('caps YAML syntax errors too', () => {
    const result = measured('400,000 stray ]', ']\n'.repeat(400_000));
    assert.ok(result.diagnostics.length <= 101);
    assert.ok(codes(result.diagnostics).includes('too-many-problems'));
  });

  it('finds duplicate keys among many in linear time', () => {
    const text = edit(SEED(), '  intent:', `${Array.from({ length: 20_000 }, (_, i) => `  x${i}: 1`).join('\n')}\n  x7: 2\n  intent:`);
    const result = measured('20,000 keys with one duplicate', text);
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'yaml-duplicate-key').map((d) => d.range.start), [{ line: 20_005, character: 2 }]);
  });

  it('reads a long flow sequence and a 1 MB string', () => {
    measured('150,000-item flow list', `a: [${Array.from({ length: 150_000 }, (_, i) => i).join(',')}]`);
    const result = measured('1 MB string value', `kind: RemediationRunbook\nintent: "${'x'.repeat(1_000_000)}"\n`);
    assert.ok(result.diagnostics.length > 0);
  });

  const NOT_RUNBOOKS: [string, string, string[]][] = [
    ['empty file', '', []],
    ['only comments', '# nothing here\n', []],
    ['a scalar root', 'hello\n', ['not-a-mapping']],
    ['a list root', '- a\n- b\n', ['not-a-mapping']],
    ['a number root', '42\n', ['not-a-mapping']],
    ['a tab-indented mapping', 'apiVersion: remediations.kubedojo.io/v1\nspec:\n\tintent: x\n', ['yaml-tab-as-indent']],
    ['an unterminated flow map', 'kind: RemediationRunbook\nspec: {intent: x\n', ['yaml-']],
    ['binary garbage', '\u0000\u0001\u0002\uFFFF@@@%%%`\n', ['not-a-mapping']],
    ['an unterminated quote', 'kind: "RemediationRunbook\n', ['yaml-']],
    ['a stray document end', '...\n...\nkind: [\n', ['yaml-']],
  ];
  for (const [label, text, expected] of NOT_RUNBOOKS) {
    it(`reports ${label}`, () => {
      const found = codes(measured(label, text).diagnostics);
      for (const code of expected) assert.ok(found.some((f) => f.startsWith(code)), `${code} in ${found.join(', ')}`);
      if (expected.length === 0) assert.deepEqual(found, []);
    });
  }

  it('reports wrong types at every level without throwing', () => {
    for (const text of ['apiVersion: remediations.kubedojo.io/v1\nkind: RemediationRunbook\nmetadata: 3\nspec: []\n',
      edit(SEED(), '  triggers:\n', '  triggers: "all of them"\n  ignored:\n'),
      edit(SEED(), '    command: "kubectl delete pod ${POD_NAME} -n ${NAMESPACE}"', '    command: [kubectl, delete]'),
      edit(SEED(), '  action:\n', '  action: delete the pod\n  old_action:\n')]) {
      const result = measured('wrong types', text);
      assert.ok(result.diagnostics.some((d) => d.severity === 'error'));
      assert.ok(result.documents.every((d) => d.runbook === undefined));
    }
  });

  it('keeps positions right with CRLF line endings and a BOM', () => {
    const text = `\uFEFF${edit(SEED(), 'risk: "low"', 'risk: "critical"').replace(/\n/g, '\r\n')}`;
    const result = measured('CRLF + BOM', text);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['invalid-value', 7, 8]]);
  });

  it('validates several documents separately', () => {
    const broken = edit(SEED(), 'risk: "low"', 'risk: 7');
    const result = measured('three documents', `${SEED()}---\n${broken}---\n${SEED()}`);
    assert.deepEqual(result.documents.map((d) => d.runbook !== undefined), [true, false, true]);
    assert.deepEqual(result.documents[1].diagnostics.map((d) => d.range.start.line), [7 + 42]);
  });
});
