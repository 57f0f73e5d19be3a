import * as vscode from 'vscode';
import { skippedLineText } from '../../../core/audit/jsonl';
import type { AuditRecord } from '../../../core/model/audit';
import { reverifyAndRecord, storedVerification } from '../../../core/pipeline/reverify';
import { notificationText } from '../notificationText';
import type { ClusterCommand } from './command';

/** Re-verifies an earlier executed remediation (the CLI's `verify --audit-id`) and appends the result. */
export const verify: ClusterCommand = {
  id: 'remediator.verify',
  async run(s, arg) {
    const { auditFile } = s.session.open();
    const log = s.session.readAudit(auditFile);
    for (const line of log.skipped) s.audit.note(skippedLineText(auditFile, line));
    const executed = log.records.filter((r) => storedVerification(r)).reverse();
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
    const deps = s.session.deps();
    const chosen = record;
    // As the CLI's verify: the record's verification metrics are sampled again against their recorded
    // baselines, and the result goes to every sink and the shared state (the circuit breaker counts it).
    const { record: result, warnings } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Remediator: verifying ${record.target.name}` },
      (progress) => reverifyAndRecord(chosen, { ...deps, onProgress: (text) => progress.report({ message: text }) }));
    for (const warning of warnings) s.audit.note(warning);
    const ok = result.outcome === 'verified';
    const notify = ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void notify(notificationText(result.message ?? result.outcome));
    return result;
  },
};
