import * as readline from 'readline';
import { commands, usage } from './commands';
import { EXIT_INVALID, EXIT_USAGE, InputError, UsageError, type CliIO } from './io';
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

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout(usage());
    return verb ? 0 : EXIT_USAGE;
  }
  const command = commands[verb];
  if (!command) {
    io.stderr(`remediator: unknown command "${verb}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`remediator ${verb}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof InputError) {
      io.stderr(`remediator ${verb}: ${err.message}\n`);
      return EXIT_INVALID;
    }
    throw err;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`remediator: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
