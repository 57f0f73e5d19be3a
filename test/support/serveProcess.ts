// `remediator serve` as a real process (dist/cli.js), so tests can SIGTERM or SIGKILL it and start it
// again on the same data dir. The address comes from its "listening on" line (it may listen on port 0).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '../cluster/harness';

export interface ServeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it wrote to stderr so far (its log). */
  log(): string;
  waitForLog(what: string, pattern: RegExp, deadlineMs?: number): Promise<RegExpMatchArray>;
  /** Sends the signal and waits for the exit; resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `nodeArgs`: flags for node itself, `env`: added to the environment (the benchmark runs serve as the exported Deployment does). */
export async function startServe(repoRoot: string, args: string[], nodeArgs: readonly string[] = [], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, 'dist', 'cli.js'), 'serve', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = await waitFor('serve listening', async () => {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${stderr}`);
    return /listening on (https?):\/\/([^\s]+):(\d+)/.exec(stdout) ?? undefined;
  }, 60_000, 50);
  const port = Number(listening[3]);
  return {
    url: `${listening[1]}://127.0.0.1:${port}`,
    port,
    child,
    log: () => stderr,
    waitForLog: (what, pattern, deadlineMs = 60_000) => waitFor(what, async () => {
      const m = pattern.exec(stderr);
      if (!m && child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode} before ${what}: ${stderr}`);
      return m ?? undefined;
    }, deadlineMs),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}
