// StateStore in a local JSONL file, for a user who turns it on explicitly (no cluster write access, a
// single operator). Other actors cannot see it, so cooldowns and rate limits only count this machine.
import { DEFAULT_RETENTION, isActionRecord } from '../../core/audit/retention';
import { appendJsonLines } from '../audit/jsonlFile';
import { FileTooLargeError, readFileBounded } from '../fs/readBounded';
import { MAX_STATE_BYTES, tooLargeMessage } from '../../core/k8s/dataText';
import type { AuditRecord } from '../../core/model/audit';
import { ClusterError, systemClock, type Clock, type StateStore } from '../../core/ports';
import { safeJsonLine } from '../../core/text/safe';
import { compactRecord, parseLines } from './records';

export interface FileStateStoreOptions {
  /** Records of decisions that did not act are ignored when older than this (default 24 h). */
  maxAgeMs?: number;
  /** Action records are read back this far (default 366 days: the longest cooldown is a year). */
  actedMaxAgeMs?: number;
  clock?: Clock;
  /** Where a skipped torn line is reported (the CLI's stderr, the editor's audit channel). */
  report?(text: string): void;
  /** Read limit (default 64 MiB, the CLI's input limit). */
  maxBytes?: number;
}

export class FileStateStore implements StateStore {
  private readonly clock: Clock;

  constructor(readonly file: string, private readonly options: FileStateStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async history(runbook: string): Promise<AuditRecord[]> {
    let text: string;
    try {
      // The same limit as every other input file: a huge or endless file (a FIFO, /dev/zero) costs no more.
      text = readFileBounded(this.file, this.options.maxBytes ?? MAX_STATE_BYTES);
    } catch (err) {
      if (err instanceof FileTooLargeError) throw new ClusterError(`state file ${this.file}: ${tooLargeMessage(err.limit, 'a local state file')}`, 'config');
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      throw new ClusterError(`state file ${this.file}: cannot read (${code ?? (err as Error).message})`, 'config');
    }
    // Cooldowns reach back up to a year: action records are read that far, other decisions for a day.
    const now = this.clock.now().getTime();
    const oldestOther = now - (this.options.maxAgeMs ?? DEFAULT_RETENTION.otherMaxAgeMs);
    const oldestAction = now - (this.options.actedMaxAgeMs ?? DEFAULT_RETENTION.actedMaxAgeMs);
    return parseLines(text, `state file ${this.file}`, this.options.report)
      .filter((r) => r.runbook === runbook && Date.parse(r.time) >= (isActionRecord(r) ? oldestAction : oldestOther));
  }

  /** One append of one line, flushed to disk, with the audit log's torn-line repair. */
  async record(entry: AuditRecord): Promise<void> {
    // Redacted and escaped like the audit log: the message may quote a server's words.
    await appendJsonLines(this.file, [safeJsonLine(compactRecord(entry))]);
  }
}
