// What a CLI command needs from the process, passed in so commands are testable in-process.
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * The file's text; with `maxBytes`, reads at most maxBytes + 1 bytes and throws FileTooLargeError
   * (src/cli/readBounded.ts) beyond it.
   */
  readFile(path: string, maxBytes?: number): string;
  /** Current working directory, for resolving relative paths. */
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  /** Ask a yes/no question on the terminal (only called when isTTY). */
  confirm?(question: string): Promise<boolean>;
}

/**
 * Exit codes: 0 decided/valid, 1 invalid input (the message names the file), 2 usage; the live verbs add
 * 3 not executed, 4 verification failed or rolled back (commands/execute.ts) and 5 cluster error (any
 * verb: unreachable, bad kubeconfig, forbidden...). 70 is a bug in Remediator itself, never a user error,
 * and deliberately not 3: a script must not read a crash as "blocked, nothing done".
 */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_CLUSTER = 5;
export const EXIT_INTERNAL = 70;

export class UsageError extends Error {}
/** Bad input file: the message names the file (and line where known). */
export class InputError extends Error {}

export type Command = (argv: string[], io: CliIO) => Promise<number>;
