import { randomUUID } from 'crypto';
import { JsonlAuditFile } from '../../adapters/audit/jsonlFile';
import { auditLine, auditRecordFor } from '../../core/audit/record';
import { decisionContext, decideTargets, scanTargets } from '../../core/engine/decide';
import { decisionJson } from '../../core/engine/output';
import type { Plan } from '../../core/engine/plan';
import type { AuditRecord, Outcome } from '../../core/model/audit';
import { DEFAULT_SETTINGS } from '../../core/guardrails/types';
import { executePlan, isShadow } from '../../core/pipeline/execute';
import { withHelmReleasesOf } from '../../core/pipeline/helmReleases';
import { measureTargets } from '../../core/pipeline/measure';
import { hasMetricChecks } from '../../core/metrics/checkRows';
import { scanSnapshot } from '../../core/pipeline/scanSnapshot';
import { decisionInputFor } from '../../core/replay/slice';
import { parseArgs, required } from '../args';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_OK, InputError, type Command } from '../io';
import { LIVE_VALUES, openLive } from '../live';
import { renderPlans } from '../render';
import { loadRunbook } from '../runbookFile';
import { EXIT_CLUSTER_ERROR } from './execute';

export const SCAN_HELP = `Usage: remediator scan --runbook FILE [--namespace NS]... [--execute] [--yes] [--approve] [--shadow] [--json]
       [--kubeconfig FILE] [--context NAME] [--audit-file FILE] [--state-namespace NS] [--local-state FILE]
       [--prometheus-url URL] [--prometheus-token-file FILE] [--prometheus-ca-file FILE]

The seed's Job, done safely: every pod carrying the restart label in scope (default: the runbook's allowed
namespaces) is decided from one snapshot. Without --execute nothing changes (outcome dry_run). With
--execute, each auto_execute target (approval_required too with --approve) goes through the full execute
pipeline (fresh re-check, lock, dry run, act, verify). Every decision is audited. --shadow (or the
runbook's spec.shadow) with --execute goes through the same pipeline up to the action and records shadowed.
Exit: 0 every target decided (and, with --execute, none ended in error), 1 invalid input, 2 usage,
5 cluster error.
`;

const NOT_ACTED: Record<string, Outcome> = { abort: 'blocked', manual: 'blocked', suggest: 'suggested', approval_required: 'approval_pending', auto_execute: 'dry_run' };

export const scanCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: ['runbook', 'namespace', ...LIVE_VALUES],
    booleans: ['json', 'execute', 'yes', 'approve', 'help', 'shadow'],
    repeatable: ['namespace'],
  });
  if (args.booleans.has('help')) { io.stdout(SCAN_HELP); return EXIT_OK; }
  const runbook = loadRunbook(io, required(args, 'runbook'));
  const execute = args.booleans.has('execute');
  const json = args.booleans.has('json');
  const shadow = isShadow({ shadow: args.booleans.has('shadow'), runbook });
  if (execute && !shadow && !args.booleans.has('yes')) throw new InputError('scan --execute acts on many targets: pass --yes to confirm in advance');
  const namespaces = args.values.get('namespace') ?? runbook.spec.scope.allowedNamespaces;
  const live = openLive(args, io, { json, quiet: true });
  const { deps } = live;
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const [workloads, history, actor] = await Promise.all([
    scanSnapshot(deps.reader, namespaces, settings),
    deps.state.history(runbook.metadata.name),
    deps.access.whoAmI(),
  ]);
  const now = deps.clock.now();
  const refs = scanTargets(decisionContext({ runbook, snapshot: workloads, history, now, settings }), namespaces);
  // A Helm action decides from its targets' release histories, read as dry-run and execute read them.
  const snapshot = await withHelmReleasesOf(workloads, runbook, refs, deps.helmReleases);
  const input = { runbook, snapshot, history, now, settings };
  const ctx = decisionContext(input);
  let decidedWith = ctx;
  let plans = decideTargets(ctx, refs);
  if (hasMetricChecks(runbook)) {
    // Each target's queries name it, so they are known after a first decision; decide again with the values.
    decidedWith = decisionContext({ ...input, ...await measureTargets(deps.metrics, runbook, plans) });
    plans = decideTargets(decidedWith, refs);
  }
  const actingModes = args.booleans.has('approve') ? ['auto_execute', 'approval_required'] : ['auto_execute'];
  const results: { plan: Plan; outcome: Outcome; message?: string }[] = [];
  const notActed: AuditRecord[] = [];
  for (const [i, plan] of plans.entries()) {
    if (execute && actingModes.includes(plan.mode)) {
      const r = await executePlan({ runbook, target: plan.target, incident: plan.incident, execute: true, approved: args.booleans.has('approve'), shadow }, deps);
      results.push({ plan: r.metricRows ? { ...r.plan, metricChecks: r.metricRows } : r.plan, outcome: r.outcome, message: r.records.at(-1)?.message });
      continue;
    }
    const outcome = NOT_ACTED[plan.mode];
    notActed.push(auditRecordFor(plan, outcome, { id: randomUUID(), actor, time: deps.clock.now(), decisionInput: decisionInputFor(decidedWith, plan, refs[i]) }));
    results.push({ plan, outcome, message: plan.modeReason });
  }
  // Decisions that did nothing are audited too, in one append with one fsync.
  await new JsonlAuditFile(live.auditFile).writeMany(notActed);
  if (json) {
    io.stdout(JSON.stringify({ decisions: results.map((r) => ({ ...decisionJson(r.plan), outcome: r.outcome, message: r.message })) }, null, 2) + '\n');
  } else {
    io.stdout(plans.length === 0 ? `No pods carry ${e(`${ctx.settings.restartLabel.key}=${ctx.settings.restartLabel.value}`)} in ${e(namespaces.join(', '))}.\n` : renderPlans(results.map((r) => r.plan)));
    for (const r of notActed) io.stdout(e(auditLine(r)) + '\n');
    for (const r of results.filter((x) => !notActed.some((n) => n.target.name === x.plan.target.name))) io.stdout(`${r.outcome.toUpperCase()} ${e(`${r.plan.target.namespace}/${r.plan.target.name}: ${r.message ?? ''}`)}\n`);
  }
  return results.some((r) => r.outcome === 'error') ? EXIT_CLUSTER_ERROR : EXIT_OK;
};
