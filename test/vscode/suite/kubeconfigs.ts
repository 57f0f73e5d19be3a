// Kubeconfigs the extension-host tests point the extension at.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A kubeconfig in a fresh temp dir whose only cluster is a loopback port nothing listens on. */
export function unreachableKubeconfig(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-kc-')), 'config');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: nowhere',
    'clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:9"}}]',
    'users: [{name: u, user: {token: t}}]', 'contexts: [{name: nowhere, context: {cluster: nowhere, user: u}}]',
  ].join('\n'));
  return file;
}
