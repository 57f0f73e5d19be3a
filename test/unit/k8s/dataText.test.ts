// The saved-state reader: bounded (size, nesting, one document, aliases) before anything else reads the
// text, and a JSON locator that scans linearly instead of re-parsing the text as YAML.
import { strict as assert } from 'assert';
import { MAX_STATE_NESTING, parseDataText, snapshotFromText } from '../../../src/core/k8s/dataText';
import { jsonOffsetOf, jsonSyntaxErrorAt, jsonTooDeepAt, linePosition } from '../../../src/core/k8s/jsonScan';
import { int, pick, prng } from '../../support/random';

const POD_YAML = [
  'apiVersion: v1',
  'kind: List',
  'items:',
  '  - kind: Pod',
  '    metadata:',
  '      name: web-1',
  '      namespace: shop',
  '      labels: &labels',
  '        app: web',
  '',
].join('\n');

function problem(text: string) {
  const r = snapshotFromText(text);
  assert.equal(r.ok, false, 'refused');
  return r as { ok: false; line: number; col: number; message: string };
}

describe('saved state text: YAML', () => {
  it('reads a small YAML state with an alias', () => {
    const r = snapshotFromText(`${POD_YAML}  - kind: Pod\n    metadata: { name: web-2, namespace: shop, labels: *labels }\n`);
    assert.ok(r.ok);
    assert.deepEqual(r.value.pods[1].metadata.labels, { app: 'web' });
  });

  it('an unresolved alias is a located problem, not an exception', () => {
    const p = problem('apiVersion: v1\nkind: List\nitems: *nope\n');
    assert.deepEqual([p.line, p.col], [3, 8]);
    assert.match(p.message, /alias \*nope has no anchor before it/);
  });

  it('an alias bomb is refused where it starts', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const p = problem(`${lines.join('\n')}\nitems: [*a8]\n`);
    assert.match(p.message, /alias bomb/);
    assert.ok(p.line >= 2);
  });

  it('a second document is refused at its start', () => {
    const p = problem(`${POD_YAML}---\n${POD_YAML}`);
    assert.equal(p.line, 10);
    assert.match(p.message, /second YAML document/);
  });

  it('a duplicate key is refused at the repeat', () => {
    const p = problem(POD_YAML.replace('      namespace: shop\n', '      namespace: shop\n      namespace: other\n'));
    assert.deepEqual([p.line, p.col], [8, 7]);
    assert.match(p.message, /duplicate key "namespace"/);
  });

  it('nesting beyond the limit is refused while parsing', () => {
    const p = problem(`items:\n  - ${'['.repeat(MAX_STATE_NESTING + 5)}`);
    assert.match(p.message, /nests deeper than/);
    assert.equal(p.line, 2);
  });

  it('a shape problem in YAML is located on the field (or the nearest field present)', () => {
    const p = problem(POD_YAML.replace('        app: web', '        app: [web]'));
    assert.deepEqual([p.line, p.col], [9, 14]);
    assert.match(p.message, /metadata\.labels\.app must be a string, not a list/);
    const missing = problem(POD_YAML.replace('      name: web-1\n', ''));
    assert.equal(missing.line, 6, 'at the metadata mapping');
  });

  it('prototype names as keys and values are plain data', () => {
    const r = snapshotFromText(`${POD_YAML}        __proto__: x\n        constructor: y\n`);
    assert.ok(r.ok);
    assert.equal(Object.getPrototypeOf(r.value.pods[0].metadata.labels), Object.prototype);
    assert.deepEqual(Object.keys(r.value.pods[0].metadata.labels ?? {}), ['app', '__proto__', 'constructor']);
  });
});

describe('saved state text: JSON', () => {
  it('2 MB of nesting is refused before JSON.parse and before any locator', () => {
    const text = `{"kind":"List","items":[${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}]}`;
    const p = problem(text);
    assert.match(p.message, /JSON nests deeper than 100 levels/);
    assert.deepEqual([p.line, p.col], [1, 24 + MAX_STATE_NESTING - 1]);
  });

  it('a problem deep in a big state is located by a linear scan', () => {
    const pods = Array.from({ length: 20_000 }, (_, i) => ({ kind: 'Pod', metadata: { name: `p${i}`, namespace: 'n', labels: { app: 'a' } } }));
    (pods[19_999].metadata.labels as Record<string, unknown>).app = 5;
    const text = JSON.stringify({ kind: 'List', items: pods }, null, 1);
    const p = problem(text);
    assert.match(text.split('\n')[p.line - 1], /"app": 5/);
  });

  it('jsonOffsetOf: escaped and repeated keys, lists, and the nearest value for a missing path', () => {
    const text = '{ "a\\u0062": {"x": 1}, "k": [10, {"z" : "s,]}"}, 30], "k": [7, 8] }';
    const at = (path: (string | number)[]) => text.slice(jsonOffsetOf(text, path));
    assert.ok(at(['ab', 'x']).startsWith('1}'));
    assert.ok(at(['k', 1]).startsWith('8]'), 'the last of repeated keys, as JSON.parse keeps it');
    assert.ok(at(['k', 5]).startsWith('[7'), 'missing index: the list');
    assert.ok(at(['ab', 'y', 'z']).startsWith('{"x"'), 'missing key: the mapping');
    assert.equal(jsonOffsetOf(text, []), 0);
  });

  it('invalid JSON is one line, even when the parser quotes text with newlines', () => {
    const p = problem('{"kind": "List",\n "items": [x\ny]}');
    assert.equal(p.line, 2);
    assert.match(p.message, /^invalid JSON: /);
    assert.ok(!/[\n\r]/.test(p.message), p.message);
  });

  it('jsonSyntaxErrorAt agrees with JSON.parse on generated text, and points into it', () => {
    const random = prng(7);
    const TOKENS = ['{', '}', '[', ']', ',', ':', ' ', '\n', '"a"', '"\\u00e9"', '"\\x"', '"', '1', '-0.5e3', '01', '-', 'true', 'nul', 'null', '\t', '\u0001', 'é'];
    for (let n = 0; n < 5000; n++) {
      let text = '';
      for (let k = int(random, 12); k > 0; k--) text += pick(random, TOKENS);
      let valid = true;
      try { JSON.parse(text); } catch { valid = false; }
      const at = jsonSyntaxErrorAt(text);
      assert.equal(at === -1, valid, JSON.stringify(text));
      assert.ok(at <= text.length);
    }
    assert.equal(jsonSyntaxErrorAt('{"a": [1, 2,]}'), 12);
    assert.equal(jsonSyntaxErrorAt('{"a": 1} x'), 9);
  });

  it('a byte-order mark before JSON is read as whitespace', () => {
    const r = parseDataText('\uFEFF{"kind": "List", "items": []}');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { kind: 'List', items: [] });
  });

  it('jsonTooDeepAt ignores brackets inside strings', () => {
    assert.equal(jsonTooDeepAt('{"a": "[[[[[[", "b": [[1]]}', 3), -1);
    assert.equal(jsonTooDeepAt('{"a": [[[1]]]}', 3), 8);
    assert.deepEqual(linePosition('ab\ncd\n', 4), { line: 2, col: 2 });
  });

  it('parseDataText never throws on hostile text', () => {
    for (const text of ['', '{', '[1,', '"', '{"a":"\\', '\uFEFF{}', '*x', '&a [*a]', '- !!binary x', '? [a]\n: b', '%YAML 9.9\n---\na: 1']) {
      const r = parseDataText(text);
      if (!r.ok) assert.ok(r.line >= 1 && r.col >= 1 && r.message.length > 0, text);
    }
  });
});
