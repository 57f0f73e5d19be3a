import { strict as assert } from 'assert';
import * as fs from 'fs';
import { cli, repoPath } from '../../support/cli';

describe('remediator test: the sample runbooks', () => {
  it('passes the sample runbooks\' tests and prints closing lines scripts/test-all.sh counts', async () => {
    const r = await cli(['test', 'runbooks']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const passing = /^ {2}(\d+) passing \(6 test files\)$/m.exec(r.stdout);
    assert.ok(passing, r.stdout);
    assert.equal(Number(passing[1]), (r.stdout.match(/^ok /gm) ?? []).length);
    assert.doesNotMatch(r.stdout, /failing/);
    for (const runbook of fs.readdirSync(repoPath('runbooks')).filter((f) => /^[^.]+\.yaml$/.test(f))) {
      assert.match(r.stdout, new RegExp(`runbooks/tests/${runbook.replace('.yaml', '')}\\.runbook-test\\.yaml:`), `${runbook} has a test`);
    }
  });
});
