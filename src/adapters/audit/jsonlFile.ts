import * as fs from 'fs';
import * as path from 'path';
import type { AuditRecord } from '../../core/model/audit';
import type { AuditSink } from '../../core/ports';

/**
 * Append-only JSONL audit log. Each record is one write of one line followed by fsync, so a killed
 * process loses no completed record (a torn last line is skipped with a warning when read).
 */
export class JsonlAuditFile implements AuditSink {
  constructor(readonly file: string) {}

  write(record: AuditRecord): Promise<void> {
    return this.writeMany([record]);
  }

  /** Appends several records in one write and one fsync (a scan's "did nothing" decisions). */
  async writeMany(records: readonly AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const handle = await fs.promises.open(this.file, 'a', 0o600);
    try {
      await handle.write(records.map((r) => JSON.stringify(r) + '\n').join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export interface AuditReadResult {
  records: AuditRecord[];
  /** Lines that could not be read (1-based), e.g. a torn last line after a crash. */
  skipped: { line: number; reason: string }[];
}

export function readAuditFile(file: string): AuditReadResult {
  const result: AuditReadResult = { records: [], skipped: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw err;
  }
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const rec = JSON.parse(line) as AuditRecord;
      if (typeof rec.time !== 'string' || typeof rec.outcome !== 'string') throw new Error('not an audit record');
      result.records.push(rec);
    } catch (err) {
      result.skipped.push({ line: i + 1, reason: (err as Error).message });
    }
  });
  return result;
}
