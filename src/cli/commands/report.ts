// remediator report: what automation achieved, per runbook and service, from the JSONL audit log and
// (with --kubeconfig, --context or --state-namespace) the shared state in the cluster. The numbers and the
// readiness verdicts are src/core/report; this file reads the sources and prints.
import { kubeAdapters } from '../../adapters/k8s';
import type { AuditRecord } from '../../core/model/audit';
import { parsePeriod } from '../../core/report/period';
import { reportFromSources, sharedStateRunbooks } from '../../core/report/sources';
import { DEFAULT_SHADOW_WINDOW_SECONDS, shadowAgreement, shadowTargetUid, type ShadowRunbookAgreement, type TargetNow } from '../../core/report/shadow';
import { PODS, objectPath } from '../../adapters/k8s/resources';
import { statusOf } from '../../adapters/k8s/errors';
import { escapeText as e } from '../../core/text/escape';
import { parseArgs, single } from '../args';
import { EXIT_OK, UsageError, type CliIO, type Command } from '../io';
import { auditFilePath } from '../paths';
import { reportText } from '../reportText';
import { auditFlag, readAuditLog } from './audit';

export const REPORT_HELP = `Usage: remediator report [--audit FILE] [--since DURATION] [--runbook NAME] [--shadow [--shadow-window 1h]] [--json]
                        [--kubeconfig FILE] [--context NAME] [--state-namespace NS]

Per runbook and per service: automated recovery rate, verification pass / fail / inconclusive rates,
guardrail block rate by guardrail, approval acceptance, time to decide and to restore, repeated
incidents, failures caused by automation, and per runbook a verdict: ready to move right, hold, or move
left, with the evidence (thresholds in docs/report.md).
  --audit FILE        the JSONL audit log (--audit-file FILE works too) (default: $REMEDIATOR_AUDIT_FILE or ~/.remediator/audit.jsonl)
  --since DURATION    only attempts that started in this period before now: 30m, 12h, 7d
  --runbook NAME      only this runbook
  --kubeconfig, --context, --state-namespace
                      also read the shared state in the cluster (every user's and the in-cluster Job's
                      records of the last 24 hours), read-only
  --shadow            also the shadow agreement per runbook: of the decisions recorded as shadowed, how
                      many were followed by someone acting on the same target within the window (with a
                      cluster: also a target pod deleted or replaced since)
  --shadow-window D   how long after a shadowed decision an action counts as agreeing (default 1h)
  --json              print the report's data as one JSON document (see docs/report.md)
Exit: 0 reported, 1 invalid input, 2 usage, 5 cluster error.
`;

/** "7d", "12h", "1h30m", "90s". */
export function sinceSeconds(text: string): number {
  const parsed = parsePeriod(text);
  if (!parsed.ok) throw new UsageError(`--since: ${parsed.message}`);
  return parsed.seconds;
}

async function sharedState(args: ReturnType<typeof parseArgs>, io: CliIO, runbooks: string[]): Promise<AuditRecord[]> {
  const kubeconfig = single(args, 'kubeconfig');
  const context = single(args, 'context');
  const stateNamespace = single(args, 'state-namespace') ?? io.env.REMEDIATOR_STATE_NAMESPACE;
  if (kubeconfig === undefined && context === undefined && single(args, 'state-namespace') === undefined) return [];
  // Read-only: the report never writes to the cluster.
  const adapters = kubeAdapters({ kubeconfig, context, stateNamespace, readOnly: true });
  const lists = await Promise.all(runbooks.map((name) => adapters.state.history(name)));
  return lists.flat();
}

export const reportCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['audit', 'audit-file', 'since', 'runbook', 'kubeconfig', 'context', 'state-namespace', 'shadow-window'], booleans: ['json', 'help', 'shadow'] });
  if (args.booleans.has('help')) { io.stdout(REPORT_HELP); return EXIT_OK; }
  const sinceText = single(args, 'since');
  const now = new Date();
  const since = sinceText !== undefined ? new Date(now.getTime() - sinceSeconds(sinceText) * 1000) : undefined;
  const runbook = single(args, 'runbook');
  const file = auditFilePath(io, auditFlag(args));
  const { records: audit } = readAuditLog(io, file);
  const shared = await sharedState(args, io, sharedStateRunbooks(audit, runbook));
  const sharedAsked = single(args, 'kubeconfig') !== undefined || single(args, 'context') !== undefined || single(args, 'state-namespace') !== undefined;
  const { report, records } = reportFromSources({ audit, shared, sharedAsked, now, ...(since ? { since } : {}), ...(runbook !== undefined ? { runbook } : {}) });
  const windowText = single(args, 'shadow-window');
  if (windowText !== undefined && !args.booleans.has('shadow')) throw new UsageError('--shadow-window needs --shadow');
  const shadow = args.booleans.has('shadow')
    ? shadowAgreement(records.filter((r) => runbook === undefined || r.runbook === runbook), now, {
      windowSeconds: windowText !== undefined ? sinceSeconds(windowText) : DEFAULT_SHADOW_WINDOW_SECONDS,
      targetNow: await podsNow(args, io, records),
    })
    : undefined;
  if (args.booleans.has('json')) io.stdout(`${JSON.stringify(shadow ? { ...report, shadow } : report, null, 2)}\n`);
  else io.stdout(reportText(report) + (shadow ? shadowText(shadow) : ''));
  return EXIT_OK;
};

/** With a cluster: does each shadowed pod still exist with the uid its decision saw? Read-only. */
async function podsNow(args: ReturnType<typeof parseArgs>, io: CliIO, records: readonly AuditRecord[]): Promise<((r: AuditRecord) => TargetNow) | undefined> {
  const kubeconfig = single(args, 'kubeconfig');
  const context = single(args, 'context');
  if (kubeconfig === undefined && context === undefined) return undefined;
  const http = kubeAdapters({ kubeconfig, context, stateNamespace: single(args, 'state-namespace') ?? io.env.REMEDIATOR_STATE_NAMESPACE, readOnly: true }).connection.http;
  const seen = new Map<string, TargetNow>();
  for (const r of records.filter((x) => x.outcome === 'shadowed' && x.target.kind === 'Pod').slice(0, 1000)) {
    const uid = shadowTargetUid(r);
    const key = `${r.target.namespace}/${r.target.name}/${uid ?? ''}`;
    if (seen.has(key) || uid === undefined) continue;
    const pod = await http.get<{ metadata?: { uid?: string } }>(objectPath(PODS, r.target.namespace, r.target.name)).catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });
    seen.set(key, pod?.metadata?.uid === uid ? 'present' : 'gone');
  }
  return (r) => seen.get(`${r.target.namespace}/${r.target.name}/${shadowTargetUid(r) ?? ''}`) ?? 'unknown';
}

function shadowText(rows: readonly ShadowRunbookAgreement[]): string {
  if (rows.length === 0) return '\nShadow agreement: no shadowed decisions.\n';
  const lines = ['', 'Shadow agreement (a shadowed decision agrees when someone then acted on the same target within the window):'];
  for (const r of rows) {
    const rate = r.rate === null ? 'n/a' : `${Math.round(r.rate * 1000) / 10}%`;
    lines.push(`  ${e(r.runbook)}: ${rate} — ${r.agreed} agreed, ${r.disagreed} disagreed, ${r.pending} pending, of ${r.shadowed} shadowed`);
    for (const x of r.examples.slice(0, 3)) lines.push(`    ${x.verdict} ${e(x.target)} at ${e(x.time)}: ${e(x.why)}`);
  }
  return `${lines.join('\n')}\n`;
}
