import { strict as assert } from 'assert';
import { Document, Scalar, isMap, isScalar, parseDocument } from 'yaml';
import { scalarMap, sourceSpan, type ScalarStyle } from '../../../src/core/runbook/scalarOffsets';
import { prng as random } from '../../support/random';


const PIECES = ['sum', '(', ')', 'rate', '{', '}', 'app', '=', '"', "'", '\\', ' ', '  ', '\t', 'x', '5..', '[5m]', '/', 'é', '😀', '${APP}', '#', ':', '-', '\n', '\n\n'];
const STYLES: ScalarStyle[] = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'];

function valueFrom(next: () => number): string {
  let text = 'q';
  const n = 1 + Math.floor(next() * 30);
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return `${text}z`;
}

/** The scalar at `query` of a one-key document, as the yaml library wrote it in `style` (it may pick another). */
function written(value: string, style: ScalarStyle): { text: string; node: Scalar } | undefined {
  const doc = new Document({ spec: { query: value } });
  const scalar = ((doc.contents as { items: { value: { items: { value: Scalar }[] } }[] }).items[0].value).items[0].value;
  scalar.type = style;
  const text = doc.toString({ lineWidth: 24, minContentWidth: 8 });
  const parsed = parseDocument(text);
  const spec = parsed.get('spec', true);
  const node = isMap(spec) ? spec.get('query', true) : undefined;
  // The library writes another style (or, rarely, text it cannot read back) for some values: not this test's subject.
  if (!isScalar(node) || node.value !== value || parsed.errors.length > 0) return undefined;
  return { text, node: node as Scalar };
}

describe('scalar offsets: value offsets back to the YAML source', () => {
  it('maps every character of generated values in every style onto the source text that produced it', () => {
    let mapped = 0;
    const styles = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const value = valueFrom(next);
      const style = STYLES[seed % STYLES.length];
      const w = written(value, style);
      if (!w) continue;
      const { text, node } = w;
      styles.add(String(node.type));
      const [start, end] = node.range as [number, number, number];
      const map = scalarMap(text.slice(start, end), node.type as ScalarStyle, value);
      assert.ok(map, `seed ${seed}: no map for ${node.type} ${JSON.stringify(text)}`);
      for (let i = 0; i < value.length; i++) {
        const span = sourceSpan(map, i, i + 1);
        const source = text.slice(start + span.start, start + span.end);
        const ch = value[i];
        // A character written as itself sits at its offset; others come from an escape, a doubled quote or a fold.
        const ok = source === ch || source.startsWith('\\') || source === "''" || /^[\s]*$/.test(source) || /\s/.test(ch);
        assert.ok(ok, `seed ${seed}: value[${i}] ${JSON.stringify(ch)} maps to ${JSON.stringify(source)} in ${node.type} ${JSON.stringify(text)}`);
        if (source === ch) mapped++;
      }
    }
    assert.ok(mapped > 1000, `only ${mapped} characters checked`);
    assert.deepEqual([...styles].sort(), [...STYLES].sort());
  });

  it('gives no map (the caller points at the whole value) when the source does not decode to the value', () => {
    assert.equal(scalarMap('"abc"', 'QUOTE_DOUBLE', 'abd'), undefined);
    assert.equal(scalarMap('"a\\q"', 'QUOTE_DOUBLE', 'aq'), undefined);
  });
});
