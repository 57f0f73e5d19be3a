import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the CLI in-process from the repository root (tests run with cwd = repo root). */
export async function cli(args: string[], extra: Partial<CliIO> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readFile: (p) => fs.readFileSync(p, 'utf8'),
    cwd: process.cwd(),
    env: {},
    isTTY: false,
    ...extra,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

export const repoPath = (...parts: string[]) => path.join(process.cwd(), ...parts);
