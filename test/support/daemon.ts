// A server binary the tests start (Prometheus, Alertmanager): spawned with its stderr kept (the last
// 4,000 characters, for the error when it exits), waited on until its readiness URL answers 200, and
// stopped with SIGTERM (SIGKILL after 10 s), its scratch directory removed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { waitFor } from '../cluster/harness';

export interface Daemon {
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `bin` and resolves once `ready()` says so; `install` names the package in the error when the
 * binary is missing. `dir` is removed on stop (and when it never became ready).
 */
export async function startDaemon(o: {
  name: string; bin: string; args: string[]; dir: string; install: string; url: string;
  ready(): Promise<boolean>; deadlineMs?: number;
}): Promise<Daemon> {
  const child = spawn(o.bin, o.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  let spawnError: Error | undefined;
  child.once('error', (err) => { spawnError = err; });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killLater = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(killLater);
    }
    fs.rmSync(o.dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${o.name} ready at ${o.url}`, async () => {
      if (spawnError) throw new Error(`cannot start ${o.bin} (apt-get install ${o.install}): ${spawnError.message}`);
      if (child.exitCode !== null) throw new Error(`${o.name} exited with ${child.exitCode}: ${stderr.trim()}`);
      return (await o.ready()) ? true : undefined;
    }, o.deadlineMs ?? 30_000, 50);
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
