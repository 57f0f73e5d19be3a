import * as vscode from 'vscode';
import { readAuditFile } from '../../../adapters/audit/jsonlFile';
import type { Plan, VerificationPlan } from '../../../core/engine/plan';
import type { AuditRecord, TargetRef } from '../../../core/model/audit';
import { verifyLive } from '../../../core/pipeline/verifyLive';
import type { Baseline } from '../../../core/verify/checks';
import type { ClusterCommand } from './command';

interface Stored { plan: VerificationPlan; workload?: TargetRef; baseline: Baseline }

/** Re-verifies an earlier executed remediation (the CLI's `verify --audit-id`) and appends the result. */
export const verify: ClusterCommand = {
  id: 'remediator.verify',
  async run(s, arg) {
    const { auditFile } = s.session.open();
    const executed = readAuditFile(auditFile).records
      .filter((r) => r.outcome === 'executed' && (r.verification as Stored | undefined)?.plan).reverse();
    const wanted = typeof arg === 'object' && arg !== null ? (arg as { id?: string }).id : undefined;
    let record: AuditRecord | undefined;
    if (wanted) record = executed.find((r) => r.id === wanted);
    else {
      if (executed.length === 0) throw new Error(`${auditFile}: no executed remediation to verify`);
      record = (await vscode.window.showQuickPick(executed.map((r) => ({
        label: `${r.target.namespace}/${r.target.kind.toLowerCase()}/${r.target.name}`, description: `${r.runbook} · ${r.time}`, detail: r.message, record: r,
      })), { title: 'Remediator: verify an earlier remediation' }))?.record;
      if (!record) return undefined;
    }
    if (!record) throw new Error(`${auditFile}: no executed remediation with id ${wanted}`);
    const stored = record.verification as Stored;
    const plan = { target: record.target, workload: stored.workload, verification: stored.plan } as Plan;
    const deps = s.session.deps();
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Remediator: verifying ${record.target.name}` },
      (progress) => verifyLive(deps.reader, plan, stored.baseline, (text) => progress.report({ message: text })));
    const ok = outcome.status === 'verified';
    const result: AuditRecord = {
      ...record, time: new Date().toISOString(), outcome: ok ? 'verified' : outcome.status === 'failed' ? 'verification_failed' : 'error',
      actor: await deps.access.whoAmI(), verification: { ...outcome, reverified: true },
      message: ok ? `re-verified in ${(outcome.elapsedMs / 1000).toFixed(1)}s` : `re-verification ${outcome.status}: ${outcome.error ?? outcome.state?.checks.filter((c) => !c.ok).map((c) => c.detail).join('; ')}`,
    };
    for (const sink of deps.audit) await sink.write(result);
    const notify = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void notify(`Remediator: ${result.message}`);
    return result;
  },
};
