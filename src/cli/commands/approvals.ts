// remediator approvals | approve ID | reject ID: humans deciding pending approvals. Approving re-runs
// the whole pipeline with the approval (fresh snapshot, every guardrail, the re-check under the Lease,
// the server-side dry run), so an approval never acts on a plan the cluster no longer supports.
import { decide, statusAt, type Approval } from '../../core/approvals/approval';
import { approvalDecisionRecord } from '../../core/approvals/record';
import { executePlan } from '../../core/pipeline/execute';
import type { PipelineDeps } from '../../core/pipeline/execute';
import { runbookFromText } from '../../core/runbook/fromText';
import { escapeText as e } from '../../core/text/escape';
import type { Runbook } from '../../core/model/runbook';
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

async function load(s: ApprovalStore, id: string): Promise<{ approval: Approval; version: string }> {
  const got = await s.get(id);
  if (got === undefined) throw new InputError(`no approval ${id} in the state namespace (see "remediator approvals")`);
  if ('problem' in got) throw new InputError(`${got.problem}; not acted on`);
  return got;
}

function runbookOf(a: Approval): Runbook | undefined {
  const read = runbookFromText(a.runbookText);
  return read.ok ? read.runbook : undefined;
}

/** Writes the expiry of a pending approval found expired (once: the CAS keeps it single) and audits it. */
async function expire(s: ApprovalStore, deps: PipelineDeps, got: { approval: Approval; version: string }, actor: string): Promise<void> {
  const done = decide(got.approval, 'expired', actor, deps.clock.now());
  if (!done.ok || !(await s.update(done.approval, got.version))) return;
  await audit(deps, approvalDecisionRecord(done.approval, runbookOf(done.approval), { actor, time: deps.clock.now(), message: `approval expired at ${got.approval.expiresAt} undecided; nothing done` }));
}

async function audit(deps: PipelineDeps, record: Parameters<PipelineDeps['audit'][number]['write']>[0]): Promise<void> {
  for (const sink of deps.audit) await sink.write(record).catch(() => undefined);
  await deps.state.record(record).catch(() => undefined);
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
  const got = await load(s, id);
  const actor = await live.deps.access.whoAmI();
  const runbook = runbookOf(got.approval);
  if (!runbook) throw new InputError(`approval ${id}: the runbook stored with it is no longer valid; not acted on`);
  const decided = decide(got.approval, 'approved', actor, live.deps.clock.now());
  if (!decided.ok) {
    if (statusAt(got.approval, live.deps.clock.now()) === 'expired') await expire(s, live.deps, got, actor);
    io.stderr(`${e(decided.why)}\n`);
    return EXIT_NOT_EXECUTED;
  }
  if (!yes) {
    io.stdout(`${e(line(got.approval, live.deps.clock.now()))}\n`);
    if (!(await io.confirm!(`Approve and run "${e(got.approval.action)}" now (after a fresh re-check)? [y/N] `))) {
      io.stderr('not approved; nothing done\n');
      return EXIT_NOT_EXECUTED;
    }
  }
  // Take the decision first (compare-and-swap): of two approvers, one runs the pipeline.
  if (!(await s.update(decided.approval, got.version))) {
    io.stderr(`approval ${id} was decided by someone else first; nothing done\n`);
    return EXIT_NOT_EXECUTED;
  }
  const result = await executePlan({
    runbook, target: got.approval.target, incident: got.approval.incident, execute: true, approved: true,
    expectedIdentity: got.approval.identity ?? '', runbookText: got.approval.runbookText,
  }, live.deps);
  if (json) io.stdout(JSON.stringify({ approval: { ...decided.approval, runbookText: undefined }, ...resultJson(result) }, null, 2) + '\n');
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
  const s = store(live.deps);
  const got = await load(s, id);
  const actor = await live.deps.access.whoAmI();
  const now = live.deps.clock.now();
  const decided = decide(got.approval, 'rejected', actor, now, reason);
  if (!decided.ok) {
    if (statusAt(got.approval, now) === 'expired') await expire(s, live.deps, got, actor);
    io.stderr(`${e(decided.why)}\n`);
    return EXIT_NOT_EXECUTED;
  }
  if (!(await s.update(decided.approval, got.version))) {
    io.stderr(`approval ${id} was decided by someone else first\n`);
    return EXIT_NOT_EXECUTED;
  }
  const record = approvalDecisionRecord(decided.approval, runbookOf(got.approval), { actor, time: now, message: `approval rejected by ${actor}${reason ? `: ${reason}` : ''}; nothing done` });
  await audit(live.deps, record);
  if (args.booleans.has('json')) io.stdout(JSON.stringify({ approval: { ...decided.approval, runbookText: undefined }, record }, null, 2) + '\n');
  else io.stdout(`rejected ${e(id)}: nothing done\n`);
  return EXIT_OK;
};
