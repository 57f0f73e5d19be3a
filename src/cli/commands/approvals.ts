// remediator approvals | approve ID | reject ID: humans deciding pending approvals. Approving re-runs
// the whole pipeline with the approval (fresh snapshot, every guardrail, the re-check under the Lease,
// the server-side dry run), so an approval never acts on a plan the cluster no longer supports.
import { statusAt, type Approval } from '../../core/approvals/approval';
import { approvePending, rejectPending, type NotDecided } from '../../core/approvals/flow';
import type { PipelineDeps } from '../../core/pipeline/execute';
import { escapeText as e } from '../../core/text/escape';
import type { ApprovalStore } from '../../core/ports';
import { parseArgs, single, type ParsedArgs } from '../args';
import { EXIT_INVALID, EXIT_OK, InputError, UsageError, type Command } from '../io';
import { LIVE_VALUES, openLive } from '../live';
import { renderPlans } from '../render';
import { EXIT_NOT_EXECUTED, exitFor, resultJson } from './execute';

export const APPROVALS_HELP = `Usage: remediator approvals [--all] [--json]
       remediator approve ID [--yes] [--json]
       remediator reject ID [--reason TEXT] [--json]
  common: [--kubeconfig FILE] [--context NAME] [--audit-file FILE] [--state-namespace NS]
          [--prometheus-url URL] [--prometheus-token-file FILE] [--prometheus-ca-file FILE]

An approval_required plan that execute (or serve) was not allowed to run is kept as a pending approval in
the state namespace, for 30 minutes unless decided. "approvals" lists the pending ones (--all: decided
too). "approve" runs the pipeline again with the approval: a fresh decision, the re-check right before
acting, the server-side dry run, then the action and its verification; it asks on a terminal unless --yes.
"reject" ends it; nothing is done. Every decision is audited. Two approvers cannot both win.
Exit: 0 done, 1 no such approval or it cannot be read, 2 usage, 3 not executed (expired, already decided,
stale or blocked at the re-check), 4 verification failed, 5 cluster error.
`;

function store(deps: PipelineDeps): ApprovalStore {
  if (!deps.approvals) throw new UsageError('approvals live in the cluster\'s state namespace; --local-state cannot be used here');
  return deps.approvals;
}

function oneId(args: ParsedArgs, verb: string): string {
  if (args.positionals.length !== 1) throw new UsageError(`${verb} takes one approval ID (see "remediator approvals")`);
  const id = args.positionals[0];
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(id)) throw new UsageError(`"${e(id)}" is not an approval ID`);
  return id;
}

/** An input problem (exit 1) is thrown; anything else not decided is reported and exits 3. */
function notDone(r: NotDecided, io: Parameters<Command>[1]): number {
  if (r.kind === 'missing') throw new InputError(`${r.message} (see "remediator approvals")`);
  if (r.kind === 'unreadable' || r.kind === 'invalidRunbook') throw new InputError(r.message);
  io.stderr(`${e(r.message)}\n`);
  return EXIT_NOT_EXECUTED;
}

function line(a: Approval, now: Date): string {
  const t = a.target;
  return `${a.id}  ${statusAt(a, now).toUpperCase()}  ${a.runbook}  ${t.namespace}/${t.kind.toLowerCase()}/${t.name}  requested ${a.requestedAt} by ${a.requestedBy}, expires ${a.expiresAt}\n    ${a.sentence}`;
}

export const approvalsCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: [...LIVE_VALUES], booleans: ['json', 'all', 'help'] });
  if (args.booleans.has('help')) { io.stdout(APPROVALS_HELP); return EXIT_OK; }
  if (args.positionals.length > 0) throw new UsageError('approvals takes no arguments (approve ID / reject ID decide one)');
  const { deps } = openLive(args, io, { json: true, quiet: true });
  const { approvals, problems } = await store(deps).list();
  const now = deps.clock.now();
  const shown = args.booleans.has('all') ? approvals : approvals.filter((a) => statusAt(a, now) === 'pending');
  if (args.booleans.has('json')) {
    io.stdout(JSON.stringify({ approvals: shown.map((a) => ({ ...a, runbookText: undefined, status: statusAt(a, now) })), problems }, null, 2) + '\n');
  } else {
    io.stdout(shown.length === 0 ? 'No pending approvals.\n' : shown.map((a) => e(line(a, now))).join('\n') + '\n');
    for (const p of problems) io.stderr(`warning: ${e(p)}\n`);
  }
  return problems.length > 0 ? EXIT_INVALID : EXIT_OK;
};

export const approveCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: [...LIVE_VALUES], booleans: ['json', 'yes', 'help'] });
  if (args.booleans.has('help')) { io.stdout(APPROVALS_HELP); return EXIT_OK; }
  const id = oneId(args, 'approve');
  const json = args.booleans.has('json');
  const yes = args.booleans.has('yes');
  if (!yes && !(io.isTTY && io.confirm)) throw new InputError('refusing to approve without confirmation: not a terminal; pass --yes to confirm in advance');
  const live = openLive(args, io, { json });
  const s = store(live.deps);
  const actor = await live.deps.access.whoAmI();
  const confirm = yes ? undefined : async (a: Approval) => {
    io.stdout(`${e(line(a, live.deps.clock.now()))}\n`);
    return io.confirm!(`Approve and run "${e(a.action)}" now (after a fresh re-check)? [y/N] `);
  };
  const done = await approvePending(s, live.deps, id, actor, confirm);
  if (!done.ok) return notDone(done, io);
  const { result, approval } = done;
  if (json) io.stdout(JSON.stringify({ approval: { ...approval, runbookText: undefined }, ...resultJson(result) }, null, 2) + '\n');
  else {
    io.stdout(renderPlans([result.plan]));
    io.stdout(`  outcome:      ${result.outcome}${result.records.length ? ` — ${e(result.records[result.records.length - 1].message ?? '')}` : ''}\n`);
  }
  for (const w of result.warnings) io.stderr(`warning: ${e(w)}\n`);
  return exitFor(result.outcome);
};

export const rejectCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['reason', ...LIVE_VALUES], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(APPROVALS_HELP); return EXIT_OK; }
  const id = oneId(args, 'reject');
  const reason = single(args, 'reason');
  if (reason !== undefined && reason.length > 1000) throw new UsageError('--reason is limited to 1000 characters');
  const live = openLive(args, io, { json: args.booleans.has('json') });
  const actor = await live.deps.access.whoAmI();
  const done = await rejectPending(store(live.deps), live.deps, id, actor, reason);
  if (!done.ok) return notDone(done, io);
  const { approval, record } = done;
  if (args.booleans.has('json')) io.stdout(JSON.stringify({ approval: { ...approval, runbookText: undefined }, record }, null, 2) + '\n');
  else io.stdout(`rejected ${e(id)}: nothing done\n`);
  return EXIT_OK;
};
