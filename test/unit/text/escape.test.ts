import { strict as assert } from 'assert';
import { escapeLines, escapeText, hasUnsafeCharacters } from '../../../src/core/text/escape';
import { safeJsonLine } from '../../../src/core/text/safe';
import { HOSTILE, hostileText, prng } from './random';

// Nothing that moves the cursor, starts a line, changes colour or reorders text.
const RAW_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('escapeText / escapeLines', () => {
  it('shows control and bidirectional characters as visible escapes', () => {
    assert.equal(escapeText('a\nb'), 'a\\nb');
    assert.equal(escapeText('\r\t'), '\\r\\t');
    assert.equal(escapeText('\x1b[31mred'), '\\x1b[31mred');
    assert.equal(escapeText('\x00\x07\x7f\u0085\u009b'), '\\x00\\x07\\u007f\\u0085\\u009b');
    assert.equal(escapeText('abc\u202edef'), 'abc\\u202edef');
    assert.equal(escapeText('\u2066\u2069\u200e\u200f\u061c\u2028'), '\\u2066\\u2069\\u200e\\u200f\\u061c\\u2028');
  });

  it('leaves ordinary text alone, including non-Latin letters and emoji', () => {
    for (const text of ['web-5d8f9c7b6c-x8k2p', 'only 1 Ready pod with app=singleton; need 2', 'é漢😀', 'C:\\path']) {
      assert.equal(escapeText(text), text);
      assert.equal(hasUnsafeCharacters(text), false);
    }
  });

  it('escapeLines keeps line breaks and tabs and escapes the rest', () => {
    assert.equal(escapeLines('a\nb\tc\x1b[2J\u202e\r'), 'a\nb\tc\\x1b[2J\\u202e\\r');
  });

  it('generated input: no unsafe character survives, and the escape is stable', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = hostileText(prng(seed));
      const once = escapeText(text);
      assert.doesNotMatch(once, RAW_UNSAFE, `seed ${seed}`);
      assert.equal(escapeText(once), once, `seed ${seed}: escaping twice changes nothing`);
      assert.equal(hasUnsafeCharacters(text), text !== once, `seed ${seed}`);
      assert.doesNotMatch(escapeLines(text).replace(/[\n\t]/g, ''), RAW_UNSAFE, `seed ${seed}`);
    }
  });

  it('generated input: JSON made safe is still JSON with the same value', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const random = prng(seed);
      const value = { name: hostileText(random), list: [hostileText(random, 5)], nested: { [hostileText(random, 3)]: hostileText(random) } };
      const line = safeJsonLine(value);
      assert.doesNotMatch(line, RAW_UNSAFE, `seed ${seed}`);
      assert.deepEqual(JSON.parse(line), value, `seed ${seed}`);
      const pretty = escapeLines(JSON.stringify(value, null, 2));
      assert.deepEqual(JSON.parse(pretty), value, `seed ${seed}`);
    }
  });

  it('covers every hostile character the generator uses', () => {
    for (const ch of HOSTILE) assert.ok(hasUnsafeCharacters(ch), JSON.stringify(ch));
  });
});
