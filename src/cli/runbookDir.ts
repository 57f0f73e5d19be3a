// A directory of runbooks (serve, export-serve): every *.yaml / *.yml file directly in it (runbook tests
// left out), in name order,
// each read once with the runbook limit and validated; the first invalid file stops with its location.
// Not recursive: the in-cluster copy is a flat ConfigMap mount, and what runs must be what was listed.
import * as fs from 'fs';
import * as path from 'path';
import { ExportServeError, assertUniqueRunbookNames } from '../core/export/serve';
import type { Runbook } from '../core/model/runbook';
import { InputError, type CliIO } from './io';
import { loadRunbookText } from './runbookFile';

/** More runbooks than this in one directory is a mistake (or an attack), not a configuration. */
export const MAX_RUNBOOK_FILES = 500;

export interface LoadedRunbook { file: string; runbook: Runbook; text: string }

export function loadRunbookDir(io: CliIO, dir: string): LoadedRunbook[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.resolve(io.cwd, dir), { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : `cannot list (${code ?? String(err)})`}`);
  }
  // Symbolic links count when they point at a file (a ConfigMap mount is made of links).
  const names = entries
    .filter((e) => /\.ya?ml$/.test(e.name) && !/\.runbook-test\.ya?ml$/.test(e.name) && !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink()))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new InputError(`${dir}: no runbook files (*.yaml, *.yml)`);
  if (names.length > MAX_RUNBOOK_FILES) throw new InputError(`${dir}: ${names.length} files, more than the ${MAX_RUNBOOK_FILES} runbooks one directory may hold`);
  const loaded = names.map((name) => {
    const file = path.join(dir, name);
    return { file, ...loadRunbookText(io, file) };
  });
  try {
    assertUniqueRunbookNames(loaded);
  } catch (err) {
    if (err instanceof ExportServeError) throw new InputError(err.message);
    throw err;
  }
  return loaded;
}
