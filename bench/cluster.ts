// npm run bench:cluster — speed on a real control plane, each figure a ratio against a baseline measured
// in the same run on the same cluster:
//   snapshot load (5,000 pods / 500 Deployments / 50 namespaces) vs the two raw list requests (goal <= 2x),
//   and vs `kubectl get pods,deployments -A -o json`;
//   `remediator scan` dry-run over 200 labeled pods (whole CLI process) vs the seed's shell loop (goal >= 50x);
//   verification reaction: Deployment status change -> verified (goal <= 1 s).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type KubeConnection } from '../src/adapters/k8s/kubeconfig';
import { KubeClusterReader } from '../src/adapters/k8s/reader';
import { populate, rawGet, reactionLatency, BENCH_NAMESPACES } from './clusterSetup';

const ROOT = path.join(__dirname, '..', '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(fn: () => Promise<unknown>, runs = 3): Promise<number> {
  await fn(); // warm-up: connections, caches on the server
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

function kubeconfigPath(): string {
  const given = process.env.REMEDIATOR_TEST_KUBECONFIG;
  if (given) return given;
  execFileSync('bash', [path.join(ROOT, 'scripts', 'cluster', 'up.sh')], { stdio: 'inherit' });
  return path.join(ROOT, '.cluster', 'kubeconfig');
}

function kubectlBinary(): string | undefined {
  const local = path.join(ROOT, '.cluster', 'bin', 'kubectl');
  if (fs.existsSync(local)) return local;
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0 ? 'kubectl' : undefined;
}

async function main(): Promise<void> {
  const kubeconfig = kubeconfigPath();
  const conn: KubeConnection = connect({ kubeconfig });
  const lines: string[] = [];
  const say = (s: string) => { lines.push(s); process.stdout.write(s + '\n'); };
  process.stdout.write('populating the cluster (reused when already there)...\n');
  const labeled = await populate(conn.http, { namespaces: 50, deploymentsPerNamespace: 10, replicas: 10, labeled: 200 });
  say(`cluster: ${labeled.pods} pods, ${labeled.deployments} Deployments, ${BENCH_NAMESPACES(50).length} namespaces, ${labeled.labeled} pods labeled for restart`);

  const raw = await timed(() => Promise.all([rawGet(conn, '/api/v1/pods'), rawGet(conn, '/apis/apps/v1/deployments')]));
  const reader = new KubeClusterReader(conn.http);
  const snap = await timed(() => reader.snapshot({}));
  say(`snapshot load (pods, ReplicaSets, Deployments, StatefulSets, PDBs): ${(snap / 1000).toFixed(2)} s; raw list requests (pods + deployments): ${(raw / 1000).toFixed(2)} s; ratio ${(snap / raw).toFixed(2)}x (goal <= 2x)`);
  const kubectl = kubectlBinary();
  if (kubectl) {
    const k = await timed(async () => execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'pods,deployments', '-A', '-o', 'json'], { maxBuffer: 1 << 30 }), 1);
    say(`kubectl get pods,deployments -A -o json: ${(k / 1000).toFixed(2)} s; snapshot is ${(k / snap).toFixed(1)}x faster`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-bench-'));
  const runbook = path.join(dir, 'runbook.yaml');
  fs.writeFileSync(runbook, fs.readFileSync(path.join(ROOT, 'runbooks', 'replace-redundant-pod.yaml'), 'utf8')
    .replace('      - "aiops-remediation-lab"\n', BENCH_NAMESPACES(50).map((ns) => `      - "${ns}"\n`).join('')));
  // The CLI as a user runs it: the executable itself, so its shebang's Node flags apply.
  const cliPath = path.join(ROOT, 'dist', 'cli.js');
  const scanArgs = ['scan', '--runbook', runbook, '--json', '--kubeconfig', kubeconfig, '--audit-file', path.join(dir, 'audit.jsonl'), '--local-state', path.join(dir, 'state.jsonl')];
  const scan = await timed(async () => {
    const r = spawnSync(cliPath, scanArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
    const n = (JSON.parse(r.stdout) as { decisions: unknown[] }).decisions.length;
    if (n !== labeled.labeled) throw new Error(`scan decided ${n} targets, expected ${labeled.labeled}`);
  });
  if (kubectl) {
    const loop = path.join(__dirname, '..', '..', 'bench', 'seed-loop.sh');
    const t = performance.now();
    execFileSync('bash', [loop, kubectl, kubeconfig, ...BENCH_NAMESPACES(50)], { stdio: 'ignore' });
    const seed = performance.now() - t;
    say(`scan dry-run over ${labeled.labeled} labeled pods (whole CLI process): ${(scan / 1000).toFixed(2)} s; seed's shell loop (2 kubectl calls per pod): ${(seed / 1000).toFixed(1)} s; ${(seed / scan).toFixed(0)}x faster (goal >= 50x)`);
  } else {
    say(`scan dry-run over ${labeled.labeled} labeled pods (whole CLI process): ${(scan / 1000).toFixed(2)} s (no kubectl: seed loop not measured)`);
  }

  const reaction = await reactionLatency(conn);
  say(`verification reaction (status change seen by a raw watch -> verified), median of ${reaction.samples.length}: ${reaction.median.toFixed(0)} ms (goal <= 1000 ms)`);
  fs.rmSync(dir, { recursive: true, force: true });
  if (process.env.REMEDIATOR_BENCH_KEEP !== '1') {
    // 5,000 pods slow every later test that lists cluster-wide: leave the cluster as we found it.
    await Promise.all([...BENCH_NAMESPACES(50), 'bench-react'].map((ns) => conn.http.request('DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined)));
    process.stdout.write('bench namespaces deleted (REMEDIATOR_BENCH_KEEP=1 keeps them for another run)\n');
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench:cluster failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
