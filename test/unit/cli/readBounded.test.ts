// Bounded reads: the size limit is applied while reading (stat for regular files, then at most
// limit + 1 bytes for anything), so /dev/zero, a FIFO or a huge file cost no more than the limit.
import { strict as assert } from 'assert';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_INPUT_BYTES } from '../../../src/cli/inputs';
import { FileTooLargeError, readFileBounded } from '../../../src/cli/readBounded';
import { cli } from '../../support/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-bounded-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const MiB = 1024 * 1024;

/** The fs module object itself (an import binding cannot be reassigned), to count what is read. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('fs') as { readSync: typeof fs.readSync };

/** Counts the bytes fs.readSync hands back while `run` runs. */
function bytesRead(run: () => void): number {
  const original = nodeFs.readSync;
  let total = 0;
  nodeFs.readSync = ((...args: Parameters<typeof fs.readSync>) => {
    const n = original(...args);
    total += n;
    return n;
  }) as typeof fs.readSync;
  try { run(); } finally { nodeFs.readSync = original; }
  return total;
}

const bounded = { readFile: (p: string, maxBytes?: number) => readFileBounded(p, maxBytes ?? MAX_INPUT_BYTES) };

describe('bounded reads of input files', () => {
  it('reads a small file whole', () => {
    const file = path.join(tmp, 'small.txt');
    fs.writeFileSync(file, 'héllo\n');
    assert.equal(readFileBounded(file, 7), 'héllo\n');
    assert.throws(() => readFileBounded(file, 6), FileTooLargeError);
  });

  it('/dev/zero stops one byte past the limit', () => {
    let threw = false;
    const n = bytesRead(() => { try { readFileBounded('/dev/zero', MiB); } catch (err) { threw = err instanceof FileTooLargeError; } });
    assert.ok(threw);
    assert.equal(n, MiB + 1);
  });

  it('a 600 MB (sparse) file is refused from its size, before reading a byte', () => {
    const file = path.join(tmp, 'huge.json');
    fs.writeFileSync(file, '{');
    fs.truncateSync(file, 600 * MiB);
    let threw = false;
    const n = bytesRead(() => { try { readFileBounded(file, 64 * MiB); } catch (err) { threw = err instanceof FileTooLargeError; } });
    assert.ok(threw);
    assert.equal(n, 0);
  });

  it('a FIFO with an endless writer stops at the limit', function () {
    const fifo = path.join(tmp, 'fifo');
    try { execFileSync('mkfifo', [fifo]); } catch { this.skip(); }
    const writer = spawn('sh', ['-c', `yes remediator > '${fifo}'`], { stdio: 'ignore' });
    try {
      assert.throws(() => readFileBounded(fifo, 256 * 1024), FileTooLargeError);
    } finally {
      writer.kill();
    }
  });

  it('the CLI says which limit, for a runbook and for a state', async () => {
    const big = path.join(tmp, 'big.yaml');
    fs.writeFileSync(big, `# ${'x'.repeat(MiB)}\n`);
    const v = await cli(['validate', big], bounded);
    assert.equal(v.code, 1);
    assert.equal(v.stdout, `${big}:1:1: error: larger than 1 MiB (the limit for a runbook file); refused before parsing [file-too-large]\n`);
    const s = await cli(['simulate', '--runbook', big, '--state', 'test/fixtures/simulate/lab/state.json'], bounded);
    assert.equal(s.code, 1);
    assert.equal(s.stderr, `remediator simulate: ${big}: larger than 1 MiB (the limit for a runbook file); refused before parsing\n`);
    const c = await cli(['convert', big], bounded);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /larger than 1 MiB \(the limit for a runbook file\); refused before parsing/);
  });

  it('a reader that cannot stop early is still held to the limit', async () => {
    const big = path.join(tmp, 'incident.json');
    fs.writeFileSync(big, `{"id": "${'x'.repeat(MiB)}"}`);
    const r = await cli(['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', 'test/fixtures/simulate/lab/state.json', '--incident', big],
      { readFile: (p) => fs.readFileSync(p, 'utf8') });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /incident\.json: larger than 1 MiB \(the limit for an incident file\); refused before parsing/);
  });

  it('the built CLI refuses /dev/zero and a 600 MB state at the limit', function () {
    const bin = path.join(process.cwd(), 'dist/cli.js');
    if (!fs.existsSync(bin)) this.skip();
    const zero = spawnSync(process.execPath, [bin, 'validate', '/dev/zero'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(zero.status, 1, zero.stderr);
    assert.match(zero.stdout, /^\/dev\/zero:1:1: error: larger than 1 MiB/);
    const huge = path.join(tmp, 'huge-state.json');
    fs.writeFileSync(huge, '{');
    fs.truncateSync(huge, 600 * MiB);
    const state = spawnSync(process.execPath, [bin, 'simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', huge], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(state.status, 1, state.stderr);
    assert.equal(state.stderr, `remediator simulate: ${huge}: larger than 64 MiB (the limit for a saved cluster state); refused before parsing\n`);
  });
});
