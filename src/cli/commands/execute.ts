import { decisionJson } from '../../core/engine/output';
import { parseTargetRef } from '../../core/engine/targets';
import { executePlan, isShadow, type ExecuteResult } from '../../core/pipeline/execute';
import type { Outcome } from '../../core/model/audit';
import { parseArgs, required, single } from '../args';
import { loadIncident } from '../inputs';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_CLUSTER, EXIT_OK, InputError, UsageError, type CliIO, type Command } from '../io';
import { LIVE_VALUES, openLive } from '../live';
import { metricTableLines } from '../metricTable';
import { renderPlans } from '../render';
import { loadRunbookText } from '../runbookFile';

export const EXECUTE_HELP = `Usage: remediator execute --runbook FILE --target NS/KIND/NAME [--incident FILE] [--yes] [--approve] [--shadow]
       remediator dry-run --runbook FILE --target NS/KIND/NAME [--incident FILE]
  common: [--kubeconfig FILE] [--context NAME] [--audit-file FILE] [--state-namespace NS] [--local-state FILE] [--json]
          [--prometheus-url URL] [--prometheus-token-file FILE] [--prometheus-ca-file FILE] [--helm PATH]

execute re-reads the cluster, re-checks every guardrail, takes a Lease lock, runs a server-side dry run,
asks for confirmation on a terminal (unless --yes), acts, and verifies by watching. approval_required plans
need --approve; suggest and manual plans never execute. --shadow (or the runbook's spec.shadow) does everything
up to the action, then records the outcome shadowed and acts on nothing (no confirmation needed). A runbook's metric preconditions are queried on the
Prometheus at --prometheus-url (or REMEDIATOR_PROMETHEUS_URL) before deciding and again right before acting;
without one, or when it cannot answer, the plan aborts. A helmRollback runs helm from --helm PATH, else
REMEDIATOR_HELM, else PATH (with --kubeconfig and --kube-context set to this connection's).
Exit: 0 verified (or dry run or shadow run done), 1 invalid input, 2 usage, 3 not executed (blocked, pending approval,
declined), 4 verification failed, rolled back or inconclusive, 5 cluster error.
`;

export const EXIT_NOT_EXECUTED = 3;
export const EXIT_VERIFICATION_FAILED = 4;
export const EXIT_CLUSTER_ERROR = EXIT_CLUSTER;

const EXIT_FOR: Record<Outcome, number> = {
  dry_run: EXIT_OK, verified: EXIT_OK, executed: EXIT_OK, shadowed: EXIT_OK,
  suggested: EXIT_NOT_EXECUTED, approval_pending: EXIT_NOT_EXECUTED, blocked: EXIT_NOT_EXECUTED,
  verification_failed: EXIT_VERIFICATION_FAILED, rolled_back: EXIT_VERIFICATION_FAILED, verification_inconclusive: EXIT_VERIFICATION_FAILED,
  error: EXIT_CLUSTER_ERROR,
};

export function exitFor(outcome: Outcome): number {
  return EXIT_FOR[outcome];
}

export function resultJson(r: ExecuteResult) {
  return {
    ...decisionJson(r.plan), outcome: r.outcome, access: r.access.map((a) => ({ ...a.permission, allowed: a.allowed })),
    // After verification the rows carry each metric's status and samples too.
    ...(r.metricRows ? { metricChecks: r.metricRows } : {}),
    verification: r.verification, records: r.records, warnings: r.warnings,
  };
}

function printResult(io: CliIO, r: ExecuteResult, json: boolean): void {
  if (json) { io.stdout(JSON.stringify(resultJson(r), null, 2) + '\n'); return; }
  io.stdout(renderPlans([r.plan]));
  const denied = r.access.filter((a) => !a.allowed);
  const missing = denied.map((d) => `${d.permission.verb} ${d.permission.resource}${d.permission.subresource ? '/' + d.permission.subresource : ''}`).join(', ');
  io.stdout(`  access:       ${denied.length === 0 ? `all ${r.access.length} permissions allowed` : `MISSING ${e(missing)}`}\n`);
  if (r.metricRows?.length) io.stdout(['  metric checks after verification:', ...metricTableLines(r.metricRows, '    ')].join('\n') + '\n');
  io.stdout(`  outcome:      ${r.outcome}${r.records.length ? ` — ${e(r.records[r.records.length - 1].message ?? '')}` : ''}\n`);
  for (const w of r.warnings) io.stderr(`warning: ${e(w)}\n`);
}

async function run(argv: string[], io: CliIO, execute: boolean): Promise<number> {
  const args = parseArgs(argv, {
    values: ['runbook', 'target', 'incident', ...LIVE_VALUES],
    booleans: ['json', 'yes', 'approve', 'help', 'shadow'],
  });
  if (args.booleans.has('help')) { io.stdout(EXECUTE_HELP); return EXIT_OK; }
  const targetText = required(args, 'target');
  const target = parseTargetRef(targetText);
  if (!target) throw new UsageError(`--target "${targetText}" is not NAMESPACE/KIND/NAME (kind: pod, deployment or statefulset)`);
  const { runbook, text: runbookText } = loadRunbookText(io, required(args, 'runbook'));
  const incidentFile = single(args, 'incident');
  const incident = incidentFile ? loadIncident(io, incidentFile) : undefined;
  const json = args.booleans.has('json');
  const shadow = execute && isShadow({ shadow: args.booleans.has('shadow'), runbook });
  // Shadow mode never acts, so there is nothing to confirm.
  const yes = args.booleans.has('yes') || shadow;
  if (execute && !yes && !(io.isTTY && io.confirm)) {
    throw new InputError('refusing to act without confirmation: not a terminal; pass --yes to confirm in advance');
  }
  const live = openLive(args, io, { json });
  const confirm = execute && !yes && io.confirm
    ? (plan: Parameters<NonNullable<Parameters<typeof executePlan>[0]['confirm']>>[0]) => {
      io.stdout(renderPlans([plan]));
      return io.confirm!(`Execute "${e(plan.action.description)}" now? [y/N] `);
    }
    : undefined;
  const result = await executePlan({ runbook, target, incident, execute, approved: args.booleans.has('approve'), confirm, shadow, runbookText }, live.deps);
  printResult(io, result, json);
  return exitFor(result.outcome);
}

export const executeCommand: Command = (argv, io) => run(argv, io, true);
export const dryRunCommand: Command = (argv, io) => run(argv, io, false);
