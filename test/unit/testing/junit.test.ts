import { strict as assert } from 'assert';
import { junitXml, type TestFileResult } from '../../../src/core/testing';
import { parseXml } from './xml';

const HOSTILE = 'a\u0000b\u001b[31m <x> & "q" \'s\' ]]> \ud800 \u202e\nnext';

function result(): TestFileResult {
  const at = { line: 3, col: 7 };
  return {
    file: 'dir/t.runbook-test.yaml', name: HOSTILE, problems: [], warnings: [],
    cases: [
      { index: 0, name: HOSTILE, at, expectAt: at, status: 'passed', mismatches: [], problems: [] },
      {
        index: 1, name: 'fails', at, expectAt: { line: 9, col: 7 }, status: 'failed', problems: [],
        mismatches: [{ subject: 'mode', expected: 'abort', actual: 'auto_execute', at, reason: `because ${HOSTILE}` }],
        decision: { mode: 'auto_execute', modeReason: 'r', sentence: `When ${HOSTILE}`, verdicts: [] },
      },
      { index: 2, name: 'broken', at, expectAt: at, status: 'error', mismatches: [], problems: [{ line: 4, col: 9, message: `bad ${HOSTILE}`, caseIndex: 2 }] },
    ],
  };
}

describe('runbook tests: JUnit XML', () => {
  it('escapes hostile names and reasons, drops what XML cannot carry, and counts what it writes', () => {
    const xml = junitXml([result(), { file: 'bad.runbook-test.yaml', problems: [{ line: 2, col: 1, message: HOSTILE }], warnings: [], cases: [] }]);
    const root = parseXml(xml);
    assert.deepEqual([root.attrs.tests, root.attrs.failures, root.attrs.errors], ['4', '1', '2']);
    const [suite, invalid] = root.children;
    assert.deepEqual([suite.attrs.tests, suite.attrs.failures, suite.attrs.errors], ['3', '1', '1']);
    assert.equal(suite.children[0].attrs.name, 'ab[31m <x> & "q" \'s\' ]]>  \u202e\nnext');
    assert.equal(suite.children[1].attrs.line, '9');
    assert.match(suite.children[1].children[0].attrs.message, /^dir\/t\.runbook-test\.yaml:9:7: mode: expected abort, got auto_execute$/);
    assert.equal(suite.children[1].children[0].name, 'failure');
    assert.equal(suite.children[2].children[0].name, 'error');
    assert.deepEqual([invalid.attrs.tests, invalid.attrs.errors], ['1', '1']);
    assert.equal(invalid.children[0].children[0].name, 'error');
  });
});
