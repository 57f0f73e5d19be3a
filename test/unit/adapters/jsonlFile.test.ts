import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AuditFileError, JsonlAuditFile, readAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { FileStateStore } from '../../../src/adapters/k8s/fileState';
import { auditRecord } from '../../support/k8s';
import { cli } from '../../support/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-jsonl-'));
let n = 0;
const fresh = (name = 'audit.jsonl') => path.join(tmp, `${++n}`, name);
const loop = path.join(__dirname, 'appendLoop.entry.js');

describe('JSONL audit file: appends survive a torn last line', () => {
  it('closes a fragment left without a newline, so the next record is intact and the fragment is reported by number', async () => {
    const file = fresh();
    const sink = new JsonlAuditFile(file);
    await sink.write(auditRecord({ id: 'first' }));
    // A writer killed mid-append leaves part of a record and no newline.
    fs.appendFileSync(file, JSON.stringify(auditRecord({ id: 'killed' })).slice(0, 57));
    await sink.write(auditRecord({ id: 'after' }));
    const { records, skipped } = readAuditFile(file);
    assert.deepEqual(records.map((r) => r.id), ['first', 'after']);
    assert.deepEqual(skipped.map((s) => [s.line, s.torn]), [[2, true]]);
    assert.equal(fs.readFileSync(file, 'utf8').split('\n').length, 4, 'one line each, and the final newline');
  });

  it('adds no blank line when the file already ends with a newline', async () => {
    const file = fresh();
    await new JsonlAuditFile(file).writeMany([auditRecord({ id: 'a' }), auditRecord({ id: 'b' })]);
    await new JsonlAuditFile(file).write(auditRecord({ id: 'c' }));
    assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /\n\n/);
  });

  /** A local state file: record a, then `between` written raw (a killed writer, damage), then record c. */
  async function stateFile(between: string): Promise<string> {
    const file = fresh('state.jsonl');
    const store = new FileStateStore(file);
    await store.record(auditRecord({ id: 'a', time: new Date().toISOString() }));
    fs.appendFileSync(file, between);
    await store.record(auditRecord({ id: 'c', time: new Date().toISOString() }));
    return file;
  }

  it('the local state file repairs the same way', async () => {
    const file = await stateFile('{"id":"b","ti');
    const reported: string[] = [];
    const history = await new FileStateStore(file, { report: (t) => reported.push(t) }).history('replace-redundant-pod');
    assert.deepEqual(history.map((r) => r.id), ['a', 'c']);
    assert.deepEqual(reported, [`state file ${file}:2: skipped torn line (a record cut short by an interrupted write)`]);
  });

  it('a damaged line in the local state file stops decisions, naming the line', async () => {
    const file = await stateFile('garbage\n');
    await assert.rejects(new FileStateStore(file).history('replace-redundant-pod'), /line 2 is invalid JSON; decisions cannot trust this history/);
  });

  it('creates the file 0600 (and its directories) and appends to a device such as /dev/null', async () => {
    const file = path.join(fresh(), 'deeper', 'audit.jsonl');
    await new JsonlAuditFile(file).write(auditRecord());
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    // A device or pipe (the Job's /dev/stdout) has no last line to repair and cannot be fsync'd.
    await new JsonlAuditFile('/dev/null').write(auditRecord());
  });

  it('an unreadable audit file is one clear error, exit 1 in the CLI', async () => {
    const dir = path.dirname(fresh());
    fs.mkdirSync(dir, { recursive: true });
    assert.throws(() => readAuditFile(dir), (err: unknown) => err instanceof AuditFileError && /cannot read \(EISDIR\)/.test(err.message));
    await assert.rejects(new JsonlAuditFile(dir).write(auditRecord()), /cannot append/);
    const r = await cli(['audit', '--audit-file', dir]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /cannot read \(EISDIR\)/);
  });

  it('the CLI audit verb lists intact records and reports skipped lines on stderr', async () => {
    const file = fresh();
    await new JsonlAuditFile(file).write(auditRecord({ id: 'a', message: 'kept' }));
    fs.appendFileSync(file, 'garbage\n{"id":"b"');
    const r = await cli(['audit', '--audit-file', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kept/);
    assert.equal(r.stderr, `${file}:2: skipped unreadable line (invalid JSON)\n${file}:3: skipped torn line (a record cut short by an interrupted write)\n`);
  });

  it('simulate --history: a torn line is reported and left out; a damaged line is exit 1 at its line', async () => {
    const file = fresh('history.jsonl');
    await new JsonlAuditFile(file).write(auditRecord({ id: 'a' }));
    fs.appendFileSync(file, '{"id":"torn","time":"2026-');
    const base = ['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', 'test/fixtures/simulate/lab/state.json', '--history', file];
    const torn = await cli(base);
    assert.equal(torn.code, 0, torn.stderr);
    assert.match(torn.stderr, /history\.jsonl:2: skipped torn line/);
    await new JsonlAuditFile(file).write(auditRecord({ id: 'b' }));
    fs.appendFileSync(file, '{"id":"x"}\n');
    await new JsonlAuditFile(file).write(auditRecord({ id: 'c' }));
    const damaged = await cli(base);
    assert.equal(damaged.code, 1);
    assert.match(damaged.stderr, /history\.jsonl:4:1: not an audit record: time must be a string; history with a broken line cannot be trusted/);
    assert.equal(damaged.stderr.trim().split('\n').length, 1);
  });
});

interface Child { ids: string[]; exited: Promise<number | null>; kill(): void; waitFor(count: number): Promise<void> }

function appendLoop(file: string, prefix: string, count: number, size: number, mode = '', uid?: number): Child {
  const proc = spawn(process.execPath, [loop, file, prefix, String(count), String(size), mode], {
    stdio: ['ignore', 'pipe', 'inherit'], ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  const ids: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let buffered = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    ids.push(...lines);
    for (const w of waiters.filter((x) => ids.length >= x.count)) w.resolve();
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    ids, exited,
    kill: () => proc.kill('SIGKILL'),
    waitFor: (c) => new Promise<void>((resolve, reject) => {
      if (ids.length >= c) return resolve();
      waiters.push({ count: c, resolve });
      void exited.then(() => reject(new Error(`the writer exited after ${ids.length} records`)));
    }),
  };
}

describe('JSONL audit file: real processes', function () {
  this.timeout(60_000);

  it('writers killed with SIGKILL (in a loop, and mid-append) cost no acknowledged record and not the next append', async () => {
    const file = fresh();
    const acknowledged: string[] = [];
    let tornRounds = 0;
    for (let round = 0; round < 6; round++) {
      // Even rounds: killed at whatever point of the loop; odd rounds: killed with half a record written.
      const midAppend = round % 2 === 1;
      const child = appendLoop(file, `round${round}`, midAppend ? 2 : 0, 64 * 1024, midAppend ? 'torn' : '');
      await child.waitFor(midAppend ? 3 : 2);
      child.kill();
      await child.exited;
      const ids = child.ids.filter((id) => id !== 'torn');
      if (midAppend) { assert.equal(ids.length, 2); tornRounds++; }
      acknowledged.push(...ids);
      await new JsonlAuditFile(file).write(auditRecord({ id: `after-${round}` }));
    }
    const { records, skipped } = readAuditFile(file);
    const ids = records.map((r) => r.id!);
    for (const id of acknowledged) assert.ok(ids.includes(id), `acknowledged record ${id} is readable`);
    for (let round = 0; round < 6; round++) assert.ok(ids.includes(`after-${round}`), `the append after kill ${round} is intact`);
    assert.equal(new Set(ids).size, ids.length, 'no record twice');
    assert.ok(skipped.filter((s) => s.torn).length >= tornRounds, 'each half-written record is reported as torn');
    assert.deepEqual(skipped.filter((s) => !s.torn), [], 'only torn lines are skipped');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (const s of skipped) assert.match(lines[s.line - 1], /^\{"id":"round\d-torn"/, 'the reported line is the fragment');
  });

  it('a file this writer cannot read back: each append starts on a fresh line anyway', async () => {
    const file = fresh();
    await new JsonlAuditFile(file).write(auditRecord({ id: 'a' }));
    fs.appendFileSync(file, '{"id":"killed","ti');
    // Write-only for the appending process: as root, that takes another user (root reads everything).
    fs.chmodSync(path.dirname(file), 0o755);
    fs.chmodSync(file, 0o622);
    if (process.getuid?.() === 0) {
      fs.chmodSync(tmp, 0o755);
      const child = appendLoop(file, 'nobody', 1, 10, '', 65534);
      assert.equal(await child.exited, 0);
    } else {
      fs.chmodSync(file, 0o200);
      await new JsonlAuditFile(file).write(auditRecord({ id: 'nobody-0' }));
      fs.chmodSync(file, 0o600);
    }
    const { records, skipped } = readAuditFile(file);
    assert.deepEqual(records.map((r) => r.id), ['a', 'nobody-0']);
    assert.deepEqual(skipped.map((x) => [x.line, x.torn]), [[2, true]]);
  });

  it('two processes appending at once: every record whole, each once', async () => {
    const file = fresh();
    const a = appendLoop(file, 'a', 150, 100);
    const b = appendLoop(file, 'b', 150, 100);
    assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
    const { records, skipped } = readAuditFile(file);
    assert.deepEqual(skipped, []);
    assert.equal(records.length, 300);
    assert.deepEqual(records.filter((r) => r.id!.startsWith('a-')).map((r) => r.id), a.ids, 'each writer in its own order');
    assert.deepEqual(records.filter((r) => r.id!.startsWith('b-')).map((r) => r.id), b.ids);
  });
});
