import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../../support/cli';
import { parseXml, type XmlElement } from './xml';

const FIXTURES = 'test/fixtures/runbook-tests';

describe('remediator test', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-test-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('exits 1 for a failing case and says file, case, expect line, expected vs actual and why', async () => {
    const r = await cli(['test', `${FIXTURES}/failing`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^FAIL  test\/fixtures\/runbook-tests\/failing\/wrong\.runbook-test\.yaml:14:7: the singleton is wrongly expected to be replaced$/m);
    assert.match(r.stdout, /mode: expected auto_execute, got abort/);
    assert.match(r.stdout, /minimumReadyReplicasWithSameApp: expected pass, got fail\n\s+why: only 1 Ready pod/);
    assert.match(r.stdout, /decision: When symptom/);
    assert.match(r.stdout, /^ {2}1 passing/m);
    assert.match(r.stdout, /^ {2}1 failing$/m);
  });

  it('a test file naming a missing file is a located error (exit 1)', async () => {
    const r = await cli(['test', `${FIXTURES}/invalid/missing-state.runbook-test.yaml`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ERROR test\/fixtures\/runbook-tests\/invalid\/missing-state\.runbook-test\.yaml:6:10: state \.\/no-such-state\.json: cannot read test\/fixtures\/runbook-tests\/invalid\/no-such-state\.json \(no such file\)$/m);
  });

  it('--json prints one document with the summary and every case', async () => {
    const r = await cli(['test', `${FIXTURES}/valid`, `${FIXTURES}/failing`, '--json']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { summary: Record<string, number>; files: { file: string; cases: { name: string; status: string; decision?: { mode: string } }[] }[] };
    assert.deepEqual(out.summary, { files: 2, cases: 4, passed: 3, failed: 1, errors: 0 });
    assert.equal(out.files[0].cases[1].decision?.mode, 'abort');
  });

  it('--junit writes XML whose counts match its elements', async () => {
    const file = path.join(tmp, 'junit.xml');
    const r = await cli(['test', FIXTURES, '--junit', file]);
    assert.equal(r.code, 1);
    const root = parseXml(fs.readFileSync(file, 'utf8'));
    assert.equal(root.name, 'testsuites');
    const suites = root.children;
    const cases = suites.flatMap((s) => s.children);
    const having = (name: string) => cases.filter((c: XmlElement) => c.children.some((x) => x.name === name)).length;
    assert.equal(Number(root.attrs.tests), cases.length);
    assert.equal(Number(root.attrs.failures), having('failure'));
    assert.equal(Number(root.attrs.errors), having('error'));
    assert.deepEqual([root.attrs.tests, root.attrs.failures, root.attrs.errors], ['5', '1', '1']);
    for (const s of suites) assert.equal(Number(s.attrs.tests), s.children.length);
  });

  it('exit 2 for usage: no PATH, an unknown flag, --junit without a file', async () => {
    for (const args of [['test'], ['test', 'runbooks', '--verbose'], ['test', 'runbooks', '--junit']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
    }
  });

  it('exit 1 for a PATH that does not exist, or a directory with no tests', async () => {
    const missing = await cli(['test', 'no/such/dir']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no\/such\/dir: no such file or directory/);
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const none = await cli(['test', empty]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no \*\.runbook-test\.yaml files under/);
  });

  it('--help and the command list name the test command', async () => {
    assert.match((await cli(['test', '--help'])).stdout, /^Usage: remediator test PATH\.\.\. \[--junit FILE\] \[--json\]/);
    assert.match((await cli(['--help'])).stdout, /test PATH\.\.\. \[--junit F\] \[--json\]/);
  });
});
