// Kubeconfigs the extension-host tests point the extension at.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { connect } from '../../../src/adapters/k8s/kubeconfig';
import { waitFor } from '../../cluster/harness';

const REPO = path.resolve(__dirname, '../../../..');

/** REMEDIATOR_TEST_KUBECONFIG, else the repository's .cluster/kubeconfig, once its API server answers; undefined when neither does. */
export async function answeringKubeconfig(): Promise<string | undefined> {
  const candidates = [process.env.REMEDIATOR_TEST_KUBECONFIG, path.join(REPO, '.cluster', 'kubeconfig')].filter((f): f is string => Boolean(f));
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    // Other suites share the cluster and may restart the API server: give it a few seconds to answer.
    const answered = await waitFor(`${file} to answer`, () => connect({ kubeconfig: file }).http.get('/version').then(() => true), 20_000, 500)
      .catch(() => false);
    if (answered) return file;
  }
  return undefined;
}

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
