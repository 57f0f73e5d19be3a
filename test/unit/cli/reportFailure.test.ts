import { strict as assert } from 'assert';
import { ClusterError } from '../../../src/core/ports';
import { InputError, UsageError, type CliIO } from '../../../src/cli/io';
import { reportFailure } from '../../../src/cli/main';

function capture(env: Record<string, string> = {}): { io: CliIO; err: () => string } {
  let stderr = '';
  const io: CliIO = { stdout: () => undefined, stderr: (t) => { stderr += t; }, readFile: () => '', cwd: '/', env, isTTY: false };
  return { io, err: () => stderr };
}

/** What another bundle's copy of ClusterError looks like here: same name and kind, another class. */
class ForeignClusterError extends Error {
  readonly kind = 'unreachable';
  constructor(message: string) { super(message); this.name = 'ClusterError'; }
}

describe('CLI reportFailure: one line and the documented exit code', () => {
  const cases: [string, unknown, number, RegExp][] = [
    ['a usage error', new UsageError('--target is required'), 2, /^remediator dry-run: --target is required\n$/],
    ['an input error', new InputError('state.json:3:5: bad'), 1, /^remediator dry-run: state\.json:3:5: bad\n$/],
    ['a ClusterError', new ClusterError('cannot reach the Kubernetes API server at https://x', 'unreachable'), 5, /^remediator dry-run: cannot reach/],
    ['a ClusterError from another bundle', new ForeignClusterError('forbidden: no'), 5, /^remediator dry-run: forbidden: no\n$/],
    ['a file error', Object.assign(new Error("EACCES: permission denied, open '/a/audit.jsonl'"), { code: 'EACCES', syscall: 'open', path: '/a/audit.jsonl' }), 1,
      /^remediator dry-run: \/a\/audit\.jsonl: cannot open \(permission denied\)\n$/],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 70,
      /^remediator dry-run: internal error: TypeError: Cannot read properties of undefined \(reading 'x'\); run with REMEDIATOR_DEBUG=1 for details\n$/],
    ['a thrown string', 'boom', 70, /^remediator dry-run: internal error: boom; run with REMEDIATOR_DEBUG=1/],
  ];
  for (const [name, err, code, want] of cases) {
    it(name, () => {
      const { io, err: stderr } = capture();
      assert.equal(reportFailure('dry-run', err, io), code);
      assert.match(stderr(), want);
      assert.doesNotMatch(stderr(), /^\s+at /m);
    });
  }

  it('a multi-line message with escapes and a token stays one line, redacted', () => {
    const { io, err } = capture();
    reportFailure('scan', new ClusterError('line one\n\x1b[2Jtoken: abcdefghijkl \u202e', 'other'), io);
    assert.equal(err(), 'remediator scan: line one\\n\\x1b[2Jtoken: [redacted] \\u202e\n');
  });

  it('prints the stack of a bug only with REMEDIATOR_DEBUG=1', () => {
    const { io, err } = capture({ REMEDIATOR_DEBUG: '1' });
    reportFailure('scan', new Error('unexpected'), io);
    assert.match(err(), /^remediator scan: internal error: Error: unexpected; run with REMEDIATOR_DEBUG=1 for details\n/);
    assert.match(err(), /^\s+at /m);
  });
});
