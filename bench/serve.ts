// npm run bench:serve — `remediator serve` (the built CLI, its own process) behind Debian's real
// Alertmanager on the real control plane: 5,000 alerts (1,000 pods x 5 alertnames, each its own
// fingerprint) posted to Alertmanager's API within 10 s. Figures (goals from the serve issue):
//   alert -> decision latency p50/p99, from the alert's startsAt (set to the moment it is posted to
//   Alertmanager) to the time of its first audit record (goal p99 <= 250 ms); the same from serve's
//   receipt (its intake journal) and serve's own histogram, since Alertmanager's group_wait is in the first;
//   peak concurrent actions from the audit records (must not exceed the runbook's maxConcurrentActions);
//   peak RSS of the serve process (VmHWM; goal <= 300 MB); records lost: alerts posted without a decision
//   in the audit log, and without an incident ledger entry (goal 0).
// serve runs with the image's node flags and the exported Deployment's heap size and allocator setting.
// REMEDIATOR_BENCH_QUICK=1: 100 pods, 500 alerts within 5 s (a smoke run). Ends with one JSON line.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAuditFile } from '../src/adapters/audit/jsonlFile';
import { IMAGE_NODE_FLAGS } from '../src/core/export/image';
import { SERVE_MALLOC_ARENAS, SERVE_NODE_OPTIONS } from '../src/core/export/serve';
import { connect } from '../src/adapters/k8s/kubeconfig';
import type { JournalAlert } from '../src/core/serve/journal';
import type { Pod } from '../src/core/k8s/types';
import { startAlertmanager, type PostedAlert } from '../test/support/alertmanager';
import { startServe, type ServeProcess } from '../test/support/serveProcess';
import {
  acted, firstDecisions, firstReceipts, histogramQuantile, latencyByPostSecond, metricSamples, outcomes, peakConcurrentActions, percentile, startOf, timeMs, timeline,
} from './serveFigures';
import { ALERTNAMES, LIMITS, benchRunbook, deleteNamespaces, ledgerEntries, populate } from './serveSetup';

const ROOT = path.join(__dirname, '..', '..');
const QUICK = process.env.REMEDIATOR_BENCH_QUICK === '1';
const NAMESPACE = 'bench-serve';
// A new state namespace per run: the API server's namespace admission looks a namespace deleted a moment
// ago up live on every create in it, which would load the server with work no real serve causes.
const STATE_NAMESPACE = `${NAMESPACE}-state-${randomBytes(3).toString('hex')}`;
const DEPLOYMENTS = QUICK ? 10 : 100;
const REPLICAS = 10;
const POST_WITHIN_MS = QUICK ? 5_000 : 10_000;
const BATCHES = QUICK ? 10 : 50;
/** How long serve may take to decide everything before what is missing counts as lost. */
const SETTLE_MS = Number(process.env.REMEDIATOR_BENCH_SETTLE_SECONDS ?? 900) * 1000;
const GOALS = { p99Ms: 250, rssMb: 300, lost: 0 };

function kubeconfigPath(): string {
  const given = process.env.REMEDIATOR_TEST_KUBECONFIG;
  if (given) return given;
  execFileSync('bash', [path.join(ROOT, 'scripts', 'cluster', 'up.sh')], { stdio: 'inherit' });
  return path.join(ROOT, '.cluster', 'kubeconfig');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** VmRSS and VmHWM of a process, in MB (undefined once it is gone). */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** REMEDIATOR_BENCH_PROFILE=DIR: serve writes a V8 CPU profile there when it stops (build the CLI unminified to read it). */
function profileFlags(): string[] {
  const dir = process.env.REMEDIATOR_BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

function journalAlerts(file: string): JournalAlert[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{"type":"alert"')).map((l) => JSON.parse(l) as JournalAlert);
}

/** serve's metrics; while Alertmanager holds all of serve's connections a scrape may be refused: try again. */
async function metricsOf(serve: ServeProcess): Promise<Map<string, number>> {
  for (let attempt = 1; ; attempt++) {
    if (serve.child.exitCode !== null || serve.child.signalCode !== null) throw new Error(`serve exited: ${serve.log().slice(-2000)}`);
    try {
      return metricSamples(await (await fetch(`${serve.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text());
    } catch (err) {
      if (attempt >= 30) throw err;
      await sleep(1000); // a retry pause; the loop ends on an answer
    }
  }
}

/** Posts the alerts in `BATCHES` equal batches spread over `POST_WITHIN_MS`; each batch's startsAt is its post time. */
async function postAll(post: (alerts: PostedAlert[]) => Promise<void>, pods: readonly Pod[]): Promise<{ alerts: number; tookMs: number }> {
  const all = pods.flatMap((p) => ALERTNAMES.map((alertname) => ({
    labels: { alertname, namespace: NAMESPACE, pod: p.metadata.name, symptom: 'CrashLoopBackOff', probable_cause: 'pod_process_hung' },
    annotations: { confidence: '0.9' },
  })));
  // Shuffled (seeded by position), so the five alerts of one pod do not arrive together.
  all.sort((a, b) => hash(a.labels.pod + a.labels.alertname) - hash(b.labels.pod + b.labels.alertname));
  const size = Math.ceil(all.length / BATCHES);
  const start = performance.now();
  const every = POST_WITHIN_MS / BATCHES;
  for (let b = 0; b < BATCHES; b++) {
    await sleep(start + b * every - performance.now()); // the posting schedule itself, not a wait for a condition
    const startsAt = new Date().toISOString();
    // Posted once (Prometheus would re-post while the rule fires): an endsAt an hour away keeps each alert
    // firing in Alertmanager past its resolve_timeout (5 min), so one serve has not taken yet is not dropped.
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    await post(all.slice(b * size, (b + 1) * size).map((a) => ({ ...a, startsAt, endsAt })));
  }
  return { alerts: all.length, tookMs: performance.now() - start };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

async function main(): Promise<void> {
  const kubeconfig = kubeconfigPath();
  const http = connect({ kubeconfig }).http;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-bench-serve-'));
  let serve: ServeProcess | undefined;
  let alertmanager: Awaited<ReturnType<typeof startAlertmanager>> | undefined;
  try {
    process.stdout.write(`populating ${NAMESPACE}: ${DEPLOYMENTS} Deployments x ${REPLICAS} replicas (reused when already there)...\n`);
    const pods = await populate(http, NAMESPACE, DEPLOYMENTS, REPLICAS);
    const runbooks = path.join(dir, 'runbooks');
    fs.mkdirSync(runbooks);
    fs.writeFileSync(path.join(runbooks, 'replace-redundant-pod.yaml'), benchRunbook(ROOT, NAMESPACE, 60));
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, `${randomBytes(24).toString('hex')}\n`);
    const auditFile = path.join(dir, 'audit.jsonl');
    const dataDir = path.join(dir, 'data');
    serve = await startServe(ROOT, [
      '--runbooks', runbooks, '--listen', '127.0.0.1:0', '--token-file', tokenFile, '--kubeconfig', kubeconfig,
      '--audit-file', auditFile, '--state-namespace', STATE_NAMESPACE, '--data-dir', dataDir,
    ], [...IMAGE_NODE_FLAGS, SERVE_NODE_OPTIONS, ...profileFlags()], { MALLOC_ARENA_MAX: SERVE_MALLOC_ARENAS });
    const pid = serve.child.pid!;
    alertmanager = await startAlertmanager({ webhookUrls: [`${serve.url}/alertmanager`], tokenFile, groupWait: '100ms', groupInterval: '1s' });
    const startRss = memoryOf(pid)?.rss ?? NaN;
    let peakRss = startRss;
    let peakDepth = 0;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, memoryOf(pid)?.rss ?? 0); }, 100);

    process.stdout.write(`posting ${pods.length * ALERTNAMES.length} alerts for ${pods.length} pods to Alertmanager within ${POST_WITHIN_MS / 1000} s...\n`);
    const began = Date.now();
    const posted = await postAll((a) => alertmanager!.post(a), pods);
    // Done when every posted alert has a decision, no action is still being verified and the queue is empty.
    const deadline = Date.now() + SETTLE_MS;
    let decided = 0;
    let polls = 0;
    for (;;) {
      // serve's own counters while it works (reading the whole audit log every poll would take CPU from
      // serve on this 2-core machine); the log itself once they say everything is decided.
      const metrics = await metricsOf(serve);
      const depth = metrics.get('remediator_queue_depth') ?? 0;
      peakDepth = Math.max(peakDepth, depth);
      decided = [...metrics.entries()].filter(([k]) => k.startsWith('remediator_decisions_total')).reduce((sum, [, v]) => sum + v, 0);
      if (decided >= posted.alerts && depth === 0) {
        const records = readAuditFile(auditFile).records;
        decided = firstDecisions(records).size;
        if (decided >= posted.alerts && peakConcurrentActions(records).unfinished === 0) break;
      }
      if (Date.now() > deadline) {
        process.stdout.write(`gave up waiting after ${SETTLE_MS / 1000} s: ${decided} of ${posted.alerts} decided, queue depth ${depth}\n`);
        break;
      }
      if (++polls % 5 === 0) process.stdout.write(`  ${decided}/${posted.alerts} decided, queue depth ${depth}, RSS ${peakRss.toFixed(0)} MB peak\n`);
      await sleep(2000); // progress cadence; the loop ends on the condition above
    }
    const settledMs = Date.now() - began;
    clearInterval(sampler);
    const hwm = memoryOf(pid)?.hwm ?? NaN;
    const metrics = await metricsOf(serve);
    const records = readAuditFile(auditFile).records;
    const first = firstDecisions(records);
    const receipts = firstReceipts(journalAlerts(path.join(dataDir, 'intake.jsonl')));
    const fromStart = [...first.values()].map((r) => timeMs(r.time) - startOf(r.incidentId!)).sort((a, b) => a - b);
    const fromReceipt = [...first.values()].flatMap((r) => {
      const at = receipts.get(r.incidentId!);
      return at === undefined ? [] : [timeMs(r.time) - at];
    }).sort((a, b) => a - b);
    const delivery = [...receipts.entries()].map(([id, at]) => at - startOf(id)).sort((a, b) => a - b);
    const concurrency = peakConcurrentActions(records);
    const ledger = await ledgerEntries(http, STATE_NAMESPACE);
    const refused = [...metrics.entries()].filter(([k]) => /^remediator_http_requests_total\{route="\/alertmanager",code="5\d\d"\}$/.test(k)).reduce((s, [, v]) => s + v, 0);
    const webhooks = [...metrics.entries()].filter(([k]) => k.startsWith('remediator_http_requests_total{route="/alertmanager"')).reduce((s, [, v]) => s + v, 0);
    const blocks = [...metrics.entries()].filter(([k]) => k.startsWith('remediator_guardrail_blocks_total{')).map(([k, v]) => `${/guardrail="([^"]+)"/.exec(k)?.[1]} ${v}`);
    // Lost: posted, yet neither decided nor durably received by serve (its journal). Alerts serve refused
    // with 503 (queue full) are still Alertmanager's to send again; at the end they count here too.
    const received = new Set([...first.keys(), ...receipts.keys()]);
    const lost = posted.alerts - received.size;
    const undecided = posted.alerts - first.size;
    const lastDecision = Math.max(...[...first.values()].map((r) => timeMs(r.time)));
    const perSecond = first.size / Math.max(0.001, (lastDecision - began) / 1000);
    const ms = (x: number) => `${Number.isFinite(x) ? x.toFixed(0) : 'n/a'} ms`;
    const s = (x: number) => (Number.isFinite(x) ? `${(x * 1000).toFixed(0)} ms` : 'n/a');
    const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER GOAL');
    const p99 = percentile(fromStart, 0.99);
    const rows: [string, string][] = [
      ['alerts posted to Alertmanager', `${posted.alerts} for ${pods.length} pods in ${(posted.tookMs / 1000).toFixed(1)} s (${BATCHES} POSTs)`],
      ['webhook requests to serve', `${webhooks} (${refused} answered 5xx: queue full or failed, retried by Alertmanager)`],
      ['alert -> decision (startsAt = posted -> first audit record)', `p50 ${ms(percentile(fromStart, 0.5))}, p99 ${ms(p99)}, max ${ms(fromStart[fromStart.length - 1] ?? NaN)} (goal p99 <= ${GOALS.p99Ms} ms, ${verdict(p99 <= GOALS.p99Ms)})`],
      ['  of which Alertmanager -> serve (startsAt -> serve receipt)', `p50 ${ms(percentile(delivery, 0.5))}, p99 ${ms(percentile(delivery, 0.99))} (group_wait 100ms)`],
      ['  serve receipt -> decision (intake journal)', `p50 ${ms(percentile(fromReceipt, 0.5))}, p99 ${ms(percentile(fromReceipt, 0.99))}`],
      ['  serve histogram (bucket upper bounds)', `p50 <= ${s(histogramQuantile(metrics, 'remediator_alert_to_decision_seconds', 0.5))}, p99 <= ${s(histogramQuantile(metrics, 'remediator_alert_to_decision_seconds', 0.99))}`],
      ['decisions (first record) by outcome', Object.entries(outcomes(first)).map(([k, v]) => `${k} ${v}`).join(', ')],
      ['guardrail blocks', blocks.join(', ') || 'none'],
      ['actions', `${concurrency.actions} (${acted(first)} incidents acted on); peak concurrent ${concurrency.peak} (runbook maxConcurrentActions ${LIMITS.maxConcurrentActions}, ${concurrency.peak <= LIMITS.maxConcurrentActions ? 'within' : 'EXCEEDED'})`],
      ['peak queue depth seen', `${peakDepth}`],
      ['serve RSS', `peak ${hwm.toFixed(0)} MB (VmHWM; sampled peak ${peakRss.toFixed(0)} MB, at start ${startRss.toFixed(0)} MB) (goal <= ${GOALS.rssMb} MB, ${verdict(hwm <= GOALS.rssMb)})`],
      ['records lost', `${lost} neither decided nor in serve's intake journal; ${posted.alerts - ledger} without an incident ledger entry (goal ${GOALS.lost}, ${verdict(lost <= GOALS.lost)})`],
      ['undecided at the end', undecided === 0 ? 'none' : `${undecided} (not decided within ${SETTLE_MS / 1000} s; the latencies above are of the ${first.size} decided, so they understate)`],
      ['decisions per 5 s from the first post', timeline(first, began, 5000).join(' ')],
      ['median latency by second of posting', latencyByPostSecond(first, began).map((x) => `${(x / 1000).toFixed(1)}s`).join(' ')],
      ['decision throughput', `${perSecond.toFixed(1)} decisions/s; last decision ${((lastDecision - began) / 1000).toFixed(1)} s after the first post (waited ${(settledMs / 1000).toFixed(1)} s)`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\nRemediator serve benchmark (Node ${process.version}, ${os.cpus().length} cores${QUICK ? ', QUICK' : ''}; serve concurrency 32, queue capacity 10000, ${[...IMAGE_NODE_FLAGS, SERVE_NODE_OPTIONS].join(' ')}, MALLOC_ARENA_MAX=${SERVE_MALLOC_ARENAS} as exported)\n`);
    for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
    process.stdout.write(JSON.stringify({
      bench: 'serve', quick: QUICK, cores: os.cpus().length, pods: pods.length, alerts: posted.alerts, postSeconds: +(posted.tookMs / 1000).toFixed(2),
      latencyMs: { p50: percentile(fromStart, 0.5), p99, max: fromStart[fromStart.length - 1] ?? null },
      deliveryMs: { p50: percentile(delivery, 0.5), p99: percentile(delivery, 0.99) },
      serveMs: { p50: percentile(fromReceipt, 0.5), p99: percentile(fromReceipt, 0.99) },
      outcomes: outcomes(first), actions: concurrency.actions, peakConcurrentActions: concurrency.peak, maxConcurrentActions: LIMITS.maxConcurrentActions,
      rssMb: +hwm.toFixed(1), lost, undecided, decisionsPerSecond: +perSecond.toFixed(2), ledgerEntries: ledger, webhookRequests: webhooks, webhook5xx: refused, settledSeconds: +(settledMs / 1000).toFixed(1),
      goals: GOALS,
    }) + '\n');
  } finally {
    await alertmanager?.stop().catch(() => undefined);
    await serve?.stop('SIGTERM').catch(() => undefined);
    if (process.env.REMEDIATOR_BENCH_KEEP !== '1') await deleteNamespaces(http, [NAMESPACE, STATE_NAMESPACE]);
    else await deleteNamespaces(http, [STATE_NAMESPACE]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench:serve failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
