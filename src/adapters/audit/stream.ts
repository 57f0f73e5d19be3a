import { auditLine } from '../../core/audit/record';
import type { AuditRecord } from '../../core/model/audit';
import type { AuditSink } from '../../core/ports';

/** Writes each record as one readable line (or JSON) to a text stream: the CLI's stdout, a log channel. */
export class LineAuditSink implements AuditSink {
  constructor(private readonly out: (text: string) => void, private readonly json = false) {}

  async write(record: AuditRecord): Promise<void> {
    this.out((this.json ? JSON.stringify(record) : auditLine(record)) + '\n');
  }
}
