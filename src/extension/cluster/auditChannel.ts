import * as vscode from 'vscode';
import { auditLine } from '../../core/audit/record';
import type { AuditRecord } from '../../core/model/audit';
import type { AuditSink } from '../../core/ports';
import { safeLine } from '../../core/text/safe';
import { safeChannel } from './safeChannel';

export const AUDIT_CHANNEL_NAME = 'Remediator Audit';

/**
 * "Remediator Audit": one readable line per decision, and free text for label changes and errors. Every
 * line is redacted and escaped: records and error texts carry cluster names and server messages.
 */
export class AuditChannel implements AuditSink, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  /** Every line written in this session (tests read it; the channel's content is not readable). */
  readonly lines: string[] = [];

  constructor() {
    this.channel = safeChannel(vscode.window.createOutputChannel(AUDIT_CHANNEL_NAME, { log: true }));
  }

  async write(record: AuditRecord): Promise<void> {
    const line = safeLine(auditLine(record));
    this.lines.push(line);
    if (record.outcome === 'error' || record.outcome === 'verification_failed') this.channel.error(line);
    else if (record.outcome === 'blocked' || record.outcome === 'rolled_back') this.channel.warn(line);
    else this.channel.info(line);
  }

  note(text: string): void {
    const line = safeLine(text);
    this.lines.push(line);
    this.channel.info(line);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
