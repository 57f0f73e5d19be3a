import { strict as assert } from 'assert';
import { resolveFrom } from '../../../src/core/testing';

describe('runbook tests: paths relative to the test file', () => {
  const table: [string, string, string][] = [
    ['runbooks/tests/a.runbook-test.yaml', '../replace.yaml', 'runbooks/replace.yaml'],
    ['runbooks/a.runbook-test.yaml', './replace.yaml', 'runbooks/replace.yaml'],
    ['a.runbook-test.yaml', 'state.json', 'state.json'],
    ['a.runbook-test.yaml', '../up/state.json', '../up/state.json'],
    ['/srv/x/a.runbook-test.yaml', '../../../../etc/s.json', '/etc/s.json'],
    ['/srv/x/a.runbook-test.yaml', '/abs/s.json', '/abs/s.json'],
    ['C:\\work\\t\\a.runbook-test.yaml', '..\\s.json', 'C:\\work\\s.json'],
    ['C:\\work\\t\\a.runbook-test.yaml', './s.json', 'C:/work/t/s.json'],
  ];
  for (const [file, ref, want] of table) {
    it(`${ref} from ${file}`, () => assert.equal(resolveFrom(file, ref), want));
  }
});
