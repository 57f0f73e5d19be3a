// The helm binary the cluster build caches (scripts/cluster/build.sh: helm-<version>/bin/helm beside
// the control plane), or REMEDIATOR_HELM when set. Tests that need helm call findTestHelm().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'scripts', 'cluster', 'versions.sh'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (scripts/cluster/versions.sh)');
    dir = parent;
  }
  return dir;
}

/** The pinned helm version (HELM_VERSION in scripts/cluster/versions.sh). */
export function helmVersion(): string {
  const text = fs.readFileSync(path.join(repoRoot(), 'scripts', 'cluster', 'versions.sh'), 'utf8');
  const version = /^HELM_VERSION=(\S+)/m.exec(text)?.[1];
  if (!version) throw new Error('scripts/cluster/versions.sh sets no HELM_VERSION');
  return version;
}

/** Where build.sh puts helm. */
export function cachedHelmPath(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'remediator', `helm-${helmVersion()}`, 'bin', 'helm');
}

/** REMEDIATOR_HELM, else the cached build; throws naming the build command when neither exists. */
export function findTestHelm(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.REMEDIATOR_HELM || cachedHelmPath(env);
  if (!fs.existsSync(file)) throw new Error(`helm not found at ${file}: run npm run cluster:build (it builds helm ${helmVersion()} into the cache)`);
  return file;
}
