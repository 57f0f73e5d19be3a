// The helm binary, run for the one thing that must be Helm's own: `helm rollback` (and its --dry-run).
// Always an argv array through execFile, never a shell string; kubeconfig and context are passed
// explicitly so helm acts on exactly the cluster the decision read.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ClusterError } from '../../core/ports';

export interface HelmCliOptions {
  /** --helm PATH or the editor setting; else REMEDIATOR_HELM; else `helm` on PATH. */
  binary?: string;
  /** Where `binary` came from, named in the "helm not found" message (default --helm). */
  binaryOrigin?: string;
  env?: NodeJS.ProcessEnv;
  kubeconfig?: string;
  context?: string;
  /** Per helm call; a rollback without --wait returns in seconds. */
  timeoutMs?: number;
}

/** Most of helm's output is a line or two; the cap keeps a runaway process from filling memory. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where helm is, or a ClusterError('config') saying where it was looked for. */
export function findHelm(options: Pick<HelmCliOptions, 'binary' | 'binaryOrigin' | 'env'> = {}): string {
  const env = options.env ?? process.env;
  const named = options.binary || env.REMEDIATOR_HELM;
  if (named) {
    if (!executable(named)) throw new ClusterError(`helm not found: ${named} (from ${options.binary ? options.binaryOrigin ?? '--helm' : 'REMEDIATOR_HELM'}) is not an executable file`, 'config');
    return named;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'helm');
    if (executable(candidate)) return candidate;
  }
  throw new ClusterError(`helm not found: ${options.binaryOrigin ? `set ${options.binaryOrigin}` : 'pass --helm PATH'}, set REMEDIATOR_HELM, or put helm on PATH`, 'config');
}

export interface HelmRun { stdout: string; stderr: string }

export class HelmCli {
  constructor(private options: HelmCliOptions) {}

  /** The context the connection resolved (known only once the kubeconfig is loaded). */
  useContext(context: string): void {
    this.options = { ...this.options, context };
  }

  /** The flags that pin helm to the decision's cluster. */
  connectionArgs(): string[] {
    return [
      ...(this.options.kubeconfig ? ['--kubeconfig', this.options.kubeconfig] : []),
      ...(this.options.context ? ['--kube-context', this.options.context] : []),
    ];
  }

  run(args: readonly string[]): Promise<HelmRun> {
    let binary: string;
    try {
      binary = findHelm(this.options);
    } catch (err) {
      return Promise.reject(err);
    }
    const argv = [...args, ...this.connectionArgs()];
    return new Promise((resolve, reject) => {
      execFile(binary, argv, { timeout: this.options.timeoutMs ?? 120_000, maxBuffer: MAX_OUTPUT_BYTES, env: this.options.env ?? process.env, windowsHide: true },
        (err, stdout, stderr) => {
          if (!err) { resolve({ stdout, stderr }); return; }
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
          if (e.code === 'ENOENT' || e.code === 'EACCES') { reject(new ClusterError(`helm could not be started (${binary}): ${e.message}`, 'config')); return; }
          const said = (stderr || stdout || e.message).trim().split('\n').slice(-3).join(' ');
          reject(new ClusterError(e.killed ? `helm ${args[0]} did not finish within ${(this.options.timeoutMs ?? 120_000) / 1000}s` : `helm ${args[0]} failed: ${said}`, 'other'));
        });
    });
  }

  /** `helm rollback RELEASE REVISION -n NS [--dry-run]`. */
  async rollback(release: string, revision: number, namespace: string, dryRun: boolean): Promise<string> {
    const { stdout } = await this.run(['rollback', release, String(revision), '--namespace', namespace, ...(dryRun ? ['--dry-run'] : [])]);
    return stdout.trim();
  }
}
