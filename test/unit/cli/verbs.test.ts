import { strict as assert } from 'assert';
import { cli } from '../../support/cli';

describe('CLI: unknown verbs', () => {
  for (const verb of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope', 'x\n\x1b[2Jfake']) {
    it(JSON.stringify(verb), async () => {
      const r = await cli([verb]);
      assert.equal(r.code, 2);
      const first = r.stderr.split('\n')[0];
      assert.match(first, /^remediator: unknown command "/);
      assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f]/);
      assert.match(r.stderr, /^Usage: remediator <command>/m);
    });
  }
});
