// The cursor's place in half-typed runbook YAML, read from indentation (src/extension/language/yamlPath.ts).
import * as assert from 'assert';
import { cursorPlace, keyAt } from '../../../src/extension/language/yamlPath';

const TEXT = `kind: RemediationRunbook
spec:
  risk: hi
  triggers:
    symptoms:
    - CrashLoopBackOff
    
  verification:
    checks:
      - 
  gu
---
meta`;
const LINES = TEXT.split('\n');

describe('runbook cursor place (indentation)', () => {
  const cases: [string, number, number, unknown][] = [
    ['a value being typed', 2, 10, { kind: 'value', path: ['spec', 'risk'], prefix: 'hi' }],
    ['a blank line inside triggers', 6, 4, { kind: 'key', path: ['spec', 'triggers'], prefix: '', indent: 4 }],
    ['a list item of checks', 9, 8, { kind: 'item', path: ['spec', 'verification', 'checks'], prefix: '' }],
    ['a compact list item ("key:" then "- " at the same column)', 5, 7, { kind: 'item', path: ['spec', 'triggers', 'symptoms'], prefix: 'C' }],
    ['a half-typed key in spec', 10, 4, { kind: 'key', path: ['spec'], prefix: 'gu', indent: 2 }],
    ['the top of a second document', 12, 4, { kind: 'key', path: [], prefix: 'meta', indent: 0 }],
  ];
  for (const [what, line, character, expected] of cases) {
    it(what, () => assert.deepStrictEqual(cursorPlace(LINES, line, character), expected));
  }

  it('finds the key under the cursor with its full path', () => {
    assert.deepStrictEqual(keyAt(LINES, 4, 6)?.path, ['spec', 'triggers', 'symptoms']);
    assert.strictEqual(keyAt(LINES, 2, 9)?.onValue, true);
    assert.strictEqual(keyAt(LINES, 5, 8), undefined);
  });
});
