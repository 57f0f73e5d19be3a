import { readAuditFile } from '../../adapters/audit/jsonlFile';
import type { Plan, VerificationPlan } from '../../core/engine/plan';
import type { AuditRecord, TargetRef } from '../../core/model/audit';
import { verifyLive } from '../../core/pipeline/verifyLive';
import type { Baseline } from '../../core/verify/checks';
import { parseArgs, required } from '../args';
import { EXIT_OK, InputError, type Command } from '../io';
import { LIVE_VALUES, openLive } from '../live';
import { EXIT_VERIFICATION_FAILED } from './execute';

export const VERIFY_HELP = `Usage: remediator verify --audit-id ID [--json] [--kubeconfig FILE] [--context NAME] [--audit-file FILE]

Checks again, against the live cluster, the verification of an earlier remediation (the "executed" record
with that id), waits up to the runbook's timeout, and appends the result to the audit log.
`;

interface Stored { plan: VerificationPlan; workload?: TargetRef; baseline: Baseline }

export const verifyCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['audit-id', ...LIVE_VALUES], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(VERIFY_HELP); return EXIT_OK; }
  const id = required(args, 'audit-id');
  const json = args.booleans.has('json');
  const live = openLive(args, io, { json });
  const executed = readAuditFile(live.auditFile).records.find((r) => r.id === id && r.outcome === 'executed');
  if (!executed) throw new InputError(`${live.auditFile}: no executed remediation with id ${id}`);
  const stored = executed.verification as Stored | undefined;
  if (!stored?.plan) throw new InputError(`${live.auditFile}: record ${id} carries no verification plan`);
  // Only the fields verification reads: target, workload and the verification plan.
  const plan = { target: executed.target, workload: stored.workload, verification: stored.plan } as Plan;
  const outcome = await verifyLive(live.deps.reader, plan, stored.baseline, live.deps.onProgress);
  const ok = outcome.status === 'verified';
  const record: AuditRecord = {
    ...executed, time: live.deps.clock.now().toISOString(), outcome: ok ? 'verified' : outcome.status === 'failed' ? 'verification_failed' : 'error',
    actor: await live.deps.access.whoAmI(), verification: { ...outcome, reverified: true },
    message: ok ? `re-verified in ${(outcome.elapsedMs / 1000).toFixed(1)}s` : `re-verification ${outcome.status}: ${outcome.error ?? outcome.state?.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ')}`,
  };
  for (const sink of live.deps.audit) await sink.write(record);
  if (json) io.stdout(JSON.stringify(record, null, 2) + '\n');
  return ok ? EXIT_OK : EXIT_VERIFICATION_FAILED;
};
