// StateStore in a local JSONL file, for a user who turns it on explicitly (no cluster write access, a
// single operator). Other actors cannot see it, so cooldowns and rate limits only count this machine.
import fs from 'node:fs';
import path from 'node:path';
import type { AuditRecord } from '../../core/model/audit';
import { systemClock, type Clock, type StateStore } from '../../core/ports';
import { compactRecord, parseLines } from './records';

export interface FileStateStoreOptions {
  /** Records older than this are ignored when reading (default 24 h). */
  maxAgeMs?: number;
  clock?: Clock;
}

export class FileStateStore implements StateStore {
  private readonly clock: Clock;

  constructor(readonly file: string, private readonly options: FileStateStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async history(runbook: string): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const oldest = this.clock.now().getTime() - (this.options.maxAgeMs ?? 24 * 3600_000);
    return parseLines(text, `state file ${this.file}`).filter((r) => r.runbook === runbook && Date.parse(r.time) >= oldest);
  }

  /** One append of one line (O_APPEND keeps concurrent writers' lines whole), flushed to disk. */
  async record(entry: AuditRecord): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const handle = await fs.promises.open(this.file, 'a');
    try {
      await handle.appendFile(JSON.stringify(compactRecord(entry)) + '\n', 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
