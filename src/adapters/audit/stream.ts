import { auditLine } from '../../core/audit/record';
import type { AuditRecord } from '../../core/model/audit';
import type { AuditSink } from '../../core/ports';
import { safeJsonLine, safeLine } from '../../core/text/safe';

/**
 * Writes each record as one readable line (or JSON) to a text stream: the CLI's stdout, a log channel.
 * Names and messages in a record come from the cluster and from error texts: the line is redacted and
 * escaped, so it stays one line and carries no credential or terminal control.
 */
export class LineAuditSink implements AuditSink {
  constructor(private readonly out: (text: string) => void, private readonly json = false) {}

  async write(record: AuditRecord): Promise<void> {
    this.out((this.json ? safeJsonLine(record) : safeLine(auditLine(record))) + '\n');
  }
}
