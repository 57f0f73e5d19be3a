import * as readline from 'readline';
import { isClusterError } from '../core/ports';
import { escapeText } from '../core/text/escape';
import { redactSecrets } from '../core/text/redact';
import { safeLine, safeLines } from '../core/text/safe';
import { commands, usage } from './commands';
import { EXIT_CLUSTER, EXIT_INTERNAL, EXIT_INVALID, EXIT_USAGE, InputError, UsageError, type CliIO } from './io';
import { MAX_INPUT_BYTES } from './inputs';
import { readFileBounded } from './readBounded';

function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readFile: (p, maxBytes) => readFileBounded(p, maxBytes ?? MAX_INPUT_BYTES),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    confirm: (question) => new Promise((resolve) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      rl.question(question, (answer) => { rl.close(); resolve(/^y(es)?$/i.test(answer.trim())); });
    }),
  };
}

/** Every byte a command prints goes through here: no credential and no terminal control gets out. */
function safeIO(io: CliIO): CliIO {
  return {
    ...io,
    stdout: (t) => io.stdout(safeLines(t)),
    stderr: (t) => io.stderr(safeLines(t)),
    ...(io.confirm ? { confirm: (question: string) => io.confirm!(safeLines(question)) } : {}),
  };
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'not permitted', ENOENT: 'no such file or directory', EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory', EROFS: 'read-only file system', ENOSPC: 'no space left on the device',
  EEXIST: 'already exists', EMFILE: 'too many open files', EBUSY: 'busy',
};

/** A failed file operation (Node's errno errors carry code, syscall and path): the user's environment, not a bug. */
function fileFailure(err: unknown): string | undefined {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const what = ERRNO_TEXT[e.code] ?? e.code;
  return typeof e.path === 'string' ? `${e.path}: cannot ${e.syscall} (${what})` : `${e.syscall} failed (${what})`;
}

/**
 * Turns what a command threw into one line on stderr and an exit code. A user's mistake or a cluster's
 * refusal never prints a stack; only a bug does, and only with REMEDIATOR_DEBUG=1.
 */
export function reportFailure(verb: string, err: unknown, io: CliIO): number {
  const say = (text: string) => io.stderr(`remediator ${escapeText(verb)}: ${safeLine(text.trim())}\n`);
  if (err instanceof UsageError) { say(err.message); return EXIT_USAGE; }
  if (err instanceof InputError) { say(err.message); return EXIT_INVALID; }
  // By name, not class: the same error class may come from another bundle's copy of the adapters.
  if (isClusterError(err)) { say(err.message); return EXIT_CLUSTER; }
  const file = fileFailure(err);
  if (file) { say(file); return EXIT_INVALID; }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  say(`internal error: ${message}; run with REMEDIATOR_DEBUG=1 for details`);
  if (io.env.REMEDIATOR_DEBUG === '1' && err instanceof Error && err.stack) io.stderr(`${redactSecrets(err.stack)}\n`);
  return EXIT_INTERNAL;
}

export async function runCli(argv: string[], rawIO: CliIO): Promise<number> {
  const io = safeIO(rawIO);
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout(usage());
    return verb ? 0 : EXIT_USAGE;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, verb) ? commands[verb] : undefined;
  if (!command) {
    io.stderr(`remediator: unknown command "${escapeText(verb)}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    return reportFailure(verb, err, io);
  }
}

if (require.main === module) {
  const io = processIO();
  // Last resort for what escapes runCli (a rejected stream callback, a throw in a timer): still one line,
  // and the process ends there rather than carrying on in an unknown state.
  const crash = (err: unknown) => process.exit(reportFailure(process.argv[2] ?? '', err, io));
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // `remediator audit | head`: a closed pipe ends the output, it is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : crash(err)));
  runCli(process.argv.slice(2), io).then((code) => { process.exitCode = code; }, crash);
}
