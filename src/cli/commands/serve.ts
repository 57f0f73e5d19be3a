import * as os from 'os';
import * as path from 'path';
import { CachingAccessReviewer } from '../../adapters/k8s/accessCache';
import { CoalescingEventSink } from '../../adapters/k8s/coalescingEvents';
import { KubeIncidentLedger } from '../../adapters/k8s/incidents';
import { InformerSnapshots } from '../../adapters/k8s/informerSnapshots';
import { KubeStateStore } from '../../adapters/k8s/state';
import { DEFAULT_STATE_NAMESPACE } from '../../adapters/k8s';
import { DEFAULT_LEADER_LEASE } from '../../adapters/k8s/leader';
import { NotifyConfigError, loadNotifyConfig, type LoadedNotifyConfig } from '../../adapters/notify/config';
import { ServeService } from '../../adapters/serve/service';
import type { FirstLook } from '../../core/pipeline/execute';
import { escalationWarnings } from '../../core/notify/route';
import { escapeText as e } from '../../core/text/escape';
import { parseArgs, required, single } from '../args';
import { EXIT_OK, InputError, UsageError, type Command } from '../io';
import { LIVE_VALUES, openLive } from '../live';
import { parseDurationFlag, parseIntegerFlag, parseLeaseName, parseListen, readPem, readToken } from '../serveInputs';
import { loadRunbookDir } from '../runbookDir';

export const SERVE_HELP = `Usage: remediator serve --runbooks DIR --listen HOST:PORT --token-file FILE
       [--notify-config FILE] [--prometheus-url URL] [--tls-cert FILE --tls-key FILE [--client-ca FILE]]
       [--data-dir DIR] [--leader-lease NAME] [--lease-duration SECONDS] [--ledger-retention DURATION]
       [--queue-size N] [--concurrency N]
       [--kubeconfig FILE] [--context NAME] [--audit-file FILE] [--state-namespace NS]

Receives Alertmanager's webhook (POST /alertmanager, "Authorization: Bearer <token file content>") and
runs the same pipeline as "remediator execute --yes" for each alert its runbooks answer (triggers.alerts):
re-check before acting, Lease per workload, verification, rollback, audit. An incident (fingerprint and
startsAt) is acted on at most once, across re-sent groups and replicas, through the shared state in the
cluster. Every alert is written to the intake journal in --data-dir (default ~/.remediator/serve) before
the answer, so a crash after the answer loses none. Decisions are escalated through --notify-config's
channels (the runbook's escalation names). GET /healthz, /readyz (cluster reachable, leadership known)
and /metrics.

Leader election: every replica receives and journals alerts; only the holder of the Lease --leader-lease
(default ${DEFAULT_LEADER_LEASE}) in the state namespace decides and acts. A standby records firing
alerts in the incident ledger for the leader; the leader picks them up within a third of
--lease-duration (default 15 s). When the leader stops renewing, a standby takes the Lease over once it
expires and handles every incident left unfinished. The identity is the pod name (POD_NAME) or the host
name, plus this data dir's instance id. Resolved alerts are recorded by whichever replica receives them.
--queue-size (default 10000): alerts waiting or running before POST /alertmanager answers 503 with
Retry-After. --concurrency (default 32): alerts handled at once (one at a time per incident).
--ledger-retention (default 7d): the leader deletes handled incidents from the ledger once nothing referred
to them that long (a re-sent copy of a handled alert counts, so a long-firing alert is never decided again).
Each decision leaves a Kubernetes Event on its target, written behind the decision: decisions of one
runbook on the same object with the same outcome within a second are one Event, whose series count
takes the later ones for ten minutes (written at most every 30 s; needs patch on events).
SIGTERM or SIGINT: stop accepting, finish the running alerts, release their Leases and the leader Lease,
write the queued Events, exit 0.
`;

function loadNotify(file: string | undefined, cwd: string): LoadedNotifyConfig | undefined {
  if (file === undefined) return undefined;
  try {
    return loadNotifyConfig(path.resolve(cwd, file));
  } catch (err) {
    if (err instanceof NotifyConfigError) throw new InputError(err.message);
    throw err;
  }
}

/** Resolves on the first SIGTERM or SIGINT. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export const serveCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: ['runbooks', 'listen', 'token-file', 'notify-config', 'tls-cert', 'tls-key', 'client-ca', 'data-dir', 'leader-lease', 'lease-duration', 'ledger-retention', 'queue-size', 'concurrency', ...LIVE_VALUES],
    booleans: ['shadow', 'help'],
  });
  if (args.booleans.has('help')) { io.stdout(SERVE_HELP); return EXIT_OK; }
  if (single(args, 'local-state') !== undefined) throw new UsageError('serve keeps its state in the cluster; --local-state is for single CLI runs');
  const listen = parseListen(required(args, 'listen'));
  const leaseName = parseLeaseName(single(args, 'leader-lease') ?? DEFAULT_LEADER_LEASE);
  const leaseText = single(args, 'lease-duration');
  const leaseDurationSeconds = leaseText === undefined ? 15 : parseIntegerFlag('lease-duration', leaseText, 2, 3600, 'seconds');
  const flag = (name: string, parse: (text: string) => number): number | undefined => {
    const text = single(args, name);
    return text === undefined ? undefined : parse(text);
  };
  const retentionSeconds = flag('ledger-retention', (t) => parseDurationFlag('ledger-retention', t));
  const capacity = flag('queue-size', (t) => parseIntegerFlag('queue-size', t, 1, 1_000_000, 'alerts'));
  const concurrency = flag('concurrency', (t) => parseIntegerFlag('concurrency', t, 1, 256, 'alerts'));
  const token = readToken(io, required(args, 'token-file'));
  const loaded = loadRunbookDir(io, required(args, 'runbooks'));
  const runbooks = loaded.map((l) => l.runbook);
  // Kept with a pending approval, so the approver runs the very contract that was decided.
  const runbookTexts = new Map(loaded.map((l) => [l.runbook.metadata.name, l.text]));
  const cert = single(args, 'tls-cert');
  const key = single(args, 'tls-key');
  const ca = single(args, 'client-ca');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (ca !== undefined && cert === undefined) throw new UsageError('--client-ca needs --tls-cert and --tls-key');
  const tls = cert !== undefined && key !== undefined
    ? { cert: readPem(io, cert), key: readPem(io, key), ...(ca !== undefined ? { ca: readPem(io, ca) } : {}) }
    : undefined;
  const notify = loadNotify(single(args, 'notify-config'), io.cwd);
  const log = (text: string) => io.stderr(`${new Date().toISOString()} ${e(text)}\n`);
  if (notify) {
    const channels = Object.fromEntries([...notify.channels.keys()].map((n) => [n, {}]));
    for (const w of escalationWarnings(runbooks, { channels })) log(`warning: runbook ${w.runbook}: ${w.message}`);
  }
  const live = openLive(args, io, { json: false, quiet: true });
  const stateNamespace = single(args, 'state-namespace') ?? io.env.REMEDIATOR_STATE_NAMESPACE ?? DEFAULT_STATE_NAMESPACE;
  const dataDir = path.resolve(io.cwd, single(args, 'data-dir') ?? path.join(io.env.HOME ?? os.homedir(), '.remediator', 'serve'));
  const http = live.adapters.connection.http;
  // Serve's first look at an alert reads informers and the shared state as of a moment ago, verifications
  // watch through those informers, and access answers are reused for a while; the re-check right before
  // acting still reads the API server afresh.
  const snapshots = new InformerSnapshots(http, live.adapters.reader);
  snapshots.warm(runbooks.flatMap((r) => r.spec.scope.allowedNamespaces.filter((ns) => ns !== '*')));
  const state = live.adapters.state;
  // Decisions that changed nothing reach the shared state a quarter second later, many to a write.
  if (state instanceof KubeStateStore) state.lingerNotes(250, (err, record) => log(`warning: shared state: the ${record.outcome} record of ${record.runbook} was not kept there (it is in the audit log): ${err.message}`));
  // Events are written behind the decisions, many decisions on one object to an Event (coalescingEvents.ts);
  // the one-shot verbs keep writing each Event before they go on.
  const events = new CoalescingEventSink(http, {
    clock: live.deps.clock,
    onError: (err, r, count) => log(`warning: Event not written for ${count} ${r.outcome} decision(s) of ${r.runbook} on ${r.target.namespace}/${r.target.kind}/${r.target.name} (the audit log has them): ${err.message}`),
  });
  const audit = live.deps.audit.map((sink) => (sink === live.adapters.events ? events : sink));
  const firstLook: FirstLook = {
    snapshot: (scope) => snapshots.snapshot(scope),
    ...(state instanceof KubeStateStore ? { history: (runbook: string) => state.recentHistory(runbook, 1000) } : {}),
  };
  // The ledger's index: an alert is looked up without a read, and decisions that changed nothing are
  // recorded many to a write (see ledgerPages.ts).
  const ledger = new KubeIncidentLedger(http, stateNamespace, { index: true });
  ledger.start();
  const service = await ServeService.start({
    host: listen.host, port: listen.port, token, ...(tls ? { tls } : {}), runbooks, runbookTexts, shadow: args.booleans.has('shadow'),
    pipeline: { ...live.deps, audit, reader: snapshots.sharedWatchReader(), access: new CachingAccessReviewer(live.deps.access), firstLook, onProgress: (t) => log(t) },
    ledger, dataDir,
    ...(retentionSeconds !== undefined ? { retentionSeconds } : {}), ...(capacity !== undefined ? { capacity } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    leader: { http, namespace: stateNamespace, name: leaseName, leaseDurationSeconds, ...(io.env.POD_NAME ? { podName: io.env.POD_NAME } : {}) },
    ...(notify ? { notify } : {}),
    clusterReachable: async () => { await http.request('GET', '/version', { timeoutMs: 2000 }); },
    ledgerProblem: () => ledger.problem(),
    log,
  });
  const host = service.address.host.includes(':') ? `[${service.address.host}]` : service.address.host;
  io.stdout(`serve: listening on ${tls ? 'https' : 'http'}://${host}:${service.address.port} with ${runbooks.length} runbook(s)\n`);
  const signal = await stopSignal();
  log(`${signal} received`);
  await service.stop();
  snapshots.stop();
  ledger.stop();
  // After the last decision: the queued Events and the batched shared-state notes go out before exit.
  if (events.pending > 0) log(`writing ${events.pending} queued Event(s)`);
  await Promise.all([events.close(), state instanceof KubeStateStore ? state.settle() : undefined]);
  log('stopped');
  return EXIT_OK;
};
