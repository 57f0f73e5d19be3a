// npm run bench:helm — reading a Helm release's history of 20 revisions on the real control plane:
// through the API (one list of the release Secrets, decoded in process) against a `helm history -o json`
// process, measured in the same run on the same release. Helm is the one the cluster build caches.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { connect } from '../src/adapters/k8s/kubeconfig';
import { KubeHelmReleaseReader } from '../src/adapters/helm/releases';
import { findTestHelm } from '../test/support/helm';

const ROOT = path.join(__dirname, '..', '..');
const NAMESPACE = 'bench-helm';
const RELEASE = 'checkout';
const REVISIONS = 20;
const RUNS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(fn: () => Promise<unknown>): Promise<{ median: number; fastest: number }> {
  await fn(); // warm-up: TLS connection, server caches
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return { median: median(samples), fastest: Math.min(...samples) };
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 1 << 26 }, (err, stdout, stderr) => (err ? reject(new Error(`${path.basename(file)} ${args[0]}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

async function main(): Promise<void> {
  const kubeconfig = process.env.REMEDIATOR_TEST_KUBECONFIG ?? path.join(ROOT, '.cluster', 'kubeconfig');
  if (!process.env.REMEDIATOR_TEST_KUBECONFIG) execFileSync('bash', [path.join(ROOT, 'scripts', 'cluster', 'up.sh')], { stdio: 'inherit' });
  const helm = findTestHelm();
  const conn = connect({ kubeconfig });
  const chart = path.join(ROOT, 'test', 'fixtures', 'helm', 'checkout');
  const k = ['--kubeconfig', kubeconfig, '--namespace', NAMESPACE];
  await conn.http.request('DELETE', `/api/v1/namespaces/${NAMESPACE}`).catch(() => undefined);
  // A namespace being deleted refuses new objects: wait until it is gone, then create it again.
  for (let i = 0; i < 600; i++) {
    const gone = await conn.http.get(`/api/v1/namespaces/${NAMESPACE}`).then(() => false, () => true);
    if (gone) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await conn.http.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } } });
  try {
    process.stdout.write(`installing and upgrading ${RELEASE} to ${REVISIONS} revisions...\n`);
    await run(helm, ['install', RELEASE, chart, ...k, '--set', 'image.tag=v1']);
    for (let i = 2; i <= REVISIONS; i++) await run(helm, ['upgrade', RELEASE, chart, ...k, '--history-max', '0', '--set', `image.tag=v${i}`]);

    const reader = new KubeHelmReleaseReader(conn.http);
    const api = await timed(async () => {
      const read = await reader.read(NAMESPACE, RELEASE);
      if (!read.ok || read.revisions.length !== REVISIONS) throw new Error(`read ${read.ok ? read.revisions.length : read.reason} revisions`);
    });
    const proc = await timed(async () => {
      const rows = JSON.parse(await run(helm, ['history', RELEASE, ...k, '--max', '256', '-o', 'json'])) as unknown[];
      if (rows.length !== REVISIONS) throw new Error(`helm history listed ${rows.length} revisions`);
    });
    process.stdout.write(`helm release history, ${REVISIONS} revisions, median of ${RUNS} (fastest):\n`);
    process.stdout.write(`  through the API (list + base64 + gunzip + JSON, all revisions with values and manifests): ${api.median.toFixed(1)} ms (${api.fastest.toFixed(1)})\n`);
    process.stdout.write(`  helm history -o json (a process):                                                    ${proc.median.toFixed(1)} ms (${proc.fastest.toFixed(1)})\n`);
    process.stdout.write(`  ratio: the API read is ${(proc.median / api.median).toFixed(1)}x faster\n`);
  } finally {
    await conn.http.request('DELETE', `/api/v1/namespaces/${NAMESPACE}`).catch(() => undefined);
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench:helm failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
